import type { Redis } from 'ioredis';

/**
 * A sliding one-second window per receiver (Feishu: 5 messages/s per user and per chat, shared by
 * all bots in a chat). Atomic in Redis, so several send workers share it.
 * Returns 0 when a slot was taken, else the milliseconds to wait for the next slot.
 */
const SCRIPT = `
local key = KEYS[1]
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', key, 0, now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, ARGV[4])
  redis.call('PEXPIRE', key, window)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now)
`;

export type ReceiverLimiter = { take(receiveId: string, token: string): Promise<number> };

export function createReceiverLimiter(redis: Redis, prefix: string, perSecond: number): ReceiverLimiter {
  return {
    async take(receiveId, token) {
      const wait = await redis.eval(
        SCRIPT,
        1,
        `${prefix}:rl:${receiveId}`,
        Date.now(),
        1000,
        perSecond,
        token,
      );
      return Number(wait);
    },
  };
}
