import type { Logger } from 'pino';
import { pino } from 'pino';

export type { Logger };

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({ level, base: { app: 'duban', ...bindings } });
}
