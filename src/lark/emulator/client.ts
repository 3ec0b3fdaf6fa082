/**
 * A real Lark SDK client aimed at the emulator, for tests. Kept apart from server.ts so that the
 * sandbox, which runs the emulator inside `duban serve`, does not load the SDK at start.
 */
import * as lark from '@larksuiteoapi/node-sdk';
import type { LarkEmulator } from './server.ts';

/** The SDK logs through this as arrays; tests want silence. */
export const silentLarkLogger: lark.Logger = {
  error: () => undefined,
  warn: () => undefined,
  info: () => undefined,
  debug: () => undefined,
  trace: () => undefined,
};

export type EmulatorClient = {
  client: lark.Client;
  /** Typed as the SDK's Cache interface: DefaultCache.set only accepts strings, not undefined. */
  cache: lark.Cache;
  /** What a caller must do after 99991663: the SDK never drops a cached token by itself. */
  forgetToken(): Promise<void>;
};

/**
 * A real SDK client aimed at the fake. Each gets its own cache: the SDK's default cache is
 * module-wide and keyed by appId, so clients would otherwise share tokens across tests.
 */
export function createEmulatorClient(
  fake: Pick<LarkEmulator, 'url' | 'appId' | 'appSecret'>,
): EmulatorClient {
  const cache: lark.Cache = new lark.DefaultCache();
  const client = new lark.Client({
    appId: fake.appId,
    appSecret: fake.appSecret,
    domain: fake.url,
    cache,
    logger: silentLarkLogger,
  });
  const forgetToken = async () => {
    await cache.set(lark.CTenantAccessToken, undefined, 0, { namespace: fake.appId });
  };
  return { client, cache, forgetToken };
}
