import { randomBytes } from 'node:crypto';
import { mail } from '../local/workload/mail-builders';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { ensureTable } from '../shared/adapters/dynamodb/table-definition';
import { createApp, type App } from '../shared/app';
import { parseConfig } from '../shared/config';
import { logger } from '../shared/logger';
import { dispatch } from '../shared/use-cases/dispatch-run';
import { ingestDeps } from '../shared/use-cases/ingest-deps';
import { ingestEmail, type IngestOutcome } from '../shared/use-cases/ingest-email';
import {
  ensureBucket,
  localDynamoDbClient,
  localS3Client,
  type LocalServices,
  sesEmailsTo,
  startLocalServices,
} from '../local/services';
import { countingDynamoDbClient, type CountingClient } from '../local/workload/request-counter';

/** One benchmark scenario's Tend: its own table and bucket, a clock it moves, counted requests. */
export interface BenchApp {
  app: App;
  requests: CountingClient;
  now: { t: Date };
  deliver(raw: string, recipients?: string[]): Promise<IngestOutcome>;
  tick(iso: string): ReturnType<typeof dispatch>;
  sentTo(address: string): ReturnType<typeof sesEmailsTo>;
}

export interface Bench {
  services: LocalServices;
  freshApp(name: string, startAt: string): Promise<BenchApp>;
}

export async function startBench(): Promise<Bench> {
  const services = await startLocalServices();
  Object.assign(process.env, services.env);
  logger.setLogLevel('ERROR');
  const s3 = localS3Client(services.endpoints.s3);
  return {
    services,
    async freshApp(name, startAt) {
      const table = `bench-${name}-${randomBytes(3).toString('hex')}`;
      await ensureTable(localDynamoDbClient(services.endpoints.dynamodb), table);
      await ensureBucket(s3, table);
      const config = parseConfig({
        ...services.env,
        TEND_TABLE: table,
        TEND_BUCKET: table,
        TEND_TOKEN_SECRET: randomBytes(32).toString('hex'),
        // Local SES has no account: a rate no bench but the spike (bench/scale.ts) reaches.
        TEND_SES_RATE: '1000',
      });
      const now = { t: new Date(startAt) };
      const requests = countingDynamoDbClient();
      const app = createApp(config, { clock: { now: () => now.t }, dynamodb: requests.client });
      return {
        app,
        requests,
        now,
        async deliver(raw, recipients = ['log@in.tend.localhost']) {
          const key = `inbound/${randomBytes(10).toString('hex')}`;
          await s3.send(new PutObjectCommand({ Bucket: table, Key: key, Body: raw }));
          return ingestEmail(ingestDeps(app), {
            s3Key: key,
            receivedAt: now.t,
            recipients,
            envelopeSender: 'x@bench',
            verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
          });
        },
        tick: (iso) => dispatch(app, new Date(iso)),
        sentTo: (address) => sesEmailsTo(services.endpoints.ses, address),
      };
    },
  };
}

/** A plain email from `from` to `to` (the tests' builder; the Date defaults to 26 Nov 2026). */
export function email(
  from: string,
  to: string,
  options: { subject?: string; date?: string; body?: string } = {},
): string {
  return mail({ from, to, ...options });
}

/** A forwarded intro: it earns a thank-you prompt. */
export { forwardedMail } from '../local/workload/mail-builders';
