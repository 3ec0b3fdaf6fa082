import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Db } from '../db/client.ts';
import { beijingDate, createCalendar, parseDate } from '../domain/calendar/index.ts';
import { parseDirectory } from '../domain/directory.ts';
import { readInstruction } from '../domain/instruction/index.ts';
import { changeCalendarOverride, listCalendarOverrides } from '../services/calendar-overrides.ts';

export type Io = { out: (line: string) => void; err: (line: string) => void };

/** `duban parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]`: pure, touches no database. */
export async function runParse(args: string[], io: Io, now: Date): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { issued: { type: 'string' }, directory: { type: 'string' } },
  });
  const text = positionals.join(' ').trim();
  if (!text) {
    io.err('usage: duban parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]');
    return 2;
  }
  const issued = parseDate(values.issued ?? beijingDate(now));
  if (!issued.ok) {
    io.err(`--issued: ${issued.error.message}`);
    return 2;
  }
  let units: Array<{ name: string; aliases: string[] }> = [];
  if (values.directory) {
    const dir = parseDirectory(await readFile(values.directory, 'utf8'));
    if (!dir.ok) {
      io.err(`${values.directory}: ${dir.error.join('; ')}`);
      return 1;
    }
    units = dir.value.units.map((u) => ({ name: u.name, aliases: u.aliases }));
  } else {
    io.err('note: no --directory given, so no unit can be recognised');
  }
  const r = readInstruction(text, { directory: { units }, issued: issued.value, calendar: createCalendar() });
  io.out(
    JSON.stringify({
      title: r.title,
      lead: r.lead,
      co: r.co,
      deadline: r.deadline,
      deadline_basis: r.deadline_basis,
      source: r.source,
    }),
  );
  return 0;
}

const CALENDAR_USAGE = `usage: duban calendar list --tenant KEY
       duban calendar holiday DATE --tenant KEY [--note TEXT]   a day off that the national calendar counts as working
       duban calendar workday DATE --tenant KEY [--note TEXT]   a working day that the national calendar counts as off
       duban calendar remove DATE --tenant KEY`;

/** `duban calendar …`: the tenant's overrides; changing one recounts provisional deadlines. */
export async function runCalendar(args: string[], db: Db, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, note: { type: 'string' } },
  });
  const [verb, date] = positionals;
  const tenant = values.tenant;
  if (!tenant || !verb || (verb !== 'list' && !date)) {
    io.err(CALENDAR_USAGE);
    return 2;
  }
  if (verb === 'list') {
    for (const o of await listCalendarOverrides(db, tenant)) io.out(`${o.date}\t${o.kind}\t${o.note ?? ''}`);
    return 0;
  }
  const kind =
    verb === 'holiday' ? 'holiday' : verb === 'workday' ? 'workday' : verb === 'remove' ? null : undefined;
  if (kind === undefined || !date) {
    io.err(CALENDAR_USAGE);
    return 2;
  }
  const res = await changeCalendarOverride(db, tenant, {
    date,
    kind,
    ...(values.note ? { note: values.note } : {}),
  });
  if (!res.ok) {
    io.err(res.error.message);
    return 1;
  }
  io.out(`${verb} ${date}: done; ${res.value.recomputed} provisional deadline(s) recomputed`);
  return 0;
}
