/**
 * The sender's side of the live 台账: an outbox row of kind 'base_records' (queued by the
 * item_events trigger, one pending per tenant) becomes Base API calls here, outside any
 * transaction of the lifecycle, rate-limited and retried like every other outbox row.
 */
import type { OutboxRow } from '../../db/database.ts';
import { markOpenItemsDirty } from '../../db/queries/base-records.ts';
import { insertOutbox } from '../../db/queries/outbox.ts';
import { loadTenantContext } from '../../db/queries/tenants.ts';
import { addDays, beijingDate, beijingInstant } from '../../domain/calendar/index.ts';
import type { SendFailure } from '../../lark/errors.ts';
import { ok, type Result } from '../../lib/result.ts';
import { stableUuid } from '../outbox-message.ts';
import { baseTarget, type SyncDeps, type SyncOptions, syncChangedItems } from './sync.ts';

/** Must match the trigger in migrations/20261129140000_create_base_records.sql. */
export const BASE_MSG_TYPE = 'base_records';
/** When the daily refresh runs: 是否超期 and 预警 turn at midnight, not on an event. */
const REFRESH_AT = '00:10';

type Content = { refresh?: boolean };

function readContent(raw: string): Content {
  try {
    const parsed: unknown = JSON.parse(raw);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Content) : {};
  } catch {
    return {};
  }
}

/** Tomorrow's refresh row; its id is the tenant and the date, so it is queued once however often this runs. */
async function queueRefresh(deps: SyncDeps, tenantKey: string, now: Date): Promise<void> {
  const day = addDays(beijingDate(now), 1);
  await insertOutbox(deps.db, [
    {
      id: stableUuid(tenantKey, 'base-refresh', day),
      tenant_key: tenantKey,
      receive_id_type: 'chat_id',
      receive_id: `base:${tenantKey}`,
      msg_type: BASE_MSG_TYPE,
      content: JSON.stringify({ refresh: true }),
      purpose: 'base_refresh',
      not_before: beijingInstant(day, REFRESH_AT),
    },
  ]);
}

export async function deliverBaseSync(
  deps: SyncDeps,
  row: OutboxRow,
  now: Date,
  opts: SyncOptions = {},
): Promise<Result<{ messageId: string }, SendFailure>> {
  const ctx = await loadTenantContext(deps.db, row.tenant_key, deps.logger);
  // Base switched off since the row was queued: nothing to write, and no refresh to keep going.
  if (!baseTarget(ctx)) return ok({ messageId: 'base:off' });
  if (readContent(row.content).refresh) await markOpenItemsDirty(deps.db, row.tenant_key);
  const res = await syncChangedItems(deps, ctx, now, opts);
  if (!res.ok) return res;
  await queueRefresh(deps, row.tenant_key, now);
  const { created, updated, unchanged, adopted, fieldsCreated } = res.value;
  deps.logger.info(
    { tenantKey: row.tenant_key, created, updated, unchanged, adopted, fieldsCreated },
    'base ledger synced',
  );
  return ok({ messageId: `base:${created}+${updated}` });
}
