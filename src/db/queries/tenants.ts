import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Calendar } from '../../domain/calendar/index.ts';
import { createCalendar } from '../../domain/calendar/index.ts';
import type { TenantSettings } from '../../domain/settings.ts';
import { DEFAULT_TENANT_SETTINGS, TenantSettingsSchema } from '../../domain/settings.ts';
import type { Logger } from '../../lib/logger.ts';
import type { Db } from '../client.ts';

export type TenantContext = {
  tenantKey: string;
  settings: TenantSettings;
  calendar: Calendar;
  groups: { supervision: string | null; leaders: string | null };
};

/** The tenant's rules, calendar (national snapshot + its overrides) and groups. */
export async function loadTenantContext(db: Db, tenantKey: string, logger?: Logger): Promise<TenantContext> {
  // One statement: this runs for every click and refresh, and each round trip costs more than the rows.
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('tenants').select('settings').where('tenant_key', '=', tenantKey).as('settings'),
      jsonArrayFrom(
        eb
          .selectFrom('calendar_overrides')
          .select(['date', 'kind', 'note'])
          .where('tenant_key', '=', tenantKey),
      ).as('overrides'),
      jsonArrayFrom(
        eb.selectFrom('groups').select(['kind', 'chat_id']).where('tenant_key', '=', tenantKey),
      ).as('groups'),
    ])
    .executeTakeFirstOrThrow();
  const { overrides, groups } = row;
  const parsed = TenantSettingsSchema.safeParse(row.settings ?? {});
  if (!parsed.success)
    logger?.error({ tenantKey, err: parsed.error.message }, 'tenant settings invalid; using defaults');
  const settings = parsed.success ? parsed.data : DEFAULT_TENANT_SETTINGS;
  return {
    tenantKey,
    settings,
    calendar: createCalendar(overrides, { publishedYears: settings.publishedYears }),
    groups: {
      supervision: groups.find((g) => g.kind === 'supervision')?.chat_id ?? null,
      leaders: groups.find((g) => g.kind === 'leaders')?.chat_id ?? null,
    },
  };
}

export async function tenantExists(db: Db, tenantKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('tenants')
    .select('tenant_key')
    .where('tenant_key', '=', tenantKey)
    .executeTakeFirst();
  return row !== undefined;
}
