import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, type BuildResult, buildSync } from 'esbuild';

/**
 * How every Tend function is bundled, in one place: the CDK construct (TendFunction), the bundle
 * test (tests/infra/bundle.test.ts) and the bundle benchmark (bench/bundles.ts) all build with
 * these values, so the test and the benchmark measure what ships.
 */

/** The repository root: entries and packages are found from here, wherever cdk runs. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The function entry points, relative to REPO_ROOT. */
export const FUNCTION_ENTRIES = {
  ingest: 'functions/ingest/handler.ts',
  dispatch: 'functions/dispatch/handler.ts',
  secretBootstrap: 'functions/secret-bootstrap/handler.ts',
  activateRuleSet: 'functions/activate-rule-set/handler.ts',
  sesFeedback: 'functions/ses-feedback/handler.ts',
  web: 'functions/web/handler.ts',
} as const;

export type FunctionName = keyof typeof FUNCTION_ENTRIES;

/** Matches the Lambda runtime (nodejs22.x) so esbuild keeps modern syntax as is. */
export const BUNDLE_TARGET = 'node22';

/**
 * The output is ESM (top-level await, import.meta), but mailparser and its dependencies are
 * CommonJS and call `require` for Node built-ins; esbuild's shim needs a real `require` in
 * scope, which ESM does not provide, so the banner makes one (in every file of the bundle).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __tendCreateRequire } from 'node:module'; const require = __tendCreateRequire(import.meta.url);";

/** The file Lambda loads (handler `index.handler`); the rest of the bundle sits beside it. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';

const requireFromRoot = createRequire(path.join(REPO_ROOT, 'package.json'));

/**
 * The shared options (issue 9 measured each choice: bench/bundles.ts, bench/RESULTS.md).
 *
 * - Nothing is external: the AWS SDK is bundled too, so the code runs with the SDK versions it
 *   was tested with rather than whatever the runtime ships, and the bundle is complete on its
 *   own (the bundle test loads it with no node_modules in reach).
 * - `mainFields: module, main`: the SDK's ES module builds, which esbuild can tree-shake, where
 *   Node's default resolution picks its CommonJS builds.
 * - `splitting`: a dynamic `import()` becomes a file of its own, loaded when the code first gets
 *   there. Code that only some invocations need (replies, quarantine notices, the SSM client,
 *   the SDK's credential providers Lambda does not use) stays out of the cold start, and each
 *   such file is tree-shaken like the rest; in a single-file bundle it would be parsed at every
 *   start, and esbuild would keep whole SDK packages reached by `import()`.
 * - `alias` libmime: mailparser imports its ES module build, @zone-eu/mailsplit requires its
 *   CommonJS build; two copies of the same library would both be parsed and run at every cold
 *   start. The CommonJS build serves both (its `default` is the same object as its exports; the
 *   ES build has a default export only, which mailsplit's `require('libmime').Libmime` cannot use).
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: BUNDLE_TARGET,
  mainFields: ['module', 'main'],
  splitting: true,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
  minify: true,
  sourcemap: true,
  /** Source maps give stack traces file and line; the sources themselves need not ship. */
  sourcesContent: false,
  banner: { js: ESM_REQUIRE_BANNER },
  alias: { libmime: requireFromRoot.resolve('libmime') },
  external: [],
  logLevel: 'warning',
} as const satisfies BuildOptions;

/**
 * Bundles one entry (a path relative to REPO_ROOT) into outdir as BUNDLE_ENTRY_FILE, its source
 * map and the files it loads on demand. Synchronous, as CDK's local bundling requires.
 */
export function bundleEntry(
  entry: string,
  outdir: string,
  options: BuildOptions = {},
): BuildResult {
  return buildSync({
    ...BUNDLE_OPTIONS,
    absWorkingDir: REPO_ROOT,
    entryPoints: { [path.basename(BUNDLE_ENTRY_FILE, '.mjs')]: path.resolve(REPO_ROOT, entry) },
    outdir,
    ...options,
  });
}

/** Bundles a Tend function into outdir. */
export function bundleFunction(name: FunctionName, outdir: string): BuildResult {
  return bundleEntry(FUNCTION_ENTRIES[name], outdir);
}

/** The .mjs files of a built bundle: those a cold start loads, and all of them. */
export interface BundleFiles {
  dir: string;
  /** BUNDLE_ENTRY_FILE and the files it imports statically, transitively. */
  startup: string[];
  /** Startup files and those loaded on demand (a dynamic `import()`). */
  all: string[];
}

/**
 * A static import in esbuild's minified output (`import{a as b}from"./chunks/x.mjs"`,
 * `import"./x.mjs"`); a dynamic one, `import("./x.mjs")`, has a parenthesis and does not match.
 */
const STATIC_IMPORT = /(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.mjs)"/g;

export function bundleFiles(dir: string): BundleFiles {
  const all = readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => path.join(dir, f));
  const startup = new Set<string>();
  const pending = [path.join(dir, BUNDLE_ENTRY_FILE)];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (startup.has(file)) continue;
    startup.add(file);
    for (const [, target] of readFileSync(file, 'utf8').matchAll(STATIC_IMPORT))
      pending.push(path.resolve(path.dirname(file), target as string));
  }
  return { dir, startup: [...startup], all };
}

/**
 * The function bundles in a synth's output directory (`npm run synth`, cdk.out): each asset
 * directory holding BUNDLE_ENTRY_FILE is one function's bundle, and its source map names the
 * entry it was built from.
 */
export function bundlesIn(synthDir: string): Map<FunctionName, string> {
  const found = new Map<FunctionName, string>();
  for (const dir of readdirSync(synthDir)) {
    const file = path.join(synthDir, dir, BUNDLE_ENTRY_FILE);
    if (!existsSync(file) || !existsSync(`${file}.map`)) continue;
    const { sources } = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    const resolved = new Set(sources.map((s) => path.resolve(synthDir, dir, s)));
    for (const [name, entry] of Object.entries(FUNCTION_ENTRIES) as Array<[FunctionName, string]>) {
      if (!resolved.has(path.join(REPO_ROOT, entry))) continue;
      if (found.has(name)) throw new Error(`two bundles of ${entry} in ${synthDir}`);
      found.set(name, path.join(synthDir, dir));
    }
  }
  return found;
}
