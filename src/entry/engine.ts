import type { SendLimits, WorkerOptions, Workers } from '../jobs/workers.ts';
import { startWorkers } from '../jobs/workers.ts';
import { runClockedCards } from '../services/clocked-cards.ts';
import type { FollowupSweepOptions } from '../services/followup/sweep.ts';
import { sweep } from '../services/sweep.ts';
import type { Runtime } from './runtime.ts';

export const SWEEP_INTERVAL_MS = 60_000;
/** Redis often flaps while it comes back: one sweep for a burst of reconnections. */
const RECONNECT_SWEEP_DEBOUNCE_MS = 500;

export type Engine = { close(): Promise<void> };

export type EngineOptions = WorkerOptions & {
  sweepIntervalMs?: number;
  reconnectDebounceMs?: number;
  limits?: SendLimits;
  /** How far ahead the sweep queues follow-up steps (default 10 min). */
  followupHorizonMs?: number;
};

/**
 * The jobs side: BullMQ workers plus the sweep, at start-up, whenever Redis is reachable again, and
 * then every interval.
 */
export function startEngine(rt: Runtime, opts: EngineOptions = {}): Engine {
  const workers: Workers = startWorkers(rt.deps, rt.redis, opts.limits, opts);
  const followup: FollowupSweepOptions = {
    ...(opts.followupHorizonMs !== undefined && { horizonMs: opts.followupHorizonMs }),
    ...(opts.digestGatherMs !== undefined && { digestGatherMs: opts.digestGatherMs }),
  };
  let running: Promise<unknown> | null = null;
  let again = false;
  const runSweep = (): void => {
    // One sweep at a time; a request during a run (Redis just came back) runs once more after it.
    if (running) {
      again = true;
      return;
    }
    running = sweep(rt.deps, { followup })
      .then((result) => rt.deps.metrics.sweep(result))
      .then(() => runClockedCards(rt.deps))
      .catch((e: unknown) => {
        rt.deps.metrics.sweep(null);
        rt.deps.logger.warn(
          { err: e instanceof Error ? e.message : String(e) },
          'sweep failed; next run retries',
        );
      })
      .finally(() => {
        running = null;
        if (again && !closed) {
          again = false;
          runSweep();
        }
      });
  };
  let closed = false;
  let debounce: NodeJS.Timeout | undefined;
  const unsubscribe = rt.deps.jobs.onReconnect?.(() => {
    clearTimeout(debounce);
    debounce = setTimeout(() => {
      if (!closed) runSweep();
    }, opts.reconnectDebounceMs ?? RECONNECT_SWEEP_DEBOUNCE_MS);
  });
  runSweep();
  const timer = setInterval(runSweep, opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  return {
    async close() {
      closed = true;
      unsubscribe?.();
      clearInterval(timer);
      clearTimeout(debounce);
      await running;
      await workers.close();
    },
  };
}
