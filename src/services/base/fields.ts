/**
 * The 台账 columns as Base fields: their types, the value each ledger row writes, and what a read
 * record holds in the same canonical form, so "nothing changed" can be told without writing.
 * Select fields let leaders filter and chart by unit, state and colour in the Base itself.
 */
import { beijingDate, beijingInstant } from '../../domain/calendar/index.ts';
import {
  type BaseCell,
  type BaseField,
  type BaseFieldSpec,
  type BaseFields,
  FIELD_TYPES,
} from '../../lark/base.ts';
import { LEDGER_COLUMNS, type LedgerColumnKey, type LedgerRow } from '../ledger/columns.ts';

/** The record key: 督〔YYYY〕N号 is unique within a tenant. */
export const KEY_FIELD = '编号';

const SELECT: Partial<Record<LedgerColumnKey, true>> = {
  source: true,
  leadUnit: true,
  state: true,
  overdue: true,
  colour: true,
};

function typeOf(key: LedgerColumnKey): number {
  if (key === 'coUnits') return FIELD_TYPES.multiSelect;
  if (SELECT[key]) return FIELD_TYPES.singleSelect;
  const column = LEDGER_COLUMNS.find((c) => c.key === key);
  return column?.date ? FIELD_TYPES.date : FIELD_TYPES.text;
}

export const BASE_FIELDS: readonly (BaseFieldSpec & { key: LedgerColumnKey })[] = LEDGER_COLUMNS.map((c) => {
  const type = typeOf(c.key);
  return {
    key: c.key,
    name: c.header,
    type,
    ...(type === FIELD_TYPES.date ? { property: { date_formatter: 'yyyy/MM/dd' } } : {}),
    ...(c.key === 'colour'
      ? { property: { options: [{ name: '红' }, { name: '黄' }, { name: '绿' }] } }
      : {}),
  };
});

export const BASE_FIELD_NAMES: readonly string[] = BASE_FIELDS.map((f) => f.name);

/** Field name → the type the table actually has (a column the office made text stays text). */
export type FieldTypes = ReadonlyMap<string, number>;

export const fieldTypes = (fields: readonly BaseField[]): FieldTypes =>
  new Map(fields.map((f) => [f.name, f.type]));

/** Dates are shown in the reader's zone; Beijing midnight shows the right day in Beijing. */
const epochOf = (date: string): number => beijingInstant(date, '00:00').getTime();

/** What `row` writes, shaped for the field types the table has. */
export function recordFields(row: LedgerRow, types: FieldTypes): BaseFields {
  const out: BaseFields = {};
  for (const field of BASE_FIELDS) {
    const value = row[field.key];
    const type = types.get(field.name) ?? field.type;
    if (value === null || value === '') {
      out[field.name] = null;
    } else if (type === FIELD_TYPES.date) {
      out[field.name] = epochOf(value);
    } else if (type === FIELD_TYPES.multiSelect) {
      out[field.name] = value.split('、').filter((v) => v !== '');
    } else {
      out[field.name] = value;
    }
  }
  return out;
}

/**
 * A read cell in the form recordFields writes: text segments joined, empty as null, a date as
 * the Beijing midnight of its day.
 */
function canonicalCell(value: unknown, type: number): BaseCell {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    if (value.every((v) => typeof v === 'string'))
      return type === FIELD_TYPES.multiSelect ? value : value.join('');
    const text = value
      .map((v) => (typeof v === 'object' && v !== null && 'text' in v ? String(v.text) : ''))
      .join('');
    return text === '' ? null : text;
  }
  if (typeof value === 'number' && type === FIELD_TYPES.date) return epochOf(beijingDate(new Date(value)));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

export function canonicalRecord(fields: Record<string, unknown>, types: FieldTypes): BaseFields {
  const out: BaseFields = {};
  for (const field of BASE_FIELDS) {
    out[field.name] = canonicalCell(fields[field.name], types.get(field.name) ?? field.type);
  }
  return out;
}

/** Stable text of what is written: the key of "unchanged". */
export const fieldsKey = (fields: BaseFields): string =>
  JSON.stringify(BASE_FIELD_NAMES.map((name) => fields[name] ?? null));

/** Field types the ledger can write into: its own, or text (everything can be written as text). */
export function incompatibleFields(fields: readonly BaseField[]): string[] {
  const types = fieldTypes(fields);
  return BASE_FIELDS.flatMap((f) => {
    const type = types.get(f.name);
    return type === undefined || type === f.type || type === FIELD_TYPES.text ? [] : [f.name];
  });
}
