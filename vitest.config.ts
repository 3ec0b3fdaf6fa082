import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database and Redis prefix, so files run in parallel safely.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
  },
});
