/**
 * The vendored holiday schedule. Read from a dated JSON snapshot rather than from chinese-days at runtime:
 * a package upgrade must not silently move deadlines, and the package falls back to plain weekday rules for
 * years it does not know (it cannot tell "no holiday" from "not published yet").
 */
import data from './cn-holidays.snapshot.json' with { type: 'json' };
import type { IsoDate } from './date.ts';

export type SnapshotDay = { workday: boolean; name: string };

type YearDays = { off: Record<string, string[]>; on: Record<string, string[]> };

export const SNAPSHOT_SOURCE: { source: string; generated: string; firstYear: number; lastYear: number } = {
  source: data.source,
  generated: data.generated,
  firstYear: data.first_year,
  lastYear: data.last_year,
};

function buildDays(): ReadonlyMap<IsoDate, SnapshotDay> {
  const days = new Map<IsoDate, SnapshotDay>();
  const years: Record<string, YearDays> = data.years;
  for (const [year, entry] of Object.entries(years)) {
    for (const [name, list] of Object.entries(entry.off)) {
      for (const md of list) days.set(`${year}-${md}`, { workday: false, name });
    }
    for (const [name, list] of Object.entries(entry.on)) {
      for (const md of list) days.set(`${year}-${md}`, { workday: true, name: `${name}调休上班` });
    }
  }
  return days;
}

export const SNAPSHOT_DAYS: ReadonlyMap<IsoDate, SnapshotDay> = buildDays();
