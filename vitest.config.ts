import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    // Integration tests start simulators on ephemeral ports; e2e tests share one Docker engine.
    fileParallelism: true,
    pool: 'forks',
  },
});
