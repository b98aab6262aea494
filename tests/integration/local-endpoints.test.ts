import { type ChildProcess, execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINT_VARIABLES, externalEndpoints, LocalEnvError, localEnv } from '../../local/env';
import {
  ExternalServiceError,
  freePort,
  localDynamoDbClient,
  localS3Client,
  sesStore,
  startLocalServices,
} from '../../local/services';
import { localServices } from '../support/test-context';
import { isolatedEnv, startStack, type StackProcess } from '../support/stack-process';
import { sleep } from '../support/wait-for';

/**
 * SPEC 6's TEND_DYNAMODB_ENDPOINT, TEND_S3_ENDPOINT and TEND_SES_ENDPOINT: use a service already
 * running there instead of starting one. The "already running" services are the ones the test
 * global setup started.
 */

const run = promisify(execFile);
/** No JVM to wait for here, but tsx still compiles the handlers on a cold cache. */
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;
const SMTP_TIMEOUT_MS = 20_000;

let scratch: string;
/** Refuses every connection at once: a service wrongly started or called on its port fails fast. */
let blocker: Server;
let occupiedPort: number;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'tend-local-endpoints-'));
  blocker = createServer((socket) => socket.destroy());
  await new Promise<void>((res) => blocker.listen(0, '127.0.0.1', () => res()));
  occupiedPort = (blocker.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((res) => blocker.close(() => res()));
  await rm(scratch, { recursive: true, force: true });
});

describe('localEnv with TEND_*_ENDPOINT', () => {
  it('points each service’s AWS endpoint variables at its TEND_*_ENDPOINT, over ports and AWS_ENDPOINT_URL_*', () => {
    const env = localEnv({
      TEND_DATA_DIR: join(scratch, 'env-endpoints'),
      TEND_DYNAMODB_ENDPOINT: 'http://db.internal:9000',
      TEND_S3_ENDPOINT: ' https://s3.internal ',
      TEND_SES_ENDPOINT: 'http://127.0.0.1:18005',
      TEND_DYNAMODB_PORT: '18000',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
      AWS_ENDPOINT_URL_SES: 'http://127.0.0.1:9',
    });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://db.internal:9000',
      AWS_ENDPOINT_URL_S3: 'https://s3.internal',
      AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:18005',
      AWS_ENDPOINT_URL_SES: 'http://127.0.0.1:18005',
    });
  });

  it('leaves the services without one on their ports', () => {
    const env = localEnv({
      TEND_DATA_DIR: join(scratch, 'env-one-endpoint'),
      TEND_S3_ENDPOINT: 'http://127.0.0.1:14569',
      TEND_DYNAMODB_PORT: '18000',
      TEND_SES_PORT: '18005',
    });
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:18000',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:14569',
      AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:18005',
      AWS_ENDPOINT_URL_SES: 'http://127.0.0.1:18005',
    });
    expect(externalEndpoints({ TEND_S3_ENDPOINT: 'http://127.0.0.1:14569' })).toEqual({
      s3: 'http://127.0.0.1:14569',
    });
    expect(externalEndpoints({ TEND_DYNAMODB_ENDPOINT: '  ' })).toEqual({});
  });

  const variables = Object.values(ENDPOINT_VARIABLES);
  const badUrls = ['127.0.0.1:8000', 'localhost:8000', 'ftp://127.0.0.1:8000', 'not a url'];
  it.each(variables.flatMap((variable) => badUrls.map((value) => [variable, value] as const)))(
    'refuses %s=%s, naming the variable',
    (variable, value) => {
      const attempt = () => localEnv({ TEND_TOKEN_SECRET: 's'.repeat(32), [variable]: value });
      expect(attempt).toThrow(LocalEnvError);
      expect(attempt).toThrow(new RegExp(`^${variable} must be an http\\(s\\) URL`));
    },
  );

  it('ignores them with TEND_TARGET=aws (the deployed stack has its own endpoints)', () => {
    const base = { TEND_TARGET: 'aws', TEND_DYNAMODB_ENDPOINT: 'not a url' };
    expect(localEnv(base)).toEqual(base);
  });
});

describe('startLocalServices with external services', () => {
  it('starts only the services not given, without checking the given ones’ ports', async () => {
    const shared = localServices().endpoints;
    const services = await startLocalServices({
      external: { dynamodb: shared.dynamodb, s3: shared.s3 },
      ports: { dynamodb: occupiedPort, s3: occupiedPort },
    });
    try {
      expect(services.started).toEqual(['ses']);
      expect(services.endpoints).toMatchObject({ dynamodb: shared.dynamodb, s3: shared.s3 });
      expect(services.endpoints.ses).not.toBe(shared.ses);
      expect(services.env).toMatchObject({
        AWS_ENDPOINT_URL_DYNAMODB: shared.dynamodb,
        AWS_ENDPOINT_URL_S3: shared.s3,
      });
      // The one it did start answers.
      expect(await sesStore(services.endpoints.ses)).toEqual([]);
    } finally {
      await services.stop();
    }
  });

  it('starts nothing when all are given, and will not stop an SES it did not start', async () => {
    const shared = localServices().endpoints;
    const services = await startLocalServices({ external: shared });
    try {
      expect(services.started).toEqual([]);
      expect(services.endpoints).toEqual(shared);
      await expect(services.stopSes()).rejects.toThrow(ExternalServiceError);
      await expect(services.startSes()).rejects.toThrow(ExternalServiceError);
    } finally {
      await services.stop();
    }
    // Stopping ours left the shared SES running.
    await expect(sesStore(shared.ses)).resolves.toBeInstanceOf(Array);
  });
});

describe('npm start with TEND_*_ENDPOINT (services already running)', () => {
  const id = randomBytes(4).toString('hex');
  const table = `tend-endpoints-${id}`;
  const bucket = `tend-endpoints-${id}`;
  let smtpPort: number;
  let stack: ChildProcess | undefined;
  let started: StackProcess;

  beforeAll(async () => {
    const shared = localServices().endpoints;
    smtpPort = await freePort();
    // Nothing from the test run's environment may point the stack elsewhere.
    const env = isolatedEnv({
      TEND_DATA_DIR: join(scratch, 'stack'),
      TEND_TABLE: table,
      TEND_BUCKET: bucket,
      TEND_DYNAMODB_ENDPOINT: shared.dynamodb,
      TEND_S3_ENDPOINT: shared.s3,
      TEND_SES_ENDPOINT: shared.ses,
      TEND_SMTP_PORT: String(smtpPort),
      TEND_WEB_PORT: String(await freePort()),
      // Taken: the stack must neither check nor use these ports.
      TEND_DYNAMODB_PORT: String(occupiedPort),
      TEND_S3_PORT: String(occupiedPort),
      TEND_SES_PORT: String(occupiedPort),
    });
    started = await startStack(env, START_TIMEOUT_MS);
    stack = started.child;
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null && stack.signalCode === null) stack.kill('SIGKILL');
    for (const pid of await javaDescendantsOf(stack?.pid)) process.kill(pid, 'SIGKILL');
  });

  it('creates the table and the bucket on the given endpoints and says they were already running', async () => {
    const shared = localServices().endpoints;
    const described = await localDynamoDbClient(shared.dynamodb).send(
      new DescribeTableCommand({ TableName: table }),
    );
    expect(described.Table?.TableStatus).toBe('ACTIVE');
    await expect(
      localS3Client(shared.s3).send(new HeadBucketCommand({ Bucket: bucket })),
    ).resolves.toBeDefined();

    expect(started.output).toContain(`${shared.dynamodb}   (already running; table ${table})`);
    expect(started.output).toContain(`${shared.s3}   (already running; bucket ${bucket})`);
    expect(started.output).toContain(`${shared.ses}   (already running)`);
    expect(started.output).toContain(`smtp://127.0.0.1:${smtpPort}`);
    expect(started.output).not.toContain(`127.0.0.1:${occupiedPort}`);
  });

  it('starts no DynamoDB Local of its own', async () => {
    expect(await javaDescendantsOf(stack?.pid)).toEqual([]);
  });

  it(
    'stores inbound mail in the given S3 and hands it to the ingest handler',
    async () => {
      const shared = localServices().endpoints;
      const info = await nodemailer
        .createTransport({
          host: '127.0.0.1',
          port: smtpPort,
          secure: false,
          ignoreTLS: true,
          socketTimeout: SMTP_TIMEOUT_MS,
        })
        .sendMail({
          from: 'Me <me@example.com>',
          to: 'Ana Example <ana@example.org>',
          bcc: 'log@in.tend.localhost',
          subject: 'Great to meet you',
          text: 'Hi Ana,\n\nCoffee next week?\n',
        });
      // Accepted (not 451): the ingest handler ran against the given services without failing.
      expect(info.accepted).toEqual(['log@in.tend.localhost']);
      const listed = await localS3Client(shared.s3).send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: 'inbound/' }),
      );
      expect(listed.KeyCount).toBe(1);
    },
    SMTP_TIMEOUT_MS + 5_000,
  );

  it(
    'stops cleanly on SIGTERM',
    async () => {
      const child = stack;
      if (!child) throw new Error('the stack was not started');
      const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
      child.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const),
      ]);
      expect(code).toBe(0);
      expect(started.output).toContain('stopped');
    },
    STOP_TIMEOUT_MS + 5_000,
  );
});

/** Java processes among `pid`'s descendants (DynamoDB Local would be its child). */
async function javaDescendantsOf(pid: number | undefined): Promise<number[]> {
  if (pid === undefined) return [];
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=,args=']);
  const processes = stdout
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(\d+)\s+(.*)$/))
    .filter((m) => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] ?? '' }));
  const family = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (family.has(p.ppid) && !family.has(p.pid)) {
        family.add(p.pid);
        grew = true;
      }
    }
  }
  return processes
    .filter((p) => p.pid !== pid && family.has(p.pid) && /\bjava\b/.test(p.args))
    .map((p) => p.pid);
}
