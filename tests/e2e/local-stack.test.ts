import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services';
import { isolatedEnv, startStack, type StackProcess } from '../support/stack-process';
import { sleep, waitFor } from '../support/wait-for';

/**
 * `npm start` end to end: the stack as a child process on free ports, the CLI as another, and
 * a BCC'd email over SMTP, as a user would do it (README demo).
 */

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const START_TIMEOUT_MS = 120_000;
const CONTACT_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

let dataDir: string;
let env: Record<string, string>;
let smtpPort: number;
let stack: ChildProcess;
let started: StackProcess;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'tend-e2e-'));
  smtpPort = await freePort();
  // Nothing from the test run's environment may point the stack or the CLI elsewhere.
  env = isolatedEnv({
    TEND_DATA_DIR: dataDir,
    TEND_SMTP_PORT: String(smtpPort),
    TEND_SES_PORT: String(await freePort()),
    TEND_DYNAMODB_PORT: String(await freePort()),
    TEND_S3_PORT: String(await freePort()),
    TEND_WEB_PORT: String(await freePort()),
  });
  started = await startStack(env, START_TIMEOUT_MS);
  stack = started.child;
}, START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  if (stack && stack.exitCode === null && stack.signalCode === null) stack.kill('SIGKILL');
  for (const pid of await javaPidsFor(dataDir)) process.kill(pid, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
});

async function tend(...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tend', ...args], { cwd: ROOT, env, timeout: 60_000 });
  return stdout;
}

interface ContactJson {
  email: string;
  name: string;
  tags: string[];
  cadenceDays: number | null;
  status: string;
  snoozedUntil: string | null;
  firstSeenAt: string;
  lastInteractionAt: string;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  interactionCount: number;
  nextDueAt: string | null;
  source: string;
}

describe('npm start (local stack)', () => {
  it(
    'logs a BCC’d email sent over SMTP, shows it in `tend contacts list --json`, and stops cleanly on SIGTERM',
    async () => {
      expect(started.output).toContain(`smtp://127.0.0.1:${smtpPort}`);
      expect(started.output).toContain(`http://127.0.0.1:${env.TEND_SES_PORT}/`);
      expect(started.output).toContain('npx tend users add');

      await tend('users', 'add', 'me@example.com');

      const info = await nodemailer
        .createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true })
        .sendMail({
          from: 'Me <me@example.com>',
          to: 'Ana Example <ana@example.org>',
          bcc: 'log@in.tend.localhost',
          subject: 'Great to meet you at the meetup',
          text: 'Hi Ana,\n\nGreat to meet you yesterday. Coffee next week?\n\nMe\n',
        });
      expect(info.accepted).toEqual(['log@in.tend.localhost']);

      let ana: ContactJson | undefined;
      await waitFor(
        async () => {
          const contacts = JSON.parse(await tend('contacts', 'list', '--json')) as ContactJson[];
          ana = contacts.find((c) => c.email === 'ana@example.org');
          return ana !== undefined;
        },
        CONTACT_TIMEOUT_MS,
        () => `ana@example.org never appeared in contacts list; stack output:\n${started.output}`,
      );
      expect(ana).toMatchObject({
        email: 'ana@example.org',
        name: 'Ana Example',
        tags: [],
        cadenceDays: null,
        status: 'active',
        snoozedUntil: null,
        lastInboundAt: null,
        interactionCount: 1,
        source: 'email',
      });
      expect(ana?.lastOutboundAt).toBe(ana?.lastInteractionAt);
      expect(Date.parse(ana?.firstSeenAt ?? '')).not.toBeNaN();

      // DynamoDB Local runs as the stack's own child, on our data directory.
      const javaBefore = await javaPidsFor(dataDir);
      expect(javaBefore).toHaveLength(1);

      const exited = new Promise<number | null>((res) => stack.once('exit', (code) => res(code)));
      stack.kill('SIGTERM');
      const code = await Promise.race([
        exited,
        sleep(STOP_TIMEOUT_MS).then(() => 'timeout' as const),
      ]);
      expect(code).toBe(0);
      expect(started.output).toContain('stopped');
      expect(await javaPidsFor(dataDir)).toEqual([]);
    },
    CONTACT_TIMEOUT_MS + STOP_TIMEOUT_MS + 120_000,
  );
});

/** Java processes whose command line mentions this data directory (DynamoDB Local's -dbPath). */
async function javaPidsFor(dir: string): Promise<number[]> {
  if (!dir) return [];
  const { stdout } = await run('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /\bjava\b/.test(line) && line.includes(dir))
    .map((line) => Number(line.split(/\s+/)[0]));
}
