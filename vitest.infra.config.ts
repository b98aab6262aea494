import { defineConfig } from 'vitest/config';

/** Infra tests: CDK assertions, the bundle check and the offline `cdk synth`. No local services. */
export default defineConfig({
  test: {
    include: ['tests/infra/**/*.test.ts'],
    // Synthesis bundles with esbuild and the CLI test runs `cdk synth`: generous, not infinite.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
