import { FIELDS } from '../../../cards/forms.ts';
import type { Db } from '../../db/client.ts';
import { listUnits } from '../../db/queries/units.ts';
import type { Failure, Result } from '../../lib/result.ts';
import { fail, ok } from '../../lib/result.ts';

type Form = Record<string, unknown>;

const words = (value: unknown): string[] =>
  typeof value === 'string'
    ? value
        .split(/[、，,；;\s]+/)
        .map((w) => w.trim())
        .filter(Boolean)
    : [];

/**
 * A directory too big to list in a card (see cards/unit-fields.ts) lets the office type unit names
 * (full name or alias) instead of picking them. This turns those fields into the ids the pick-lists
 * send, so the forms are checked the same way; a name not in the directory, or an alias two units
 * share, is refused and nothing changes.
 */
export async function resolveUnitFields(
  db: Db,
  tenantKey: string,
  form: Form,
): Promise<Result<Form, Failure<'INVALID_INPUT'>>> {
  const named = [FIELDS.leadName, FIELDS.coNames, FIELDS.unitName].filter((f) => f in form);
  if (named.length === 0) return ok(form);
  const ids = new Map<string, Set<number>>();
  for (const unit of await listUnits(db, tenantKey)) {
    for (const name of [unit.name, ...unit.aliases]) ids.set(name, (ids.get(name) ?? new Set()).add(unit.id));
  }
  const unknown: string[] = [];
  const ambiguous: string[] = [];
  const idOf = (name: string): string | null => {
    const found = ids.get(name);
    if (!found) unknown.push(name);
    else if (found.size > 1) ambiguous.push(name);
    return found?.size === 1 ? String([...found][0]) : null;
  };
  const single = [FIELDS.leadName, FIELDS.unitName].filter((f) => words(form[f]).length > 1);
  if (single.length > 0) return fail('INVALID_INPUT', '牵头单位只能填写一个单位');
  const out: Form = { ...form };
  const [lead] = words(form[FIELDS.leadName]);
  if (lead) out[FIELDS.lead] = idOf(lead);
  if (FIELDS.coNames in form) out[FIELDS.co] = words(form[FIELDS.coNames]).map(idOf);
  const [unit] = words(form[FIELDS.unitName]);
  if (unit) out[FIELDS.unit] = idOf(unit);
  if (unknown.length > 0)
    return fail('INVALID_INPUT', `名录中没有“${unknown.join('、')}”，请填写单位全称或简称`);
  if (ambiguous.length > 0)
    return fail('INVALID_INPUT', `“${ambiguous.join('、')}”对应多个单位，请填写单位全称`);
  return ok(out);
}
