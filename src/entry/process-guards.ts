import type { Logger } from '../lib/logger.ts';

/**
 * Last-resort handlers for the long-running processes (`serve`, `jobs`), chosen deliberately:
 * - An unhandled rejection is a bug in a side path: every unit of work is a transaction or a job that
 *   retries, and the sweep re-creates lost work. It is logged as an error and the process goes on;
 *   exiting would cut every request and job in flight for nothing.
 * - An uncaught exception (a throw in a callback, an 'error' event nobody listens to) leaves the
 *   process in an unknown state. It is logged and the process exits with 1, for the supervisor to
 *   restart it; the start-up sweep then resumes everything within seconds.
 */
export function guardProcess(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection (a bug); the process carries on');
  });
  process.on('uncaughtException', (e, origin) => {
    logger.fatal({ err: e, origin }, 'uncaught exception; exiting for the supervisor to restart the process');
    process.exit(1);
  });
}
