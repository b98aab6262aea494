import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { loadTokenSecret } from '../../shared/adapters/ssm/token-secret';
import { SesSendingLimits } from '../../shared/adapters/ses/ses-sending-limits';
import { createApp, type App } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import { onFirstUse } from '../../shared/on-first-use';
import type { User } from '../../shared/domain/types';
import { dispatch } from '../../shared/use-cases/dispatch-run';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail, type IngestOutcome } from '../../shared/use-cases/ingest-email';
import { registerUser } from '../../shared/use-cases/users';
import { countingDynamoDbClient, type CountingClient } from '../../local/workload/request-counter';
import { iamWorld, type IamWorld, type TendFunctionId } from './iam/iam-world';
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
 * `deliver` runs as the Ingest function and `tick` as the Dispatch function: every DynamoDB, S3,
 * SES and SSM call they make is refused unless that function's role in the synthesized template
 * grants it (tests/support/iam). `register`, seeding and the test's own calls on `app` stand for
 * the CLI and the operator: unrestricted.
 */
export interface Harness {
  ctx: TestContext;
  app: App;
  /** Every DynamoDB request the app makes, counted (SDK middleware on its client). */
  requests: CountingClient;
  /** The template's roles, and the grants the flows have used. */
  iam: IamWorld;
  /** Runs `flow` as the function, behind its role (`as('Web', () => …)`). */
  as<T>(fn: TendFunctionId, flow: () => Promise<T>): Promise<T>;
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
  const envConfig = parseConfig(ctx.env);
  const iam = await iamWorld({
    table: ctx.table,
    bucket: ctx.bucket,
    inboundDomain: envConfig.TEND_INBOUND_DOMAIN,
    fromAddress: envConfig.TEND_FROM,
  });
  // As deployed: the secret is read from the template's SSM parameter (answered in process with
  // this file's secret), and every send names the template's configuration set.
  const { TEND_TOKEN_SECRET: secret = '', ...deployedEnv } = ctx.env;
  const config = parseConfig({
    ...deployedEnv,
    TEND_TOKEN_SECRET_PARAM: iam.tokenParameter,
    TEND_CONFIGURATION_SET: iam.configurationSet,
  });
  const clients = iam.clients(secret);
  const app = createApp(config, {
    ...clients,
    // As the dispatcher's handler does it: the account's limits, read from SES (GetAccount).
    sendingLimits: new SesSendingLimits(clients.ses),
    clock: { now: () => now },
    dynamodb: iam.enforceDynamoDb(requests.client),
  });
  // Each function reads the secret once per process, through its own role; setup reads it
  // unrestricted.
  const secrets = new Map<string, () => Promise<string>>();
  app.tokenSecret = () => {
    const fn = iam.current()?.functionId ?? '';
    let load = secrets.get(fn);
    if (!load) secrets.set(fn, (load = onFirstUse(() => loadTokenSecret(config, clients.ssm))));
    return load();
  };
  const as: Harness['as'] = (fn, flow) => iam.as(fn, flow);
  const h: Harness = {
    ctx,
    app,
    requests,
    iam,
    as,
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
      const receipt = {
        s3Key: key,
        receivedAt: options.receivedAt ?? now,
        recipients: options.recipients ?? [`log@${ctx.domain}`],
        envelopeSender: options.envelopeSender ?? 'me@example.com',
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', ...options.verdicts },
      };
      return as('Ingest', () => ingestEmail(ingestDeps(app), receipt));
    },
    tick: (iso) => as('Dispatch', () => dispatch(app, iso ? new Date(iso) : now)),
  };
  return h;
}

export { forwardedMail, mail } from '../../local/workload/mail-builders';
