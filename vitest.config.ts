import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database and Redis prefix, so files run in parallel safely.
    pool: 'forks',
    // Vitest's default is one worker per core less one: a single worker on a 2-core CI machine. The
    // files mostly wait on Postgres, Redis, child processes and the fake Feishu, so two overlap well;
    // four made the slowest engine tests run into their 30 s limits on 2 cores.
    maxWorkers: 2,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
