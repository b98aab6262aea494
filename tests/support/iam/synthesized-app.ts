import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TemplateJson } from './template-policy';

/** What the IAM tier needs of the real app: both templates and the names that tie them to the world. */
export interface SynthesizedApp {
  readonly stateful: TemplateJson;
  readonly stateless: TemplateJson;
  readonly tableId: string;
  readonly bucketId: string;
  readonly configurationSetId: string;
  readonly tokenParameter: string;
}

/**
 * Kept on disk, keyed by everything the templates are built from (infra/, shared/ for the keys
 * and index fields, cdk.json, the lockfile for the CDK version): each of the harness's some 50
 * test files would otherwise load aws-cdk-lib and synthesize, about 2 s of CPU each.
 */
const CACHE_DIR = path.join(tmpdir(), 'tend-iam-templates');
/** Here, not infra/bundling.ts's: that module loads esbuild, which a cache hit never needs. */
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function inputsHash(context: Record<string, string>): string {
  const hash = createHash('sha256').update(JSON.stringify([context, process.version]));
  const files = ['cdk.json', 'package-lock.json'];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.isFile()) files.push(rel);
    }
  };
  for (const dir of ['infra', 'shared']) walk(dir);
  for (const rel of files.sort())
    hash.update(`\0${rel}\0`).update(readFileSync(path.join(REPO_ROOT, rel)));
  return hash.digest('hex').slice(0, 16);
}

const inProcess = new Map<string, Promise<SynthesizedApp>>();

/**
 * The real app as tests/infra/support.ts builds it (bundling skipped), for this inbound domain
 * and From, so that the policy's values (the `ses:FromAddress` condition) are the world's.
 */
export function synthesizedApp(
  inboundDomain: string,
  fromAddress: string,
): Promise<SynthesizedApp> {
  const context = { inboundDomain, fromAddress };
  const key = inputsHash(context);
  let found = inProcess.get(key);
  if (!found) {
    found = readOrSynthesize(key, context);
    inProcess.set(key, found);
  }
  return found;
}

async function readOrSynthesize(
  key: string,
  context: Record<string, string>,
): Promise<SynthesizedApp> {
  const file = path.join(CACHE_DIR, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SynthesizedApp;
  } catch {
    // Not there yet: synthesize, then write it aside and rename, so no reader sees half a file.
  }
  const [{ Template }, { buildApp, logicalId }] = await Promise.all([
    import('aws-cdk-lib/assertions'),
    import('../../infra/support'),
  ]);
  const built = buildApp(context);
  const app: SynthesizedApp = {
    stateful: Template.fromStack(built.stateful).toJSON() as TemplateJson,
    stateless: Template.fromStack(built.stateless).toJSON() as TemplateJson,
    tableId: logicalId(built.stateful.table),
    bucketId: logicalId(built.stateful.bucket),
    configurationSetId: logicalId(built.stateless.feedback.configurationSet),
    tokenParameter: built.stateless.tokenSecret.parameterName,
  };
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify(app));
  renameSync(partial, file);
  return app;
}
