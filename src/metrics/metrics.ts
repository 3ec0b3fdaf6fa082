/**
 * What the bot counts for operators, as one-line calls from where things happen. The Node entry
 * records into Prometheus (`prometheus.ts`, served at GET /metrics); the Workers entry has nowhere
 * to keep counters between requests and records nothing.
 */

import { parseStepKey } from '../domain/followup/steps.ts';
import type { SendOutcome } from '../services/send-outbox.ts';

/** What became of a request to /lark/events or /lark/cards that passed the checks. */
export type WebhookOutcome = 'queued' | 'stored' | 'duplicate' | 'ignored' | 'challenge' | 'card';

export type EventOutcome = 'done' | 'ignored' | 'skipped' | 'error';

/** A send attempt: delivered, parked as failed, nothing to do, or to be retried (429 or an error). */
export type SendAttemptOutcome = 'sent' | 'failed' | 'skipped' | 'busy' | 'rate_limited' | 'retry';

export type SweepCounts = { events: number; messages: number; followups: number; digests: number };

export type Metrics = {
  webhook(outcome: WebhookOutcome): void;
  /** A request refused before anything was stored: bad signature, stale timestamp, too large… */
  refused(reason: string): void;
  /** Time to answer a card callback (Feishu gives up after 3 s). */
  cardCallback(seconds: number): void;
  /** `queuedSeconds`: from the event's arrival to the start of its processing. */
  eventProcessed(outcome: EventOutcome, seconds: number, queuedSeconds?: number): void;
  sendAttempt(outcome: SendAttemptOutcome, seconds: number): void;
  /** A 429 (or a Feishu rate-limit code) from Feishu itself, by the scope it holds. */
  feishuRateLimited(scope: 'app' | 'receiver'): void;
  followupFired(stepKind: string, lateSeconds: number): void;
  /** One sweep pass and the jobs it re-created; null when the pass failed. */
  sweep(result: SweepCounts | null): void;
  purged(table: string, rows: number): void;
  /** The Prometheus text exposition of everything recorded; null where nothing is kept. */
  scrape(): Promise<{ contentType: string; text: string } | null>;
};

const nothing = (): void => {};

export const noMetrics: Metrics = {
  webhook: nothing,
  refused: nothing,
  cardCallback: nothing,
  eventProcessed: nothing,
  sendAttempt: nothing,
  feishuRateLimited: nothing,
  followupFired: nothing,
  sweep: nothing,
  purged: nothing,
  scrape: async () => null,
};

export function sendOutcomeLabel(outcome: SendOutcome): SendAttemptOutcome {
  if (outcome.kind !== 'retry') return outcome.kind;
  return outcome.failure.kind === 'rate_limited' ? 'rate_limited' : 'retry';
}

/** 'remind-3@2026-10-08' → its kind, so the label set stays small. */
export const stepKindOf = (stepKey: string): string => parseStepKey(stepKey)?.kind ?? 'unknown';

/** How late a step fired against its plan, on the engine's clock. */
export const lateSeconds = (fired: { plannedAt: Date }, clock: { now(): Date }): number =>
  (clock.now().getTime() - fired.plannedAt.getTime()) / 1000;

/** Seconds since `startMs` (a performance.now() reading). */
export const secondsSince = (startMs: number): number => (performance.now() - startMs) / 1000;
