import type { SendLimits, WorkerOptions, Workers } from '../jobs/workers.ts';
import { startWorkers } from '../jobs/workers.ts';
import type { FollowupSweepOptions } from '../services/followup/sweep.ts';
import { runScheduledBulletins } from '../services/scheduled-bulletins.ts';
import { sweep } from '../services/sweep.ts';
import type { Runtime } from './runtime.ts';

export const SWEEP_INTERVAL_MS = 60_000;

export type Engine = { close(): Promise<void> };

export type EngineOptions = WorkerOptions & {
  sweepIntervalMs?: number;
  limits?: SendLimits;
  /** How far ahead the sweep queues follow-up steps (default 10 min). */
  followupHorizonMs?: number;
};

/** The jobs side: BullMQ workers plus the sweep, at start-up and then every interval. */
export function startEngine(rt: Runtime, opts: EngineOptions = {}): Engine {
  const workers: Workers = startWorkers(rt.deps, rt.redis, opts.limits, opts);
  const followup: FollowupSweepOptions = {
    ...(opts.followupHorizonMs !== undefined && { horizonMs: opts.followupHorizonMs }),
    ...(opts.digestGatherMs !== undefined && { digestGatherMs: opts.digestGatherMs }),
  };
  let running: Promise<unknown> | null = null;
  const runSweep = () => {
    // One sweep at a time: after a Redis loss a pass can outlast the interval, and two add nothing.
    if (running) return;
    running = sweep(rt.deps, { sendingStaleMs: opts.sendingStaleMs, followup })
      .then((result) => rt.deps.metrics.sweep(result))
      // The weekly 督查专报 rides on the same minute tick; one per tenant and period, however often it runs.
      .then(() => runScheduledBulletins(rt.deps))
      .catch((e: unknown) => {
        rt.deps.metrics.sweep(null);
        rt.deps.logger.warn(
          { err: e instanceof Error ? e.message : String(e) },
          'sweep failed; next run retries',
        );
      })
      .finally(() => {
        running = null;
      });
  };
  runSweep();
  const timer = setInterval(runSweep, opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  return {
    async close() {
      clearInterval(timer);
      await running;
      await workers.close();
    },
  };
}
