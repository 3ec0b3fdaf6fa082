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

export const EnvSchema = z.object({
  LARK_APP_ID: optionalSecret,
  LARK_APP_SECRET: optionalSecret,
  LARK_ENCRYPT_KEY: optionalSecret,
  LARK_VERIFICATION_TOKEN: optionalSecret,
  LARK_DOMAIN: url(['http:', 'https:'], 'https://open.feishu.cn')
    .default('https://open.feishu.cn')
    // The SDK builds `${domain}/open-apis/…`; a trailing slash would give `//open-apis`.
    .transform((v) => v.replace(/\/+$/, '')),
  DATABASE_URL: url(['postgres:', 'postgresql:'], 'postgres://user@127.0.0.1:5432/duban').optional(),
  REDIS_URL: url(['redis:', 'rediss:'], 'redis://127.0.0.1:6379').default('redis://127.0.0.1:6379'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where the embedded database lives when DATABASE_URL is unset. */
  DUBAN_DATA_DIR: z.string().default('.data'),
  /** Protects /metrics (unless bound to loopback) and /admin/*; unset, /admin/* does not exist. */
  DUBAN_ADMIN_TOKEN: optionalSecret.refine(
    (v) => v === undefined || v.length >= 16,
    'must be at least 16 characters (e.g. openssl rand -hex 24)',
  ),
  /** The address `serve` listens on: 127.0.0.1 behind a reverse proxy on the same host. */
  HOST: z.string().trim().min(1).default('0.0.0.0'),
});

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
  if (!env.LARK_ENCRYPT_KEY)
    missing.push('LARK_ENCRYPT_KEY is not set: event signatures cannot be verified (set one in the console)');
  if (!env.LARK_VERIFICATION_TOKEN)
    missing.push('LARK_VERIFICATION_TOKEN is not set: requests cannot be checked against your app');
  return missing;
}
