export type SendFailure =
  | { kind: 'rate_limited'; retryAfterMs: number; scope: 'app' | 'receiver'; code?: number; message: string }
  | { kind: 'retryable'; code?: number; message: string }
  | { kind: 'permanent'; code?: number; message: string }
  | { kind: 'not_configured'; code?: undefined; message: string };

/** Per-chat and per-user limits: only this receiver must wait, not the whole app. */
const RECEIVER_LIMIT_CODES = new Set([230020, 11232, 11233, 11247]);
const APP_LIMIT_CODES = new Set([99991400]);
/** Feishu is still working on the same request, or a transient message-service state. */
const RETRYABLE_CODES = new Set([18121, 230049, 99991661, 99991663, 99991664]);

/**
 * What Feishu answers to an update of a card past its 14-day window. **[U]** The PATCH page states the
 * window but lists no code for it (reference/feishu-cards.md, fixtures); 230031 is this project's
 * assumption, used by the emulator too. The sender never relies on it: it skips aged cards itself.
 */
export const CARD_EXPIRED_CODE = 230031;

type ErrorShape = {
  status?: number;
  code?: number;
  msg?: string;
  headers?: Record<string, unknown>;
  message?: string;
};

function readShape(e: unknown): ErrorShape {
  if (typeof e !== 'object' || e === null) return { message: String(e) };
  const obj = e as Record<string, unknown>;
  if ('status' in obj && !('response' in obj) && !('isAxiosError' in obj)) return obj as ErrorShape;
  const response = obj.response as
    | { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, unknown> }
    | undefined;
  return {
    status: response?.status,
    code: response?.data?.code,
    msg: response?.data?.msg,
    headers: response?.headers,
    message: typeof obj.message === 'string' ? obj.message : undefined,
  };
}

/** Maps an SDK/axios failure to what the sender should do next. */
export function classifyLarkError(e: unknown): SendFailure {
  const s = readShape(e);
  const message = [s.code, s.msg ?? s.message].filter((x) => x !== undefined).join(' ') || 'unknown error';
  const reset = Number(s.headers?.['x-ogw-ratelimit-reset']);
  const retryAfterMs = Number.isFinite(reset) && reset > 0 ? reset * 1000 : 1000;
  if (s.code !== undefined && RECEIVER_LIMIT_CODES.has(s.code)) {
    return { kind: 'rate_limited', scope: 'receiver', retryAfterMs, code: s.code, message };
  }
  if (s.status === 429 || (s.code !== undefined && APP_LIMIT_CODES.has(s.code))) {
    return { kind: 'rate_limited', scope: 'app', retryAfterMs, code: s.code, message };
  }
  if (s.code !== undefined && RETRYABLE_CODES.has(s.code))
    return { kind: 'retryable', code: s.code, message };
  if (s.status === undefined || s.status >= 500) return { kind: 'retryable', code: s.code, message };
  return { kind: 'permanent', code: s.code, message };
}
