import { defineConfig } from 'vitest/config';

/**
 * The pure tier (`npm run test:unit`): the domain and the renderers, no files, no services.
 * Pure code keeps no state between files, so the files share one module graph (no isolation):
 * the date and MIME libraries load once instead of once per file.
 */
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    pool: 'threads',
    isolate: false,
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
  },
});
