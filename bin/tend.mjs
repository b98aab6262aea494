#!/usr/bin/env node
// `npx tend …`: runs the compiled CLI (dist/cli, built by bin/build-cli.mjs at `npm ci`), and
// rebuilds it first when a source file is newer than the build, so it is never stale.
import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI_ENTRY = `${ROOT}dist/cli/main.mjs`;
const CLI_INPUTS = `${ROOT}dist/cli/inputs.json`;

// The SDK's notice about Node 20's end of support is for maintainers, not for every CLI run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// Handler info logs are for CloudWatch; the CLI's stdout is for its own (possibly --json) output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

function stale() {
  let built;
  try {
    built = JSON.parse(readFileSync(CLI_INPUTS, 'utf8'));
  } catch {
    return true;
  }
  return built.inputs.some((file) => {
    try {
      return statSync(`${ROOT}${file}`).mtimeMs > built.startedAt;
    } catch {
      return true; // a source file moved or was deleted
    }
  });
}

if (stale()) {
  let buildCli;
  try {
    ({ buildCli } = await import('./build-cli.mjs'));
    await buildCli();
  } catch (error) {
    process.stderr.write(
      `tend: the CLI needs building and the build failed (is esbuild installed? run \`npm ci\`): ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}
await import(CLI_ENTRY);
