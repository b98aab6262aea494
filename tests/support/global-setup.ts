import type { TestProject } from 'vitest/node';
import { startLocalServices } from '../../local/services';
import type { ProvidedLocalServices } from './provided-context';

/**
 * Vitest global setup: one DynamoDB Local, s3rver and aws-ses-v2-local for the whole run, on
 * free ports, in memory. Test files reach them with `inject('localServices')` (or
 * createTestContext(), which also gives each file its own table and bucket).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const services = await startLocalServices();
  const provided: ProvidedLocalServices = { endpoints: services.endpoints, env: services.env };
  project.provide('localServices', provided);
  return async () => {
    await services.stop();
  };
}
