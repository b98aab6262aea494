import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createApp, type App } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import type { User } from '../../shared/domain/types';
import { dispatch } from '../../shared/use-cases/dispatch-run';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail, type IngestOutcome } from '../../shared/use-cases/ingest-email';
import { registerUser } from '../../shared/use-cases/users';
import { countingDynamoDbClient, type CountingClient } from '../../local/workload/request-counter';
import { createTestContext, type TestContext } from './test-context';

export interface DeliverOptions {
  recipients?: string[];
  verdicts?: { spf?: string; dkim?: string; dmarc?: string };
  /** The SES message id (the S3 key is prefix + id); random when absent. */
  sesId?: string;
  envelopeSender?: string;
  receivedAt?: Date;
}

/**
 * Tend wired to this test file's own table and bucket on the real local services, with a clock
 * the test moves. Deliveries go the way SES does it: raw bytes into S3, then the ingest use case.
 */
export interface Harness {
  ctx: TestContext;
  app: App;
  /** Every DynamoDB request the app makes, counted (SDK middleware on its client). */
  requests: CountingClient;
  now(): Date;
  setNow(iso: string): void;
  register(email: string, timezone?: string, also?: string[]): Promise<User>;
  deliver(raw: string | Buffer, options?: DeliverOptions): Promise<IngestOutcome>;
  tick(iso?: string): ReturnType<typeof dispatch>;
}

export async function createHarness(
  name: string,
  startAt = '2026-11-26T10:00:00Z',
  env: Record<string, string> = {},
): Promise<Harness> {
  const ctx = await createTestContext({ name, env });
  ctx.applyEnv();
  let now = new Date(startAt);
  const requests = countingDynamoDbClient();
  const app = createApp(parseConfig(ctx.env), {
    clock: { now: () => now },
    dynamodb: requests.client,
  });
  const h: Harness = {
    ctx,
    app,
    requests,
    now: () => now,
    setNow(iso) {
      now = new Date(iso);
    },
    register: (email, timezone = 'America/New_York', also = []) =>
      registerUser(app.users, { email, timezone, also }, now),
    async deliver(raw, options = {}) {
      const sesId = options.sesId ?? randomBytes(12).toString('hex');
      const key = `${ctx.prefix}${sesId}`;
      await ctx.s3.send(
        new PutObjectCommand({
          Bucket: ctx.bucket,
          Key: key,
          Body: typeof raw === 'string' ? Buffer.from(raw) : raw,
        }),
      );
      return ingestEmail(ingestDeps(app), {
        s3Key: key,
        receivedAt: options.receivedAt ?? now,
        recipients: options.recipients ?? [`log@${ctx.domain}`],
        envelopeSender: options.envelopeSender ?? 'me@example.com',
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', ...options.verdicts },
      });
    },
    tick: (iso) => dispatch(app, iso ? new Date(iso) : now),
  };
  return h;
}

export { forwardedMail, mail } from '../../local/workload/mail-builders';
