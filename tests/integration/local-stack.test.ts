import { execFile } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../shared/adapters/dynamodb/table-definition';
import {
  DEFAULT_LOCAL_PORTS,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  localEnv,
  localPorts,
} from '../../local/env';
import {
  ensureBucket,
  localDynamoDbClient,
  localS3Client,
  PortInUseError,
  sesEmailsTo,
  sesStore,
  startLocalServices,
} from '../../local/services';
import { createTestContext, localServices } from '../support/test-context';

const run = promisify(execFile);
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tend-local-stack-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function sesClient(endpoint: string): SESv2Client {
  return new SESv2Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
}

function sendTo(ses: SESv2Client, to: string, subject = 'hello') {
  return ses.send(
    new SendEmailCommand({
      FromEmailAddress: 'tend@in.tend.localhost',
      Destination: { ToAddresses: [to] },
      Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: 'body' } } } },
    }),
  );
}

async function javaPidsFor(dir: string): Promise<number[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => /\bjava\b/.test(line) && line.includes(dir))
    .map((line) => Number(line.trim().split(/\s+/)[0]));
}

describe('localEnv', () => {
  it('points the AWS SDK at the documented local ports with dummy credentials and a generated token secret', () => {
    const dataDir = join(scratch, 'env-defaults');
    const env = localEnv({ TEND_DATA_DIR: dataDir, PATH: '/bin' });

    expect(env).toMatchObject({
      PATH: '/bin',
      AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${DEFAULT_LOCAL_PORTS.dynamodb}`,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${DEFAULT_LOCAL_PORTS.s3}`,
      AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${DEFAULT_LOCAL_PORTS.ses}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      TEND_DATA_DIR: resolve(dataDir),
    });
    expect(env.TEND_TOKEN_SECRET).toMatch(/^[0-9a-f]{64}$/);
    const secretFile = join(dataDir, 'token-secret');
    expect(statSync(secretFile).mode & 0o777).toBe(0o600);

    // The same data directory gives the same secret: tokens issued yesterday still verify.
    expect(localEnv({ TEND_DATA_DIR: dataDir }).TEND_TOKEN_SECRET).toBe(env.TEND_TOKEN_SECRET);
  });

  it('defaults the data directory to .tend/ in the working directory', () => {
    const env = localEnv({ TEND_TOKEN_SECRET: 'x'.repeat(32) });
    expect(env.TEND_DATA_DIR).toBe(resolve('.tend/'));
  });

  it('follows the TEND_*_PORT variables', () => {
    const env = localEnv({
      TEND_DATA_DIR: join(scratch, 'env-ports'),
      TEND_DYNAMODB_PORT: '18000',
      TEND_S3_PORT: '14569',
      TEND_SES_PORT: '18005',
    });
    expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBe('http://127.0.0.1:18000');
    expect(env.AWS_ENDPOINT_URL_S3).toBe('http://127.0.0.1:14569');
    expect(env.AWS_ENDPOINT_URL_SESV2).toBe('http://127.0.0.1:18005');
    expect(localPorts({ TEND_SMTP_PORT: '2626' }).smtp).toBe(2626);
  });

  it('keeps what is already set', () => {
    const env = localEnv({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://db.internal:9000',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'mine',
      AWS_SECRET_ACCESS_KEY: 'mine-too',
      TEND_TOKEN_SECRET: 's'.repeat(32),
      TEND_DATA_DIR: join(scratch, 'env-keep'),
    });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://db.internal:9000',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'mine',
      AWS_SECRET_ACCESS_KEY: 'mine-too',
      TEND_TOKEN_SECRET: 's'.repeat(32),
    });
    expect(existsSync(join(scratch, 'env-keep', 'token-secret'))).toBe(false);
  });

  it('changes nothing when TEND_TARGET=aws', () => {
    const base = {
      TEND_TARGET: 'aws',
      TEND_DATA_DIR: join(scratch, 'env-aws'),
      AWS_PROFILE: 'prod',
    };
    expect(localEnv(base)).toEqual(base);
    expect(existsSync(join(scratch, 'env-aws'))).toBe(false);
  });

  it.each([['abc'], ['0'], ['70000'], ['80.5'], ['-1']])(
    'refuses TEND_DYNAMODB_PORT=%s, naming the variable',
    (value) => {
      expect(() => localEnv({ TEND_DYNAMODB_PORT: value })).toThrow(/TEND_DYNAMODB_PORT/);
    },
  );
});

describe('startLocalServices', () => {
  const started: Array<{ stop(): Promise<void> }> = [];
  afterEach(async () => {
    for (const s of started.splice(0)) await s.stop();
  });

  it('keeps DynamoDB and S3 data in the data directory across a restart, and leaves no Java process', async () => {
    const dataDir = join(scratch, 'persist');
    const first = await startLocalServices({ dataDir });
    started.push(first);
    const db = localDynamoDbClient(first.endpoints.dynamodb);
    const s3 = localS3Client(first.endpoints.s3);
    const ctxTable = 'persisted';
    await ensureTable(db, ctxTable);
    await db.send(
      new PutItemCommand({
        TableName: ctxTable,
        Item: { pk: { S: 'A' }, sk: { S: 'B' }, v: { S: 'kept' } },
      }),
    );
    await ensureBucket(s3, 'persisted');
    await s3.send(
      new PutObjectCommand({ Bucket: 'persisted', Key: 'inbound/x', Body: 'raw mail' }),
    );
    expect(await javaPidsFor(dataDir)).toHaveLength(1);
    await started.pop()!.stop();
    expect(await javaPidsFor(dataDir)).toEqual([]);

    const second = await startLocalServices({ dataDir });
    started.push(second);
    const db2 = localDynamoDbClient(second.endpoints.dynamodb);
    const item = await db2.send(
      new GetItemCommand({ TableName: ctxTable, Key: { pk: { S: 'A' }, sk: { S: 'B' } } }),
    );
    expect(item.Item?.v).toEqual({ S: 'kept' });
    const obj = await localS3Client(second.endpoints.s3).send(
      new GetObjectCommand({ Bucket: 'persisted', Key: 'inbound/x' }),
    );
    expect(await obj.Body?.transformToString()).toBe('raw mail');
  }, 120_000);

  it('stops and restarts local SES on the same port, keeping its store (outage tests)', async () => {
    const services = await startLocalServices();
    started.push(services);
    const ses = sesClient(services.endpoints.ses);
    await sendTo(ses, 'before@example.com');

    await services.stopSes();
    await expect(sendTo(ses, 'during@example.com')).rejects.toThrow();

    await services.startSes();
    await sendTo(ses, 'after@example.com');
    const to = (await sesStore(services.endpoints.ses)).flatMap((e) => e.destination.to);
    expect(to).toEqual(['before@example.com', 'after@example.com']);
  }, 120_000);

  it('refuses a port already in use, naming the service', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(startLocalServices({ ports: { s3: port } })).rejects.toThrow(PortInUseError);
      await expect(startLocalServices({ ports: { s3: port } })).rejects.toMatchObject({
        service: 's3',
        port,
      });
    } finally {
      blocker.close();
    }
  });

  it('says Java is the likely problem when DynamoDB Local cannot start', async () => {
    const saved = process.env.JAVA_HOME;
    process.env.JAVA_HOME = join(scratch, 'no-java-here');
    try {
      await expect(startLocalServices()).rejects.toThrow(
        /DynamoDB Local did not start: is Java 17 installed\?/,
      );
    } finally {
      if (saved === undefined) delete process.env.JAVA_HOME;
      else process.env.JAVA_HOME = saved;
    }
  });
});

describe('test support on the shared services', () => {
  it('gives each test file its own table and bucket, and env pointing at them', async () => {
    const ctx = await createTestContext({ name: 'Local Stack!' });
    expect(ctx.table).toMatch(/^tend-local-stack-[0-9a-f]{8}$/);
    const table = await ctx.dynamodb.send(new DescribeTableCommand({ TableName: ctx.table }));
    expect(table.Table?.TableStatus).toBe('ACTIVE');
    await ctx.s3.send(new HeadBucketCommand({ Bucket: ctx.bucket }));
    expect(ctx.env).toMatchObject({
      TEND_TABLE: ctx.table,
      TEND_BUCKET: ctx.bucket,
      AWS_ENDPOINT_URL_DYNAMODB: ctx.endpoints.dynamodb,
      AWS_ENDPOINT_URL_S3: ctx.endpoints.s3,
      AWS_ENDPOINT_URL_SESV2: ctx.endpoints.ses,
    });
  });

  it('reads what local SES accepted, per recipient', async () => {
    const { endpoints } = localServices();
    const to = `reader-${Date.now()}@example.com`;
    await sendTo(sesClient(endpoints.ses), to, 'for the reader');
    const emails = await sesEmailsTo(endpoints.ses, to);
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ subject: 'for the reader', from: 'tend@in.tend.localhost' });
  });
});
