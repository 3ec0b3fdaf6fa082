import type { SendLimits, Workers } from '../jobs/workers.ts';
import { startWorkers } from '../jobs/workers.ts';
import { sweep } from '../services/sweep.ts';
import type { Runtime } from './runtime.ts';

export const SWEEP_INTERVAL_MS = 60_000;

export type Engine = { close(): Promise<void> };

/** The jobs side: BullMQ workers plus the sweep, at start-up and then every interval. */
export function startEngine(
  rt: Runtime,
  opts: { sweepIntervalMs?: number; limits?: SendLimits } = {},
): Engine {
  const workers: Workers = startWorkers(rt.deps, rt.redis, opts.limits);
  const runSweep = () =>
    sweep(rt.deps).catch((e: unknown) =>
      rt.deps.logger.warn(
        { err: e instanceof Error ? e.message : String(e) },
        'sweep failed; next run retries',
      ),
    );
  void runSweep();
  const timer = setInterval(runSweep, opts.sweepIntervalMs ?? SWEEP_INTERVAL_MS);
  return {
    async close() {
      clearInterval(timer);
      await workers.close();
    },
  };
}
