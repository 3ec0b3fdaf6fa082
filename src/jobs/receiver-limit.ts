import type { Redis } from 'ioredis';

/**
 * Feishu counts message calls in a rolling second: 50/s per app, 5/s per user or chat (shared by all
 * bots in a chat). BullMQ's limiter is a fixed window that restarts when the last one expires, so two
 * windows back to back can put up to twice the limit into one rolling second, and it counts every job
 * it hands out, including the ones a busy receiver sends straight back to wait. So the send worker
 * asks this gate instead, atomically in Redis so that every worker process shares it:
 *
 * - App: a reserved slot every `1000/appPerSecond × APP_MARGIN` ms (a schedule, not a window), so
 *   arrival jitter of up to the margin can never make 51 calls land within one second.
 * - Receiver: a log of reserved send times; at most `receiverPerSecond` within `RECEIVER_WINDOW_MS`.
 *   A full receiver gets a turn in its own queue (spaced by window/limit), so a backlog of thousands
 *   of messages for one chat waits in Redis's delayed set instead of being retried in a herd.
 */
const SCRIPT = `
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local limit = tonumber(ARGV[4])
local appNext = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, appNext)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', at - window)
local count = redis.call('ZCARD', KEYS[2])
if count < limit then
  redis.call('ZADD', KEYS[2], at, ARGV[5])
  redis.call('PEXPIRE', KEYS[2], at - now + window)
  redis.call('SET', KEYS[1], at + interval, 'PX', at - now + interval + 60000)
  return {0, at - now}
end
local nth = redis.call('ZRANGE', KEYS[2], count - limit, count - limit, 'WITHSCORES')
local free = tonumber(nth[2]) + window
if ARGV[6] == '1' then return {1, math.max(1, free - now)} end
local tail = tonumber(redis.call('GET', KEYS[3]) or '0')
local turn = math.max(free, tail)
redis.call('SET', KEYS[3], turn + math.ceil(window / limit), 'PX', turn - now + 2 * window)
return {1, math.max(1, turn - now)}
`;

const PAUSE = `
local untilMs = tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[2])) end
return 0
`;

/** Slots 5% wider than the limit: the room that absorbs jitter between the slot and Feishu's clock. */
export const APP_MARGIN = 1.05;
/** The receiver window, 10% longer than Feishu's second for the same reason. */
export const RECEIVER_WINDOW_MS = 1_100;

export type GateVerdict =
  /** Send after `waitMs` (the slot is reserved). */
  | { kind: 'go'; waitMs: number }
  /** The receiver is at its limit: try again after `waitMs` (nothing reserved). */
  | { kind: 'defer'; waitMs: number };

export type SendGate = {
  /** `waited`: this job already had its turn once; it then waits only for the window, not the queue. */
  reserve(receiveId: string, token: string, waited: boolean): Promise<GateVerdict>;
  /** Feishu answered 429 for the app: no slot before `ms` from now, in every process. */
  pauseApp(ms: number): Promise<void>;
};

export type GateLimits = { appPerSecond: number; receiverPerSecond: number };

export function createSendGate(redis: Redis, prefix: string, limits: GateLimits): SendGate {
  const appKey = `${prefix}:rl:app`;
  const interval = Math.ceil((1000 / limits.appPerSecond) * APP_MARGIN);
  return {
    async reserve(receiveId, token, waited) {
      const reply = (await redis.eval(
        SCRIPT,
        3,
        appKey,
        `${prefix}:rl:${receiveId}`,
        `${prefix}:rl:${receiveId}:turn`,
        Date.now(),
        interval,
        RECEIVER_WINDOW_MS,
        limits.receiverPerSecond,
        token,
        waited ? '1' : '0',
      )) as [number, number];
      const waitMs = Number(reply[1]);
      return reply[0] === 0 ? { kind: 'go', waitMs } : { kind: 'defer', waitMs };
    },
    async pauseApp(ms) {
      await redis.eval(PAUSE, 1, appKey, Date.now() + ms, ms + 60_000);
    },
  };
}
