import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Handlers log as JSON; in tests only warnings and errors are worth the noise.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  },
});
