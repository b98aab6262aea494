// Compiles the CLI (functions/cli/main.ts) into dist/cli/ with esbuild, so `tend` starts without
// a TypeScript compiler. `npm ci` runs it (the `prepare` script); bin/tend.mjs runs it again
// when a source file changed since the last build.
import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_DIR = `${ROOT}dist/cli`;
export const CLI_ENTRY = `${CLI_DIR}/main.mjs`;
/** The files the build read, with the time it started: how bin/tend.mjs tells it is stale. */
export const CLI_INPUTS = `${CLI_DIR}/inputs.json`;

export async function buildCli() {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  // Built beside and swapped in whole: a `tend` starting meanwhile sees the old build or the new.
  const staging = `${CLI_DIR}.${process.pid}.${randomBytes(4).toString('hex')}`;
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: 'functions/cli/main.ts' },
    outdir: staging,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    // Chunks: what `--help` needs loads first; the AWS SDK and mailparser only when a command runs.
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    // Bundled CommonJS packages call require() for Node's built-ins.
    banner: {
      js: "import { createRequire as __tendRequire } from 'node:module'; const require = __tendRequire(import.meta.url);",
    },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  writeFileSync(`${staging}/inputs.json`, JSON.stringify({ startedAt, inputs }));
  const old = `${staging}.old`;
  if (existsSync(CLI_DIR)) renameSync(CLI_DIR, old);
  renameSync(staging, CLI_DIR);
  rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCli();
