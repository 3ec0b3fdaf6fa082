import { readFile } from 'node:fs/promises';
import type { Db } from '../db/client.ts';
import { tenantExists } from '../db/queries/tenants.ts';
import { beijingDate, createCalendar, parseDate } from '../domain/calendar/index.ts';
import { parseDirectoryFile } from '../domain/directory.ts';
import { readInstruction } from '../domain/instruction/index.ts';
import { changeCalendarOverride, listCalendarOverrides } from '../services/calendar-overrides.ts';
import type { OptionValue } from './cli.ts';

export type Io = { out: (line: string) => void; err: (line: string) => void };

/** `duban parse "TEXT" [--issued YYYY-MM-DD] [--directory FILE]`: pure, touches no database. */
export async function runParse(
  text: string,
  values: { issued?: OptionValue; directory?: OptionValue },
  io: Io,
  now: Date,
): Promise<number> {
  const issued = parseDate(typeof values.issued === 'string' ? values.issued : beijingDate(now));
  if (!issued.ok) {
    io.err(`--issued: ${issued.error.message}`);
    return 2;
  }
  let units: Array<{ name: string; aliases: string[] }> = [];
  if (typeof values.directory === 'string') {
    let raw: string;
    try {
      raw = await readFile(values.directory, 'utf8');
    } catch (e) {
      io.err(`cannot read ${values.directory}: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
    // Only the unit names are read: people listed by mobile need no look-up here.
    const dir = parseDirectoryFile(raw);
    if (!dir.ok) {
      io.err(`${values.directory}: ${dir.error.join('; ')}`);
      return 1;
    }
    units = dir.value.units.map((u) => ({ name: u.name, aliases: [...new Set(u.aliases)] }));
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

export const CALENDAR_HELP = `usage: duban calendar list --tenant KEY
       duban calendar holiday DATE --tenant KEY [--note TEXT]   a day off that the national calendar counts as working
       duban calendar workday DATE --tenant KEY [--note TEXT]   a working day that the national calendar counts as off
       duban calendar remove DATE --tenant KEY
  a change recounts the provisional deadlines and replans the reminders of open items`;

export type CalendarRequest = {
  verb: string;
  date: string | undefined;
  tenant: string;
  note: string | undefined;
  now: Date;
};

/** `duban calendar …`: the tenant's overrides; changing one recounts provisional deadlines. */
export async function runCalendar(db: Db, io: Io, req: CalendarRequest): Promise<number> {
  if (req.verb === 'list' || !req.date) {
    if (!(await tenantExists(db, req.tenant))) {
      io.err(`没有租户 ${req.tenant}（请先导入名录）/ unknown tenant ${req.tenant}`);
      return 1;
    }
    for (const o of await listCalendarOverrides(db, req.tenant))
      io.out(`${o.date}\t${o.kind}\t${o.note ?? ''}`);
    return 0;
  }
  const kind = req.verb === 'holiday' ? 'holiday' : req.verb === 'workday' ? 'workday' : null;
  const res = await changeCalendarOverride(
    db,
    req.tenant,
    {
      date: req.date,
      kind,
      ...(req.note ? { note: req.note } : {}),
    },
    req.now,
  );
  if (!res.ok) {
    io.err(res.error.message);
    return 1;
  }
  io.out(`${req.verb} ${req.date}: done; ${res.value.recomputed} provisional deadline(s) recomputed`);
  return 0;
}
