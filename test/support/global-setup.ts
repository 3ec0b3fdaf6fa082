import { Redis } from 'ioredis';
import pg from 'pg';
import { TEST_PG_ADMIN_URL, TEST_REDIS_URL } from './env.ts';

/** Fails the run at once, with the fix, when Postgres or Redis is not there. */
export async function setup(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (e) {
    throw new Error(
      `Postgres is not reachable at ${TEST_PG_ADMIN_URL} (${String(e)}); run .ci/run or start it`,
    );
  } finally {
    await client.end().catch(() => {});
  }
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (e) {
    throw new Error(
      `Redis is not reachable at ${TEST_REDIS_URL} (${String(e)}); run .ci/run or start redis-server`,
    );
  } finally {
    redis.disconnect();
  }
}
