import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { Env } from '../config/env.ts';
import type { Db } from '../db/client.ts';
import type { Deps } from '../deps.ts';
import { parseDirectory } from '../domain/directory.ts';
import type { AppEnv } from '../http/context.ts';
import { larkFixture, randomHex } from '../lark/emulator/ids.ts';
import type { LarkEmulator } from '../lark/emulator/server.ts';
import { startLarkEmulator } from '../lark/emulator/server.ts';
import type { Logger } from '../lib/logger.ts';
import { importDirectory } from '../services/import-directory.ts';
import type { SandboxClock } from './clock.ts';
import { createSandboxClock } from './clock.ts';
import type { Deliver } from './feishu.ts';
import { createFeishuPlayer } from './feishu.ts';
import { sandboxRoutes } from './routes.tsx';

export type Sandbox = {
  /** The configuration the bot runs with: the emulator as LARK_DOMAIN, the sandbox's own secrets. */
  env: Env;
  clock: SandboxClock;
  emulator: LarkEmulator;
  /** After migrations: the sample county on first start, then the tenant the web chat plays. */
  prepare(db: Db): Promise<void>;
  routes(deps: Deps, deliver: (request: Request) => Promise<Response>): Hono<AppEnv>;
  close(): Promise<void>;
};

const SANDBOX_APP_ID = 'cli_5a4db0c5a4db0c01';

/**
 * A Feishu stand-in in the same process, for `serve` when no Feishu app is configured: the Open API
 * emulator on its own loopback port as the bot's LARK_DOMAIN, an Encrypt Key and Verification Token
 * made up for this run, and the web chat at /sandbox that plays Feishu's side.
 */
export async function startSandbox(env: Env, logger: Logger): Promise<Sandbox> {
  // The first line of the log: what this process is and where to look.
  logger.info(
    `duban sandbox: no Feishu app is configured (LARK_APP_ID is not set); open http://127.0.0.1:${env.PORT}/sandbox`,
  );
  const emulator = await startLarkEmulator({
    appId: SANDBOX_APP_ID,
    appSecret: randomHex(32),
    botName: larkFixture.botName,
  });
  // The emulator records every request for tests; a sandbox left running keeps only the recent ones.
  const trim = setInterval(
    () => emulator.requests.splice(0, Math.max(0, emulator.requests.length - 500)),
    60_000,
  );
  trim.unref();
  const clock = createSandboxClock();
  const secrets = { appId: emulator.appId, encryptKey: randomHex(32), verificationToken: randomHex(32) };
  let tenantKey = emulator.tenantKey;
  return {
    env: {
      ...env,
      ...emulator.env(),
      LARK_ENCRYPT_KEY: secrets.encryptKey,
      LARK_VERIFICATION_TOKEN: secrets.verificationToken,
      LARK_EVENT_MODE: 'webhook',
    },
    clock,
    emulator,
    async prepare(db) {
      tenantKey = await sandboxTenant(db, logger);
    },
    routes(deps, fetchApp) {
      const deliver: Deliver = (urlPath, request) =>
        fetchApp(
          new Request(`http://127.0.0.1${urlPath}`, {
            method: 'POST',
            body: request.body,
            headers: request.headers,
          }),
        );
      const player = createFeishuPlayer({
        emulator,
        secrets,
        clock,
        deliver,
        tenantKey: () => tenantKey,
        botName: larkFixture.botName,
      });
      return sandboxRoutes(deps, { emulator, clock, player, tenantKey: () => tenantKey });
    },
    close: () => {
      clearInterval(trim);
      return emulator.close();
    },
  };
}

/** The tenant to play: the only (or first) one, or the sample county imported when there is none. */
async function sandboxTenant(db: Db, logger: Logger): Promise<string> {
  const first = await db.selectFrom('tenants').select('tenant_key').orderBy('tenant_key').executeTakeFirst();
  if (first) return first.tenant_key;
  const file = sampleDirectoryPath();
  const parsed = parseDirectory(await readFile(file, 'utf8'));
  if (!parsed.ok) throw new Error(`${file} does not parse: ${parsed.error.join('; ')}`);
  const summary = await importDirectory(db, parsed.value);
  logger.info({ file, ...summary }, 'no tenant yet: imported the sample county for the sandbox');
  return summary.tenantKey;
}

/** examples/directory.yaml of the checkout, found from this file whether it runs from src/ or a build. */
function sampleDirectoryPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'examples', 'directory.yaml');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('examples/directory.yaml not found above the sandbox code');
    dir = parent;
  }
}
