import { z } from 'zod';
import type { Result } from '../lib/result.ts';
import { err, ok } from '../lib/result.ts';

const optionalSecret = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const url = (protocols: readonly string[], example: string) =>
  z
    .string()
    .trim()
    .refine((v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `must be a URL like ${example}`);

/** Where Redis is looked for when REDIS_URL is unset (DESIGN.md's default). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/** The SDK's WSClient refuses any other App ID shape (and only logs it). */
const WS_APP_ID = /^cli_[0-9a-fA-F]{16}$/;

const EnvObject = z.object({
  LARK_APP_ID: optionalSecret,
  LARK_APP_SECRET: optionalSecret,
  LARK_ENCRYPT_KEY: optionalSecret,
  LARK_VERIFICATION_TOKEN: optionalSecret,
  LARK_DOMAIN: url(['http:', 'https:'], 'https://open.feishu.cn')
    .default('https://open.feishu.cn')
    // The SDK builds `${domain}/open-apis/…`; a trailing slash would give `//open-apis`.
    .transform((v) => v.replace(/\/+$/, '')),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/duban').optional(),
  // No default here: `npm start` starts a private redis-server only when REDIS_URL was left unset.
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the embedded database lives when DATABASE_URL is unset. */
  DUBAN_DATA_DIR: z.string().default('.data'),
  /** `ws`: receive events and card callbacks over Feishu's long connection instead of the webhook. */
  LARK_EVENT_MODE: z.enum(['webhook', 'ws']).default('webhook'),
  /** An HTTP(S) proxy for every call to Feishu (Open API, long-connection endpoint and socket). */
  HTTPS_PROXY: url(['http:', 'https:'], 'http://proxy.example:3128').optional(),
  https_proxy: url(['http:', 'https:'], 'http://proxy.example:3128').optional(),
  /** Searched for redis-server when `serve` runs on embedded defaults. */
  PATH: z.string().default(''),
  /** Protects /metrics (unless bound to loopback) and /admin/*; unset, /admin/* does not exist. */
  DUBAN_ADMIN_TOKEN: optionalSecret.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters (e.g. openssl rand -hex 24)',
  ),
  /** The address `serve` listens on: 127.0.0.1 behind a reverse proxy on the same host. */
  HOST: z.string().trim().min(1).default('0.0.0.0'),
});

export const EnvSchema = EnvObject.superRefine((env, ctx) => {
  if (env.LARK_EVENT_MODE !== 'ws') return;
  if (!env.LARK_APP_ID || !WS_APP_ID.test(env.LARK_APP_ID))
    ctx.addIssue({
      code: 'custom',
      path: ['LARK_APP_ID'],
      message: 'must be an App ID like cli_a1b2c3d4e5f60718 when LARK_EVENT_MODE=ws',
    });
  if (!env.LARK_APP_SECRET)
    ctx.addIssue({
      code: 'custom',
      path: ['LARK_APP_SECRET'],
      message: 'must be set when LARK_EVENT_MODE=ws',
    });
}).transform(({ https_proxy, HTTPS_PROXY, REDIS_URL, ...env }) => ({
  ...env,
  REDIS_URL: REDIS_URL ?? DEFAULT_REDIS_URL,
  /** False when REDIS_URL fell back to the default: `serve` may then start a private redis-server. */
  redisUrlExplicit: REDIS_URL !== undefined,
  HTTPS_PROXY: HTTPS_PROXY ?? https_proxy,
}));

export type Env = z.infer<typeof EnvSchema>;

/** Parses the environment; on failure the message is one line naming the variable. */
export function parseEnv(source: Record<string, string | undefined>): Result<Env, string> {
  const parsed = EnvSchema.safeParse(source);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const name = issue?.path.join('.') ?? 'environment';
  return err(`invalid configuration: ${name} ${issue?.message ?? 'is invalid'}`);
}

/** Feishu settings that are missing, for one clear log line each at start-up. */
export function missingLarkSettings(env: Env): string[] {
  const missing: string[] = [];
  if (!env.LARK_APP_ID) missing.push('LARK_APP_ID is not set: the bot cannot send messages');
  if (!env.LARK_APP_SECRET) missing.push('LARK_APP_SECRET is not set: the bot cannot send messages');
  // The long connection is authenticated by the App Secret; the webhook secrets are not needed.
  if (env.LARK_EVENT_MODE === 'ws') return missing;
  if (!env.LARK_ENCRYPT_KEY)
    missing.push('LARK_ENCRYPT_KEY is not set: event signatures cannot be verified (set one in the console)');
  if (!env.LARK_VERIFICATION_TOKEN)
    missing.push('LARK_VERIFICATION_TOKEN is not set: requests cannot be checked against your app');
  return missing;
}
