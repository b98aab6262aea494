import { defineConfig } from 'vitest/config';

/** The corpus tier (`npm run test:corpus`): parsers swept over ../shared/corpus; no services. */
export default defineConfig({
  test: { include: ['tests/corpus/**/*.test.ts'], testTimeout: 60_000 },
});
