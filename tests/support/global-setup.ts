import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { startLocalServices } from '../../local/services';
import type { ProvidedLocalServices } from './provided-context';

/**
 * Vitest global setup: the compiled CLI, and one DynamoDB Local, s3rver and aws-ses-v2-local for the whole run, on
 * free ports, in memory. Test files reach them with `inject('localServices')` (or
 * createTestContext(), which also gives each file its own table and bucket).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // The compiled CLI, as `npm ci` builds it, once: tests that run the real binary then never
  // race each other to rebuild it.
  execFileSync(process.execPath, ['bin/build-cli.mjs'], { stdio: 'inherit' });
  const services = await startLocalServices();
  const provided: ProvidedLocalServices = { endpoints: services.endpoints, env: services.env };
  project.provide('localServices', provided);
  return async () => {
    await services.stop();
  };
}
