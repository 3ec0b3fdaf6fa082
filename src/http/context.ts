import type { Deps } from '../deps.ts';
import type { Logger } from '../lib/logger.ts';

export type AppEnv = {
  Variables: { deps: Deps; logger: Logger; requestId: string };
};
