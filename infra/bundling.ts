import { fileURLToPath } from 'node:url';

/**
 * How every Tend function is bundled, in one place: the CDK construct (TendFunction) and the
 * bundle test (tests/infra/bundle.test.ts) both read these values, so the test proves what
 * ships.
 */

/** The repository root: entries and the lock file are found from here, wherever cdk runs. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The function entry points, relative to REPO_ROOT. */
export const FUNCTION_ENTRIES = {
  ingest: 'functions/ingest/handler.ts',
  dispatch: 'functions/dispatch/handler.ts',
  secretBootstrap: 'functions/secret-bootstrap/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** Matches the Lambda runtime (nodejs22.x) so esbuild keeps modern syntax as is. */
export const BUNDLE_TARGET = 'node22';

/**
 * The output is ESM (top-level await, import.meta), but mailparser and its dependencies are
 * CommonJS and call `require` for Node built-ins; esbuild's shim needs a real `require` in
 * scope, which ESM does not provide, so the banner makes one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __tendCreateRequire } from 'node:module'; const require = __tendCreateRequire(import.meta.url);";

/**
 * The shared options. Nothing is external: the AWS SDK is bundled too, so the code runs with
 * the SDK versions it was tested with rather than whatever the runtime ships, and the bundle
 * is complete on its own (the bundle test loads it with no node_modules in reach).
 */
export const BUNDLE_OPTIONS = {
  format: 'esm',
  platform: 'node',
  target: BUNDLE_TARGET,
  minify: true,
  sourcemap: true,
  /** Source maps give stack traces file and line; the sources themselves need not ship. */
  sourcesContent: false,
  banner: ESM_REQUIRE_BANNER,
  external: [] as string[],
} as const;
