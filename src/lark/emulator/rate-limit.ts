export type RateLimitOptions = {
  /** Feishu: 50/s per app for message create/reply/patch. */
  appPerSecond?: number;
  /** Feishu: 5/s per user or group (create, reply) and per message (patch). */
  perReceiverPerSecond?: number;
  /** Sent as `x-ogw-ratelimit-reset`; defaults to the seconds until the window frees a slot. */
  resetSeconds?: number;
};

export type RateLimitVerdict =
  | { allowed: true }
  | { allowed: false; limit: number; resetSeconds: number; scope: 'app' | 'receiver' };

const WINDOW_MS = 1000;

/**
 * A rolling one-second window rather than calendar seconds, so a burst of N+1 calls in a
 * test always trips the limit no matter where the wall clock's second boundary falls.
 */
export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly options: RateLimitOptions) {}

  /** Counts the call only when it is allowed; rejected calls do not use up the window. */
  take(receiverKey: string, now: number): RateLimitVerdict {
    const app = this.check('app', this.options.appPerSecond ?? 50, now);
    if (!app.allowed) return app;
    const receiver = this.check(`to:${receiverKey}`, this.options.perReceiverPerSecond ?? 5, now);
    if (!receiver.allowed) return receiver;
    this.record('app', now);
    this.record(`to:${receiverKey}`, now);
    return { allowed: true };
  }

  private check(key: string, limit: number, now: number): RateLimitVerdict {
    const recent = this.recent(key, now);
    if (recent.length < limit) return { allowed: true };
    const oldest = recent[0] ?? now;
    const computed = Math.max(1, Math.ceil((oldest + WINDOW_MS - now) / 1000));
    return {
      allowed: false,
      limit,
      resetSeconds: this.options.resetSeconds ?? computed,
      scope: key === 'app' ? 'app' : 'receiver',
    };
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.hits.get(key) ?? []).filter((t) => now - t < WINDOW_MS);
    this.hits.set(key, kept);
    return kept;
  }

  private record(key: string, now: number): void {
    this.recent(key, now).push(now);
  }
}
