import type { Redis } from 'ioredis';

/**
 * Feishu counts message calls in a rolling second: 50/s per app, 5/s per user or chat (shared by all
 * bots in a chat). BullMQ's limiter does not fit: it is a fixed window restarted when the last one
 * expires (two back to back can put twice the limit into one rolling second), and it counts every job
 * it hands out, including those a busy receiver sends straight back to wait.
 *
 * So each call takes a place in two logs in Redis (the app's and the receiver's), atomically, shared
 * by every worker process. A place counts from the moment it is taken until the call has *returned*,
 * plus the window. Feishu sees the call somewhere in between, so no rolling second at Feishu can hold
 * more calls than the log allowed, however the calls bunch up on the way (a token fetch, a slow
 * database): the guarantee does not rest on timing margins.
 *
 * A message for a full receiver gets a turn in that receiver's queue and waits in Redis's delayed set,
 * so a backlog of thousands for one chat is not retried in a herd.
 */
const RESERVE = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local appLimit = tonumber(ARGV[3])
local rcvLimit = tonumber(ARGV[4])
local lease = tonumber(ARGV[6])
local function freeAt(key, count, limit)
  local nth = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  local score = tonumber(nth[2])
  -- A call still in flight holds its place until it returns; it usually returns within milliseconds.
  if score > now then score = now end
  return score + window
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - window)
local rc = redis.call('ZCARD', KEYS[2])
if rc >= rcvLimit then
  local free = freeAt(KEYS[2], rc, rcvLimit)
  if ARGV[7] == '1' then return {1, math.max(1, free - now)} end
  local tail = tonumber(redis.call('GET', KEYS[3]) or '0')
  local turn = math.max(free, tail)
  redis.call('SET', KEYS[3], turn + math.ceil((window + tonumber(ARGV[8])) / rcvLimit), 'PX', math.max(1, turn - now) + 2 * window)
  return {1, math.max(1, turn - now)}
end
local paused = redis.call('PTTL', KEYS[4])
if paused > 0 then return {2, paused} end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local ac = redis.call('ZCARD', KEYS[1])
if ac >= appLimit then return {2, math.max(1, freeAt(KEYS[1], ac, appLimit) - now)} end
redis.call('ZADD', KEYS[1], now + lease, ARGV[5])
redis.call('ZADD', KEYS[2], now + lease, ARGV[5])
redis.call('PEXPIRE', KEYS[1], lease + window)
redis.call('PEXPIRE', KEYS[2], lease + window)
return {0, 0}
`;

const RELEASE = `
if ARGV[3] == '1' then
  redis.call('ZADD', KEYS[1], 'XX', ARGV[2], ARGV[1])
  redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('ZREM', KEYS[2], ARGV[1])
end
return 0
`;

/** Feishu's second plus a little for how its servers may round time; the argument above needs no more. */
export const WINDOW_MS = 1_010;
/**
 * How long a place taken by a call that never reports back (its process died) is held: longer than
 * any call can take to reach Feishu (the SDK's timeout is 15 s).
 */
export const LEASE_MS = 20_000;

/**
 * Turns in a busy receiver's queue are spaced for a place's real life (the window plus the call), a
 * little slower than the log allows: turns that come faster than places free up pile into a crowd
 * of waiting jobs that hold the workers every receiver needs.
 */
export const TURN_SLACK_MS = 50;

export type GateVerdict =
  /** The place is taken: call Feishu now, then `release`. */
  | { kind: 'go' }
  /** The receiver is at its limit: try this message again after `waitMs` (its turn in that receiver's queue). */
  | { kind: 'defer'; waitMs: number }
  /** The app is at its limit (or paused after a 429): a place frees up in `waitMs`. */
  | { kind: 'wait'; waitMs: number };

export type SendGate = {
  /** `waited`: this message already had its turn once; it then waits only for the window, not the queue. */
  reserve(receiveId: string, token: string, waited: boolean): Promise<GateVerdict>;
  /** After the call: `called` false when no call was made (the row was sent by someone else). */
  release(receiveId: string, token: string, called: boolean): Promise<void>;
  /** Feishu answered 429 for the app: no new call before `ms` from now, in every process. */
  pauseApp(ms: number): Promise<void>;
};

export type GateLimits = { appPerSecond: number; receiverPerSecond: number };

export function createSendGate(redis: Redis, prefix: string, limits: GateLimits): SendGate {
  const appKey = `${prefix}:rl:app`;
  const pauseKey = `${prefix}:rl:app:pause`;
  const receiverKey = (id: string) => `${prefix}:rl:to:${id}`;
  return {
    async reserve(receiveId, token, waited) {
      const [code, waitMs] = (await redis.eval(
        RESERVE,
        4,
        appKey,
        receiverKey(receiveId),
        `${receiverKey(receiveId)}:turn`,
        pauseKey,
        Date.now(),
        WINDOW_MS,
        limits.appPerSecond,
        limits.receiverPerSecond,
        token,
        LEASE_MS,
        waited ? '1' : '0',
        TURN_SLACK_MS,
      )) as [number, number];
      if (code === 0) return { kind: 'go' };
      return { kind: code === 1 ? 'defer' : 'wait', waitMs: Number(waitMs) };
    },
    async release(receiveId, token, called) {
      await redis.eval(RELEASE, 2, appKey, receiverKey(receiveId), token, Date.now(), called ? '1' : '0');
    },
    async pauseApp(ms) {
      const left = await redis.pttl(pauseKey);
      if (left < ms) await redis.set(pauseKey, '1', 'PX', Math.max(1, Math.round(ms)));
    },
  };
}
