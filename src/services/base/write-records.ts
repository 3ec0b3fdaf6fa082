/**
 * Writes planned ledger rows to the Base table: creates the missing records, updates the changed
 * ones, and never creates a record twice. Before a create is sent it is noted (create_sent_at);
 * when its answer is lost (a timeout, a 5xx after the write) the next attempt first looks the
 * items up by 编号 and adopts the records it finds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../db/client.ts';
import { type BaseTarget, forgetRecords, markCreateSent, saveSynced } from '../../db/queries/base-records.ts';
import { type BaseApi, type BaseFields, RECORD_NOT_FOUND } from '../../lark/base.ts';
import type { SendFailure } from '../../lark/errors.ts';
import { err, ok, type Result } from '../../lib/result.ts';
import { KEY_FIELD } from './fields.ts';

export type PlannedRecord = {
  itemId: number;
  number: string;
  fields: BaseFields;
  /** fieldsKey(fields). */
  key: string;
  recordId: string | null;
  /** The key last written to recordId (null: unknown, write it). */
  syncedKey: string | null;
  /** A create for this item may have landed without an answer. */
  createSent: boolean;
};

export type WriteStats = { created: number; updated: number; unchanged: number; adopted: number };

/** In-process retries (the CLI); the outbox path uses one attempt and lets the sender retry. */
export type RetryPolicy = { attempts: number; wait: (ms: number) => Promise<void> };
export const NO_RETRY: RetryPolicy = { attempts: 1, wait: async () => {} };
export const CLI_RETRY: RetryPolicy = { attempts: 8, wait: (ms) => sleep(ms).then(() => undefined) };

export type WriteContext = {
  db: Db;
  api: BaseApi;
  tenantKey: string;
  target: BaseTarget;
  retry: RetryPolicy;
  /** Between write calls: Base reports write conflicts on a table written back to back. */
  pauseMs: number;
  wait: (ms: number) => Promise<void>;
};

/** Base takes at most 500 records per call here (its limit is 1,000; smaller calls fail less). */
export const CHUNK = 500;

const chunks = <T>(list: readonly T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** How long to wait before the next attempt, or null when the failure will not pass by waiting. */
function backoff(failure: SendFailure, attempt: number): number | null {
  if (failure.kind === 'rate_limited') return failure.retryAfterMs;
  if (failure.kind === 'retryable') return Math.min(30_000, 500 * 2 ** (attempt - 1));
  return null;
}

/** 编号 → the records holding it, over the whole table. */
export async function recordsByKey(
  api: BaseApi,
  target: BaseTarget,
): Promise<Result<Map<string, string[]>, SendFailure>> {
  const byKey = new Map<string, string[]>();
  let page: string | null = null;
  do {
    const res = await api.listRecords(target, [KEY_FIELD], page);
    if (!res.ok) return res;
    for (const r of res.value.records) {
      const raw = r.fields[KEY_FIELD];
      const key = Array.isArray(raw)
        ? raw
            .map((s) => (typeof s === 'object' && s !== null && 'text' in s ? String(s.text) : String(s)))
            .join('')
        : typeof raw === 'string'
          ? raw
          : '';
      if (key) byKey.set(key, [...(byKey.get(key) ?? []), r.recordId]);
    }
    page = res.value.next;
  } while (page);
  return ok(byKey);
}

/** Gives the items whose create may have landed the record found under their 编号 (then rewritten). */
async function adopt(
  ctx: WriteContext,
  items: PlannedRecord[],
  stats: WriteStats,
): Promise<Result<null, SendFailure>> {
  const lost = items.filter((p) => p.recordId === null && p.createSent);
  if (lost.length === 0) return ok(null);
  const found = await recordsByKey(ctx.api, ctx.target);
  if (!found.ok) return found;
  for (const p of lost) {
    const recordId = found.value.get(p.number)?.[0];
    if (recordId) {
      p.recordId = recordId;
      p.syncedKey = null;
      stats.adopted += 1;
    }
  }
  return ok(null);
}

async function createChunk(
  ctx: WriteContext,
  chunk: PlannedRecord[],
  stats: WriteStats,
): Promise<Result<null, SendFailure>> {
  let pending = chunk;
  for (let attempt = 1; ; attempt++) {
    const adopted = await adopt(ctx, pending, stats);
    if (!adopted.ok) return adopted;
    const toUpdate = pending.filter((p) => p.recordId !== null);
    if (toUpdate.length > 0) {
      const updated = await updateChunk(ctx, toUpdate, stats);
      if (!updated.ok) return updated;
    }
    pending = pending.filter((p) => p.recordId === null);
    if (pending.length === 0) return ok(null);
    await markCreateSent(
      ctx.db,
      ctx.tenantKey,
      pending.map((p) => p.itemId),
    );
    for (const p of pending) p.createSent = true;
    const res = await ctx.api.createRecords(
      ctx.target,
      pending.map((p) => p.fields),
    );
    if (res.ok) {
      const synced = pending.map((p, i) => ({
        itemId: p.itemId,
        recordId: res.value[i] ?? '',
        fields: p.key,
      }));
      await saveSynced(ctx.db, ctx.tenantKey, ctx.target, synced);
      stats.created += pending.length;
      return ok(null);
    }
    const wait = backoff(res.error, attempt);
    if (wait === null || attempt >= ctx.retry.attempts) return err(res.error);
    await ctx.retry.wait(wait);
  }
}

/** Records deleted in the table by hand are forgotten and their items created afresh. */
async function recreateGone(
  ctx: WriteContext,
  chunk: PlannedRecord[],
  stats: WriteStats,
  failure: SendFailure,
): Promise<Result<null, SendFailure>> {
  const present = await recordsByKey(ctx.api, ctx.target);
  if (!present.ok) return present;
  const ids = new Set([...present.value.values()].flat());
  const gone = chunk.filter((p) => p.recordId !== null && !ids.has(p.recordId));
  if (gone.length === 0) return err(failure);
  await forgetRecords(
    ctx.db,
    ctx.tenantKey,
    gone.flatMap((p) => (p.recordId ? [p.recordId] : [])),
  );
  for (const p of gone) {
    p.recordId = null;
    p.syncedKey = null;
    p.createSent = false;
  }
  const still = chunk.filter((p) => p.recordId !== null);
  if (still.length > 0) {
    const updated = await updateChunk(ctx, still, stats);
    if (!updated.ok) return updated;
  }
  return createChunk(ctx, gone, stats);
}

async function updateChunk(
  ctx: WriteContext,
  chunk: PlannedRecord[],
  stats: WriteStats,
): Promise<Result<null, SendFailure>> {
  const records = chunk.flatMap((p) => (p.recordId ? [{ recordId: p.recordId, fields: p.fields }] : []));
  for (let attempt = 1; ; attempt++) {
    const res = await ctx.api.updateRecords(ctx.target, records);
    if (!res.ok && res.error.code === RECORD_NOT_FOUND) return recreateGone(ctx, chunk, stats, res.error);
    if (res.ok) {
      const synced = chunk.flatMap((p) =>
        p.recordId ? [{ itemId: p.itemId, recordId: p.recordId, fields: p.key }] : [],
      );
      await saveSynced(ctx.db, ctx.tenantKey, ctx.target, synced);
      stats.updated += records.length;
      return ok(null);
    }
    const wait = backoff(res.error, attempt);
    if (wait === null || attempt >= ctx.retry.attempts) return err(res.error);
    await ctx.retry.wait(wait);
  }
}

/**
 * Creates and updates what `plan` needs; unchanged items cost nothing. Returns the first failure
 * that retrying (per ctx.retry) did not cure; what was written before it stays recorded.
 */
export async function writeRecords(
  ctx: WriteContext,
  plan: PlannedRecord[],
  stats: WriteStats,
): Promise<Result<null, SendFailure>> {
  const adopted = await adopt(ctx, plan, stats);
  if (!adopted.ok) return adopted;
  const creates = plan.filter((p) => p.recordId === null);
  const updates = plan.filter((p) => p.recordId !== null && p.key !== p.syncedKey);
  stats.unchanged += plan.length - creates.length - updates.length;
  const calls: (() => Promise<Result<null, SendFailure>>)[] = [
    ...chunks(updates).map((c) => () => updateChunk(ctx, c, stats)),
    ...chunks(creates).map((c) => () => createChunk(ctx, c, stats)),
  ];
  for (const [i, call] of calls.entries()) {
    if (i > 0 && ctx.pauseMs > 0) await ctx.wait(ctx.pauseMs);
    const res = await call();
    if (!res.ok) return res;
  }
  return ok(null);
}
