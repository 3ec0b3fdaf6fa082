import type { Db } from './db/client.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { LarkApi } from './lark/client.ts';
import type { InboundSecrets } from './lark/inbound.ts';
import type { Logger } from './lib/logger.ts';
import type { Metrics } from './metrics/metrics.ts';

/** Everything the app, the jobs and the services use; built once per entrypoint and passed in. */
export type Deps = {
  db: Db;
  jobs: JobQueue;
  lark: LarkApi;
  logger: Logger;
  secrets: InboundSecrets;
  /** The engine's clock. Tests may inject one; production uses the system time. */
  now: () => Date;
  /**
   * Resolves when a card callback must be answered even if its work is still running (Feishu waits
   * 3 s). Defaults to a 2.5 s timer; tests inject one so they never race it.
   */
  cardAnswerDeadline?: () => Promise<void>;
  /** Counters and timings for operators (GET /metrics); built once per entrypoint. */
  metrics: Metrics;
};
