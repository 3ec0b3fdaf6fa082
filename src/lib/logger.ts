import type { Logger } from 'pino';
import { pino } from 'pino';

export type { Logger };

/**
 * Logs go to standard error, synchronously: standard output carries only a command's output
 * (`duban export --format csv > f.csv`), and a line written just before exit is not lost.
 */
export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'duban', ...bindings } }, pino.destination({ dest: 2, sync: true }));
}
