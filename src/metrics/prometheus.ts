import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Db } from '../db/client.ts';
import { readBacklog } from '../db/queries/backlog.ts';
import type { JobQueue } from '../jobs/queue.ts';
import type { Metrics } from './metrics.ts';

export type PrometheusMetrics = Metrics & {
  /** Where the gauges read at scrape time: the outbox and event backlog, and the queues. */
  watch(source: { db: Db; jobs: Pick<JobQueue, 'queues'> }): void;
};

/** Callbacks must answer within 3 s; the buckets resolve the range that matters (to 2.5 s, the fallback). */
const FAST = [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5];
/** Sending and processing can wait for a place under the rate limits. */
const SLOW = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];
/** Follow-up lateness: seconds to an hour (a step late by more is a problem whatever its size). */
const LATE = [1, 5, 15, 60, 300, 900, 3600];

const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'failed'] as const;
const SCRAPE_TIMEOUT_MS = 2_000;

const within = <T>(p: Promise<T>): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('timed out')), SCRAPE_TIMEOUT_MS).unref(),
    ),
  ]);

/** One registry per entrypoint, with Node's process metrics (RSS, heap, event-loop lag). */
export function createPrometheusMetrics(): PrometheusMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'duban_' });
  const registers = [registry];
  let source: { db: Db; jobs: Pick<JobQueue, 'queues'> } | null = null;

  const webhook = new Counter({
    name: 'duban_webhook_requests_total',
    help: 'Verified requests to /lark/events and /lark/cards by outcome',
    labelNames: ['outcome'],
    registers,
  });
  const refused = new Counter({
    name: 'duban_webhook_refused_total',
    help: 'Requests refused before anything was stored, by reason',
    labelNames: ['reason'],
    registers,
  });
  const callback = new Histogram({
    name: 'duban_card_callback_seconds',
    help: 'Time to answer a card callback',
    buckets: FAST,
    registers,
  });
  const processed = new Histogram({
    name: 'duban_event_processing_seconds',
    help: 'Time to process a stored event (handler and commit), by outcome',
    labelNames: ['outcome'],
    buckets: SLOW,
    registers,
  });
  const queued = new Histogram({
    name: 'duban_event_queued_seconds',
    help: 'Time from an event’s arrival to the start of its processing',
    buckets: SLOW,
    registers,
  });
  const send = new Histogram({
    name: 'duban_send_seconds',
    help: 'Time of one send attempt (claim, Feishu call, record), by outcome',
    labelNames: ['outcome'],
    buckets: SLOW,
    registers,
  });
  const limited = new Counter({
    name: 'duban_feishu_rate_limited_total',
    help: 'Rate-limit answers (429, 99991400, 230020…) from Feishu, by scope',
    labelNames: ['scope'],
    registers,
  });
  const fired = new Counter({
    name: 'duban_followup_steps_fired_total',
    help: 'Follow-up steps fired, by kind',
    labelNames: ['kind'],
    registers,
  });
  const late = new Histogram({
    name: 'duban_followup_lateness_seconds',
    help: 'How long after its planned time a follow-up step fired',
    labelNames: ['kind'],
    buckets: LATE,
    registers,
  });
  const sweeps = new Counter({
    name: 'duban_sweep_runs_total',
    help: 'Sweep passes, by result',
    labelNames: ['result'],
    registers,
  });
  const recreated = new Counter({
    name: 'duban_sweep_requeued_total',
    help: 'Jobs a sweep handed to the queue because Postgres said they were due, by kind',
    labelNames: ['kind'],
    registers,
  });
  const purged = new Counter({
    name: 'duban_retention_purged_rows_total',
    help: 'Rows deleted by the retention job, by table',
    labelNames: ['table'],
    registers,
  });

  new Gauge({
    name: 'duban_outbox_backlog',
    help: 'Messages not yet delivered, by status (Postgres unreachable: absent)',
    labelNames: ['status'],
    registers,
    async collect() {
      this.reset();
      oldest.reset();
      pendingEvents.reset();
      if (!source) return;
      // Postgres unreachable: the backlog is left out of this scrape rather than failing all of it.
      const backlog = await within(readBacklog(source.db)).catch(() => null);
      if (!backlog) return;
      for (const [status, n] of Object.entries(backlog.outbox)) this.set({ status }, n);
      oldest.set(backlog.oldestDueSeconds);
      pendingEvents.set(backlog.pendingEvents);
    },
  });
  // Set by the backlog gauge's collect, which reads all three in one round trip.
  const oldest = new Gauge({
    name: 'duban_outbox_oldest_due_seconds',
    help: 'Age of the oldest due message not yet delivered',
    registers,
  });
  const pendingEvents = new Gauge({
    name: 'duban_lark_events_pending',
    help: 'Stored events not yet processed',
    registers,
  });
  new Gauge({
    name: 'duban_queue_jobs',
    help: 'Jobs in the BullMQ queues, by queue and state (Redis unreachable: absent)',
    labelNames: ['queue', 'state'],
    registers,
    async collect() {
      this.reset();
      if (!source) return;
      for (const [name, queue] of source.jobs.queues) {
        const counts = await within(queue.getJobCounts(...JOB_STATES)).catch(() => null);
        if (!counts) continue;
        for (const state of JOB_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
      }
    },
  });

  return {
    watch(s) {
      source = s;
    },
    webhook: (outcome) => webhook.inc({ outcome }),
    refused: (reason) => refused.inc({ reason }),
    cardCallback: (seconds) => callback.observe(seconds),
    eventProcessed(outcome, seconds, queuedSeconds) {
      processed.observe({ outcome }, seconds);
      if (queuedSeconds !== undefined) queued.observe(Math.max(0, queuedSeconds));
    },
    sendAttempt: (outcome, seconds) => send.observe({ outcome }, seconds),
    feishuRateLimited: (scope) => limited.inc({ scope }),
    followupFired(kind, lateSeconds) {
      fired.inc({ kind });
      late.observe({ kind }, Math.max(0, lateSeconds));
    },
    sweep(result) {
      sweeps.inc({ result: result ? 'ok' : 'failed' });
      if (result) for (const [kind, n] of Object.entries(result)) recreated.inc({ kind }, n);
    },
    purged: (table, rows) => purged.inc({ table }, rows),
    scrape: async () => ({ contentType: registry.contentType, text: await registry.metrics() }),
  };
}
