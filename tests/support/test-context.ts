import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { inject } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamodb/table-definition';
import { resetConfig } from '../../shared/config';
import {
  ensureBucket,
  type LocalServiceEndpoints,
  localDynamoDbClient,
  localS3Client,
  sesEmailsTo,
  type SesStoredEmail,
} from '../../local/services';
import type { ProvidedLocalServices } from './provided-context';

/** The services started by tests/support/global-setup.ts. */
export function localServices(): ProvidedLocalServices {
  const provided = inject('localServices');
  if (!provided) {
    throw new Error(
      'no local services: run integration tests with vitest.config.ts (its globalSetup starts them)',
    );
  }
  return provided;
}

export const TEST_INBOUND_DOMAIN = 'in.tend.localhost';
export const TEST_INBOUND_PREFIX = 'inbound/';
export const TEST_FROM = `tend@${TEST_INBOUND_DOMAIN}`;

export interface TestContext {
  table: string;
  bucket: string;
  prefix: string;
  domain: string;
  endpoints: LocalServiceEndpoints;
  /** Service endpoints plus this file's TEND_* configuration. */
  env: Record<string, string>;
  dynamodb: DynamoDBClient;
  s3: S3Client;
  /**
   * Puts `env` into process.env and clears the cached config. Import handlers afterwards
   * (`await import(...)`): they read the configuration once, at module scope.
   */
  applyEnv(): void;
  /** Emails local SES accepted for this address. */
  sentTo(address: string): Promise<SesStoredEmail[]>;
}

/**
 * A table and a bucket of its own for one test file (names unique per call), created on the
 * shared local services, and the environment that points Tend at them.
 */
export async function createTestContext(
  options: { name?: string; env?: Record<string, string> } = {},
): Promise<TestContext> {
  const { endpoints, env: serviceEnv } = localServices();
  const slug =
    (options.name ?? 'test')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 30) || 'test';
  const id = `${slug}-${randomBytes(4).toString('hex')}`;
  const table = `tend-${id}`;
  // Bucket names: 3-63 lowercase letters, digits and hyphens.
  const bucket = `tend-${id}`.slice(0, 63);
  const dynamodb = localDynamoDbClient(endpoints.dynamodb);
  const s3 = localS3Client(endpoints.s3);
  await ensureTable(dynamodb, table);
  await ensureBucket(s3, bucket);

  const env: Record<string, string> = {
    ...serviceEnv,
    TEND_TABLE: table,
    TEND_BUCKET: bucket,
    TEND_INBOUND_PREFIX: TEST_INBOUND_PREFIX,
    TEND_INBOUND_DOMAIN: TEST_INBOUND_DOMAIN,
    TEND_FROM: TEST_FROM,
    TEND_TOKEN_SECRET: randomBytes(32).toString('hex'),
    // A rate no test reaches: pacing has tests of its own (tests/integration/dispatch-pacing).
    TEND_SES_RATE: '1000',
    ...options.env,
  };
  return {
    table,
    bucket,
    prefix: env.TEND_INBOUND_PREFIX ?? TEST_INBOUND_PREFIX,
    domain: env.TEND_INBOUND_DOMAIN ?? TEST_INBOUND_DOMAIN,
    endpoints,
    env,
    dynamodb,
    s3,
    applyEnv() {
      Object.assign(process.env, env);
      resetConfig();
    },
    sentTo: (address) => sesEmailsTo(endpoints.ses, address),
  };
}
