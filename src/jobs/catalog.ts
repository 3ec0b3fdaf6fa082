import { z } from 'zod';

/**
 * Every job the engine runs: name → payload schema → queue → retry policy. Payloads carry ids only
 * (job data sits in Redis in clear text; the record is Postgres). New payload fields must be
 * optional: queued jobs outlive deploys.
 */
export const jobCatalog = {
  'process-event': {
    queue: 'events',
    schema: z.object({ eventRowId: z.number().int().positive() }),
    attempts: 5,
    backoffMs: 1_000,
  },
  'send-message': {
    queue: 'send',
    schema: z.object({ outboxId: z.uuid() }),
    attempts: 6,
    backoffMs: 2_000,
  },
  /** Fires an item's next follow-up step; `step` absent means "whatever the item says is due". */
  followup: {
    queue: 'followup',
    schema: z.object({ itemId: z.number().int().positive(), step: z.string().max(64).optional() }),
    attempts: 5,
    backoffMs: 2_000,
  },
  /** Sends a tenant's pending digest entries as one card per recipient (减负). */
  'followup-digest': {
    queue: 'followup',
    schema: z.object({ tenantKey: z.string().min(1).max(100) }),
    attempts: 5,
    backoffMs: 2_000,
  },
  /** Redraws an item's cards after changes (a refresh marker, services/lifecycle/refresh-cards.ts). */
  'refresh-cards': {
    queue: 'cards',
    schema: z.object({ tenantKey: z.string().min(1).max(100), itemId: z.number().int().positive() }),
    attempts: 5,
    backoffMs: 1_000,
  },
  /** Daily (job scheduler): deletes received events and delivered messages past retention. */
  retention: {
    queue: 'maintenance',
    schema: z.object({}),
    attempts: 3,
    backoffMs: 60_000,
  },
} as const;

/**
 * Send priorities. A card redrawn in place is the least urgent message: when the app's 50 calls a
 * second are taken, new notices, reminders and replies go out first and redraws take what is left.
 */
export const SEND_PRIORITY = { redraw: 10 } as const;

/** An outbox row to queue: a card update (`patchOf` set) is a redraw. */
export type Send = { id: string; patchOf: string | null };

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.infer<(typeof jobCatalog)[N]['schema']>;
export type QueueName = (typeof jobCatalog)[JobName]['queue'];
export const QUEUE_NAMES: readonly QueueName[] = [...new Set(Object.values(jobCatalog).map((j) => j.queue))];

/** A job id is the idempotency key: business keys joined with '-' (BullMQ forbids ':' and all-digit ids). */
export const jobIds = {
  processEvent: (eventRowId: number) => `evt-${eventRowId}`,
  sendMessage: (outboxId: string) => `out-${outboxId}`,
  /** A held card update released after its callback answered late (a sweep may hold a delayed twin). */
  sendReleased: (outboxId: string) => `out-${outboxId}-released`,
  /** One job per item, step and moment: a step moved to a later slot gets a job of its own. */
  followup: (itemId: number, step: string | undefined, at: Date) =>
    `fu-${itemId}-${step ?? 'next'}-${Math.floor(at.getTime() / 1000)}`,
  /**
   * One refresh per item and second: a burst of changes to one item collapses into one job. Each
   * item's second starts at its own offset, so busy items' refreshes spread over the second instead
   * of all falling due together after each wall-clock second begins.
   */
  refreshCards: (itemId: number, at: Date) =>
    `rc-${itemId}-${Math.floor((at.getTime() + ((itemId * 397) % 1000)) / 1000)}`,
  /** One digest run per tenant and gathering window. */
  digest: (tenantKey: string, runAt: Date) =>
    `dg-${tenantKey.replace(/[^A-Za-z0-9_]/g, '_')}-${runAt.getTime()}`,
};

/** The send job of an outbox row, its priority decided here for every producer and the sweep. */
export const sendJob = (s: Send) => ({
  jobId: jobIds.sendMessage(s.id),
  ...(s.patchOf ? { priority: SEND_PRIORITY.redraw } : {}),
});
