/**
 * Maps a deployed function's stack trace back to Tend's sources:
 *   npm run symbolicate -- ingest [cdk.out] < stack.txt
 *
 * The functions run without `--enable-source-maps`: Node would parse every loaded file's map at
 * each cold start (about 40 ms of CPU on ingest and on the dispatcher, issue 9), for traces that
 * are read rarely. The maps ship beside the bundle instead and are read here, from the synth
 * output of the commit that was deployed (`npm run synth` writes it; the bundles are built the
 * same way every time). Frames outside the bundle pass through unchanged.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import * as path from 'node:path';
import { bundlesIn, FUNCTION_ENTRIES, type FunctionName, REPO_ROOT } from '../infra/bundling';

/** A frame's place in a bundle file: `…/index.mjs:1:2345` or `…/chunks/chunk-X.mjs:1:2345`. */
const FRAME = /(?:file:\/\/)?[^\s()]*?((?:chunks\/)?[\w.-]+\.mjs):(\d+):(\d+)/g;

/** Each frame of `trace` in a file of `bundleDir` rewritten to its source, path and line. */
export function symbolicate(trace: string, bundleDir: string): string {
  const maps = new Map<string, SourceMap | null>();
  const mapOf = (file: string) => {
    if (!maps.has(file)) {
      const mapFile = path.join(bundleDir, `${file}.map`);
      maps.set(
        file,
        existsSync(mapFile) ? new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))) : null,
      );
    }
    return maps.get(file)!;
  };
  return trace.replace(FRAME, (frame, file: string, line: string, column: string) => {
    // findEntry counts lines and columns from 0; stack traces from 1.
    const entry = mapOf(file)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    const source = entry.originalSource.startsWith('file://')
      ? new URL(entry.originalSource).pathname
      : path.resolve(bundleDir, entry.originalSource);
    return `${path.relative(REPO_ROOT, source)}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, synthDir = path.join(REPO_ROOT, 'cdk.out')] = process.argv.slice(2);
  if (!name || !(name in FUNCTION_ENTRIES)) {
    process.stderr.write(
      `usage: npm run symbolicate -- <${Object.keys(FUNCTION_ENTRIES).join('|')}> [synth dir] < trace\n`,
    );
    process.exit(2);
  }
  const bundleDir = existsSync(synthDir) ? bundlesIn(synthDir).get(name as FunctionName) : null;
  if (!bundleDir) {
    process.stderr.write(
      `no ${name} bundle in ${synthDir}: run \`npm run synth\` on the commit that was deployed\n`,
    );
    process.exit(1);
  }
  process.stdout.write(symbolicate(readFileSync(0, 'utf8'), bundleDir));
}
