import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: { include: ['tests/unit/**/*.test.ts', 'tests/browser/**/*.test.ts'], testTimeout: 60000 },
});
