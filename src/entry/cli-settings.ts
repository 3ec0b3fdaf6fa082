/** `duban settings show|set`: the tenant's settings by dotted key, generic over the schema. */
import { userInfo } from 'node:os';
import type { Db } from '../db/client.ts';
import { describeKind, formatSetting, settingKeys, settingValue } from '../domain/settings-keys.ts';
import { changeTenantSettings, readTenantSettings } from '../services/tenant-settings.ts';
import type { Io } from './cli.ts';
import { resolveTenant } from './cli-export.ts';

export const SETTINGS_HELP = `usage: duban settings show [--tenant KEY]
       duban settings set KEY VALUE [--tenant KEY]
  KEY is dotted (followup.sendAt, deadlines.forwarded, bulletin.weekday); lists are comma-separated
  (followup.remindWorkdaysBefore 3,1), booleans true/false. A follow-up or publishedYears change replans
  the open items in the same transaction; deadline days apply to items issued afterwards.`;

const who = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
};

export async function runSettings(
  db: Db,
  io: Io,
  req: { verb: 'show' | 'set'; key?: string; value?: string; tenant: string | undefined; now: Date },
): Promise<number> {
  const tenant = await resolveTenant(db, req.tenant);
  if (!tenant.ok) {
    io.err(tenant.error.message);
    return 1;
  }
  if (req.verb === 'show') {
    const view = await readTenantSettings(db, tenant.value);
    if (!view) return 1;
    for (const k of settingKeys()) {
      const label = k.label ? `  # ${k.label}` : '';
      io.out(
        `${k.key} = ${formatSetting(settingValue(view.settings, k.key))}${label}  [${describeKind(k.kind)}]`,
      );
    }
    return 0;
  }
  const res = await changeTenantSettings(
    db,
    tenant.value,
    [{ key: req.key ?? '', value: req.value ?? '' }],
    who(),
    req.now,
  );
  if (!res.ok) {
    io.err(res.error.message);
    return res.error.code === 'invalid' ? 2 : 1;
  }
  const { changed, replanned, recomputed } = res.value;
  if (changed.length === 0) {
    io.out(`${req.key} unchanged`);
    return 0;
  }
  for (const c of changed) io.out(`${c.key}: ${formatSetting(c.from)} → ${formatSetting(c.to)}`);
  if (replanned > 0 || recomputed > 0)
    io.out(`replanned ${replanned} open item(s); ${recomputed} provisional deadline(s) recounted`);
  return 0;
}
