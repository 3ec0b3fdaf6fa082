/**
 * Reading and changing a tenant's settings (duban settings, the 设置 card). A change is checked whole
 * against the schema, recorded (who, which key, from, to), and applied in one transaction with what
 * it implies: follow-up rules and the calendar's published years replan every open item, and the
 * latter recounts provisional deadlines. Deadline days apply to items issued from then on.
 */
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db } from '../db/client.ts';
import type { Database } from '../db/database.ts';
import type { TenantSettings } from '../domain/settings.ts';
import { DEFAULT_TENANT_SETTINGS, TenantSettingsSchema } from '../domain/settings.ts';
import type { SettingChange } from '../domain/settings-keys.ts';
import { applySettings } from '../domain/settings-keys.ts';
import type { Send } from '../jobs/catalog.ts';
import type { Failure, Result } from '../lib/result.ts';
import { fail, ok } from '../lib/result.ts';
import { recountDeadlines } from './recount-deadlines.ts';

type Json = ColumnType<unknown, string | null, string | null>;
type SettingsChangesTable = {
  id: Generated<number>;
  tenant_key: string;
  key: string;
  old_value: Json;
  new_value: Json;
  changed_by: string;
  changed_at: ColumnType<Date, Date | undefined, never>;
};
const changesDb = (db: Db): Kysely<Database & { settings_changes: SettingsChangesTable }> =>
  db.withTables<{ settings_changes: SettingsChangesTable }>();

export type TenantSettingsView = {
  settings: TenantSettings;
  /** How many changes were recorded: the 设置 card's version, so a stale form is refused. */
  version: number;
};

export async function readTenantSettings(db: Db, tenantKey: string): Promise<TenantSettingsView | null> {
  const [tenant, count] = await Promise.all([
    db.selectFrom('tenants').select('settings').where('tenant_key', '=', tenantKey).executeTakeFirst(),
    changesDb(db)
      .selectFrom('settings_changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_key', '=', tenantKey)
      .executeTakeFirst(),
  ]);
  if (!tenant) return null;
  const parsed = TenantSettingsSchema.safeParse(tenant.settings);
  return { settings: parsed.success ? parsed.data : DEFAULT_TENANT_SETTINGS, version: Number(count?.n ?? 0) };
}

export type SettingsChanged = {
  changed: SettingChange[];
  settings: TenantSettings;
  version: number;
  /** Provisional deadlines that moved, and the messages telling the units (sent by the jobs process). */
  recomputed: number;
  replanned: number;
  sends: Send[];
};

export type SettingsFailure = Failure<'unknown_tenant' | 'invalid' | 'stale'>;

const REPLANS = (key: string): boolean => key.startsWith('followup.') || key === 'publishedYears';

/**
 * Applies `changes` as `actor` (an open_id, or `cli:<user>`). `expectedVersion` (the card's) refuses
 * a form shown before someone else's change.
 */
export async function changeTenantSettings(
  db: Db,
  tenantKey: string,
  changes: ReadonlyArray<{ key: string; value: string }>,
  actor: string,
  now: Date,
  expectedVersion?: number,
): Promise<Result<SettingsChanged, SettingsFailure>> {
  return db.transaction().execute(async (trx): Promise<Result<SettingsChanged, SettingsFailure>> => {
    const tenant = await trx
      .selectFrom('tenants')
      .select('settings')
      .where('tenant_key', '=', tenantKey)
      .forUpdate()
      .executeTakeFirst();
    if (!tenant)
      return fail('unknown_tenant', `没有租户 ${tenantKey}（请先导入名录）/ unknown tenant ${tenantKey}`);
    const current = await readTenantSettings(trx, tenantKey);
    const version = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== version)
      return fail('stale', '设置已被他人修改，请在最新的设置卡片上重新填写');
    const applied = applySettings(tenant.settings, changes);
    if (!applied.ok) return fail('invalid', applied.error);
    const { changed, settings } = applied.value;
    if (changed.length === 0)
      return ok({ changed, settings, version, recomputed: 0, replanned: 0, sends: [] });
    await trx
      .updateTable('tenants')
      .set({ settings: JSON.stringify(applied.value.stored), updated_at: now })
      .where('tenant_key', '=', tenantKey)
      .execute();
    await changesDb(trx)
      .insertInto('settings_changes')
      .values(
        changed.map((c) => ({
          tenant_key: tenantKey,
          key: c.key,
          old_value: c.from === undefined ? null : JSON.stringify(c.from),
          new_value: JSON.stringify(c.to),
          changed_by: actor,
          changed_at: now,
        })),
      )
      .execute();
    const reason = changed.some((c) => c.key === 'publishedYears')
      ? '督查室录入了全年节假日安排'
      : '督查室调整了提醒设置';
    const recount = changed.some((c) => REPLANS(c.key))
      ? await recountDeadlines(trx, tenantKey, reason, now)
      : { recomputed: 0, replanned: 0, sends: [] };
    return ok({ changed, settings, version: version + changed.length, ...recount });
  });
}
