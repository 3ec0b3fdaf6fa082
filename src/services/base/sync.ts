/**
 * The live 台账 in a Feishu Base (多维表格). syncChangedItems writes the items changed since their
 * last write (the outbox path, after every recorded change); resyncBase compares every item with
 * what the table holds and writes only the differences, so a second run writes nothing.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import {
  type BaseMapping,
  type BaseTarget,
  claimDirtyItems,
  listMappings,
  releaseItems,
  saveSynced,
  unclaimItems,
} from '../../db/queries/base-records.ts';
import { listPeriodItems } from '../../db/queries/period-items.ts';
import type { TenantContext } from '../../db/queries/tenants.ts';
import { beijingDate } from '../../domain/calendar/index.ts';
import type { LarkApi } from '../../lark/client.ts';
import type { SendFailure } from '../../lark/errors.ts';
import type { Logger } from '../../lib/logger.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { ledgerRow } from '../export-ledger.ts';
import type { LedgerRow } from '../ledger/columns.ts';
import {
  BASE_FIELD_NAMES,
  BASE_FIELDS,
  canonicalRecord,
  type FieldTypes,
  fieldsKey,
  fieldTypes,
  incompatibleFields,
  KEY_FIELD,
  recordFields,
} from './fields.ts';
import {
  NO_RETRY,
  type PlannedRecord,
  type RetryPolicy,
  type WriteContext,
  type WriteStats,
  writeRecords,
} from './write-records.ts';

export type SyncDeps = { db: Db; lark: Pick<LarkApi, 'base'>; logger: Logger };
export type SyncStats = WriteStats & { fieldsCreated: number; duplicates: number };

export type SyncOptions = {
  retry?: RetryPolicy;
  /** Items per claim (default 500). */
  batch?: number;
  pauseMs?: number;
  wait?: (ms: number) => Promise<void>;
  /** A claim older than this belongs to a process that died (default 5 min). */
  claimStaleMs?: number;
};

export const baseTarget = (ctx: TenantContext): BaseTarget | null => {
  const { appToken, tableId } = ctx.settings.base;
  return appToken && tableId ? { appToken, tableId } : null;
};

const emptyStats = (): SyncStats => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  adopted: 0,
  fieldsCreated: 0,
  duplicates: 0,
});

/** Creates the ledger's fields the table lacks; refuses a table whose same-named fields hold other types. */
async function ensureFields(
  deps: SyncDeps,
  target: BaseTarget,
  stats: SyncStats,
): Promise<Result<FieldTypes, SendFailure>> {
  const listed = await deps.lark.base.listFields(target);
  if (!listed.ok) return listed;
  const wrong = incompatibleFields(listed.value);
  if (wrong.length > 0) {
    return err({
      kind: 'permanent',
      message: `多维表格中以下字段的类型与台账不符，请改为文本或删除后重试：${wrong.join('、')}`,
    });
  }
  const fields = [...listed.value];
  const have = new Set(fields.map((f) => f.name));
  for (const spec of BASE_FIELDS) {
    if (have.has(spec.name)) continue;
    const { key: _, ...field } = spec;
    const created = await deps.lark.base.createField(target, field);
    if (!created.ok) return created;
    fields.push(created.value);
    stats.fieldsCreated += 1;
  }
  return ok(fieldTypes(fields));
}

type Prepared = { target: BaseTarget; types: FieldTypes; stats: SyncStats };

/** The tenant's table with the ledger's fields in place; null when the tenant has no Base set. */
async function prepare(deps: SyncDeps, ctx: TenantContext): Promise<Result<Prepared | null, SendFailure>> {
  const target = baseTarget(ctx);
  if (!target) return ok(null);
  const stats = emptyStats();
  const types = await ensureFields(deps, target, stats);
  return types.ok ? ok({ target, types: types.value, stats }) : types;
}

function writeContext(
  deps: SyncDeps,
  ctx: TenantContext,
  target: BaseTarget,
  opts: SyncOptions,
): WriteContext {
  const wait = opts.wait ?? ((ms: number) => sleep(ms).then(() => undefined));
  return {
    db: deps.db,
    api: deps.lark.base,
    tenantKey: ctx.tenantKey,
    target,
    retry: opts.retry ?? NO_RETRY,
    pauseMs: opts.pauseMs ?? 500,
    wait,
  };
}

const planned = (row: LedgerRow, types: FieldTypes, mapping: BaseMapping | undefined): PlannedRecord => {
  const fields = recordFields(row, types);
  return {
    itemId: row.facts.itemId,
    number: row.number,
    fields,
    key: fieldsKey(fields),
    recordId: mapping?.recordId ?? null,
    syncedKey: mapping?.syncedFields ?? null,
    createSent: mapping?.createSent ?? false,
  };
};

async function rowsOf(db: Db, ctx: TenantContext, ids: readonly number[], now: Date): Promise<LedgerRow[]> {
  const items = await listPeriodItems(db, ctx.tenantKey, { ids });
  return items.map((i) => ledgerRow(i, beijingDate(now), ctx.calendar, ctx.settings));
}

/**
 * Writes every item changed since its last write, claim by claim until none is left. On a failure
 * the unwritten items are given back dirty and the failure returned for the sender to retry.
 */
export async function syncChangedItems(
  deps: SyncDeps,
  ctx: TenantContext,
  now: Date,
  opts: SyncOptions = {},
): Promise<Result<SyncStats, SendFailure>> {
  const { tenantKey } = ctx;
  const ready = await prepare(deps, ctx);
  if (!ready.ok) return ready;
  if (!ready.value) return ok(emptyStats());
  const { target, types, stats } = ready.value;
  const write = writeContext(deps, ctx, target, opts);
  for (;;) {
    const claimed = await claimDirtyItems(
      deps.db,
      tenantKey,
      target,
      opts.batch ?? 500,
      opts.claimStaleMs ?? 300_000,
    );
    if (claimed.length === 0) return ok(stats);
    const byItem = new Map(claimed.map((m) => [m.itemId, m]));
    const rows = await rowsOf(deps.db, ctx, [...byItem.keys()], now);
    const plan = rows.map((r) => planned(r, types, byItem.get(r.facts.itemId)));
    const res = await writeRecords(write, plan, stats);
    const ids = [...byItem.keys()];
    if (!res.ok) {
      // Back to dirty, written or not: those written are found unchanged next time, at no cost.
      await releaseItems(deps.db, tenantKey, ids);
      return res;
    }
    // Drafts and unchanged items needed no write; a change made meanwhile left them dirty again.
    await unclaimItems(deps.db, tenantKey, ids);
  }
}

/**
 * Compares every issued item with the table and writes the differences: records deleted or edited
 * by hand are restored, a lost mapping is found again by 编号. Returns what it did.
 */
export async function resyncBase(
  deps: SyncDeps,
  ctx: TenantContext,
  now: Date,
  opts: SyncOptions = {},
): Promise<Result<SyncStats, SendFailure>> {
  const { tenantKey } = ctx;
  const ready = await prepare(deps, ctx);
  if (!ready.ok) return ready;
  if (!ready.value) {
    return err({ kind: 'not_configured', message: '该租户未设置多维表格（base.appToken 与 base.tableId）' });
  }
  const { target, types, stats } = ready.value;
  const table = await readTable(deps, target, types);
  if (!table.ok) return table;
  const { byId, byKey } = table.value;
  const [items, mappings] = await Promise.all([
    listPeriodItems(deps.db, tenantKey),
    listMappings(deps.db, tenantKey, target),
  ]);
  const taken = new Set<string>();
  const plan: PlannedRecord[] = [];
  for (const item of items) {
    const row = ledgerRow(item, beijingDate(now), ctx.calendar, ctx.settings);
    const mapped = mappings.get(item.id)?.recordId;
    const candidates = byKey.get(row.number) ?? [];
    if (candidates.length > 1) stats.duplicates += candidates.length - 1;
    const recordId = mapped && byId.has(mapped) ? mapped : (candidates.find((id) => !taken.has(id)) ?? null);
    if (recordId) taken.add(recordId);
    const p = planned(row, types, undefined);
    const current = recordId ? byId.get(recordId) : undefined;
    plan.push({ ...p, recordId, syncedKey: current ? fieldsKey(current) : null });
  }
  // What matches already is recorded as written: the live path then skips it too.
  const matching = plan.flatMap((p) =>
    p.recordId && p.key === p.syncedKey ? [{ itemId: p.itemId, recordId: p.recordId, fields: p.key }] : [],
  );
  await saveSynced(deps.db, tenantKey, target, matching);
  const res = await writeRecords(writeContext(deps, ctx, target, opts), plan, stats);
  return res.ok ? ok(stats) : res;
}

/** Every record of the table in canonical form, and 编号 → record ids. */
async function readTable(
  deps: SyncDeps,
  target: BaseTarget,
  types: FieldTypes,
): Promise<
  Result<{ byId: Map<string, ReturnType<typeof canonicalRecord>>; byKey: Map<string, string[]> }, SendFailure>
> {
  const byId = new Map<string, ReturnType<typeof canonicalRecord>>();
  const byKey = new Map<string, string[]>();
  let page: string | null = null;
  do {
    const res = await deps.lark.base.listRecords(target, BASE_FIELD_NAMES, page);
    if (!res.ok) return res;
    for (const r of res.value.records) {
      const fields = canonicalRecord(r.fields, types);
      byId.set(r.recordId, fields);
      const key = fields[KEY_FIELD];
      if (typeof key === 'string') byKey.set(key, [...(byKey.get(key) ?? []), r.recordId]);
    }
    page = res.value.next;
  } while (page);
  return ok({ byId, byKey });
}
