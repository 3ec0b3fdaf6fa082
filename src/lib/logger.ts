import type { DestinationStream, Logger } from 'pino';
import { pino } from 'pino';

export type { Logger };

/**
 * Credentials that may sit in objects handed to the logger (request headers, SDK request configs,
 * token answers); pino replaces them wherever these paths match.
 */
const SECRET_KEYS = [
  'authorization',
  'Authorization',
  'app_secret',
  'appSecret',
  'tenant_access_token',
  'app_access_token',
  'access_token',
  'encrypt_key',
  'encryptKey',
  'verificationToken',
  'password',
];
const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]);

/**
 * Logs go to standard error, synchronously: standard output carries only a command's output
 * (`duban export --format csv > f.csv`), and a line written just before exit is not lost.
 */
export function createLogger(
  level: string,
  bindings: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { app: 'duban', ...bindings },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Error objects from HTTP clients carry their request (headers, body): log what went wrong only.
    serializers: { err: errorForLog },
  };
  // Workers (workerd) load pino's browser build, which has no destinations: it logs to the console.
  const out =
    destination ??
    (typeof pino.destination === 'function' ? pino.destination({ dest: 2, sync: true }) : null);
  return out ? pino(options, out) : pino(options);
}

/** A URL as it may be logged: the password replaced, everything else kept so the operator can fix it. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return scrubSecrets(raw);
  }
}

/** Credentials inside free text (error messages, stacks): URL passwords and bearer tokens. */
export function scrubSecrets(text: string): string {
  return text
    .replace(/([a-z][a-z0-9+.-]*:\/\/[^\s/@:]*):[^\s/@]*@/gi, '$1:***@')
    .replace(/\b(Bearer|Basic)\s+[^\s"',]+/gi, '$1 ***');
}

export type LoggedError = {
  type?: string;
  message: string;
  code?: string | number;
  status?: number;
  /** Feishu's own `code` and `msg` from the answer's body. */
  apiCode?: number;
  apiMsg?: string;
  stack?: string;
};

const field = (o: unknown, key: string): unknown =>
  typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;

/**
 * What of a thrown value goes into a log line: its class, message, code, HTTP status and Feishu's
 * code and msg, and the stack of a real Error (for bugs) — never its other fields, which for an HTTP
 * client's error include the request's headers and body.
 */
export function errorForLog(e: unknown): LoggedError {
  if (typeof e !== 'object' || e === null) return { message: scrubSecrets(String(e)) };
  const response = field(e, 'response');
  const code = field(e, 'code');
  const status = field(e, 'status') ?? field(response, 'status');
  const apiCode = field(field(response, 'data'), 'code');
  const apiMsg = field(field(response, 'data'), 'msg') ?? field(e, 'msg');
  const message = field(e, 'message');
  return {
    ...(e instanceof Error && { type: e.name }),
    message: scrubSecrets(typeof message === 'string' ? message : ''),
    ...((typeof code === 'string' || typeof code === 'number') && { code }),
    ...(typeof status === 'number' && { status }),
    ...(typeof apiCode === 'number' && { apiCode }),
    ...(typeof apiMsg === 'string' && { apiMsg: scrubSecrets(apiMsg) }),
    ...(e instanceof Error && e.stack !== undefined && { stack: scrubSecrets(e.stack) }),
  };
}
