import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parameters } from 'fast-check';

/**
 * How long the property suites run. By default each property runs a few cases, so the folder
 * stays well inside CI's time on a busy 2-core machine. TEND_PROPERTY_RUNS=N is a longer hunt:
 * N cases of each property, where a case is one email or one reply; a property whose case is
 * far bigger (two simulated years) says how many such small cases one of its own is worth
 * (`weight`) and runs N / weight. TEND_PROPERTY_SEED=S replays a failure fast-check reported.
 */
export function propertyRuns(defaultRuns: number, weight = 1): number {
  const wanted = Number(process.env.TEND_PROPERTY_RUNS);
  return Number.isInteger(wanted) && wanted > 0 ? Math.ceil(wanted / weight) : defaultRuns;
}

export function fcParameters<T>(defaultRuns: number, weight = 1): Parameters<T> {
  const seed = Number(process.env.TEND_PROPERTY_SEED);
  return {
    numRuns: propertyRuns(defaultRuns, weight),
    // Each case runs against the real engines: shrinking a failure is worth a few runs at most.
    endOnFailure: true,
    ...(Number.isInteger(seed) ? { seed } : {}),
  };
}

/** A test timeout for the cases a property will run, `perRunMs` each, plus set-up. */
export function timeoutFor(defaultRuns: number, perRunMs: number, weight = 1): number {
  return 20_000 + propertyRuns(defaultRuns, weight) * perRunMs;
}

/** The shared corpus of real mail (../shared/corpus from the repository root), read in place. */
export const CORPUS_EML = fileURLToPath(new URL('../../../shared/corpus/eml/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

export interface CorpusMail {
  name: string;
  raw: Buffer;
}

/** Every raw message of ../shared/corpus/eml, by its path there. */
export function corpusMail(): CorpusMail[] {
  return walk(CORPUS_EML)
    .sort()
    .map((path) => ({ name: relative(CORPUS_EML, path), raw: readFileSync(path) }));
}

/**
 * Puts `from` in the From header (replacing it, with its folded lines, or adding one), so a
 * message gets past the sender check and exercises the rest of ingest.
 */
export function withFrom(raw: Buffer, from: string): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const rest = end < 0 ? '' : text.slice(end);
  const nl = head.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = [];
  let skipping = false;
  let replaced = false;
  for (const line of head.split(/\r?\n/)) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = false;
    if (/^from\s*:/i.test(line)) {
      skipping = true;
      if (!replaced) out.push(`From: ${from}`);
      replaced = true;
      continue;
    }
    out.push(line);
  }
  if (!replaced) out.unshift(`From: ${from}`);
  return Buffer.from(out.join(nl) + rest, 'latin1');
}
