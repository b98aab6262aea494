import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../local/services';
import { tend } from '../cli/run-cli';
import { localServices } from '../support/test-context';
import { isolatedEnv, startStack, type StackProcess } from '../support/stack-process';

/**
 * Issue 12's "done means": a newcomer runs `npm start`, runs `tend login-link`, opens the link and
 * is signed in. The stack runs as `npm start` runs it, on the test run's engines (the
 * TEND_*_ENDPOINT variables), with the web app on a port of its own (TEND_WEB_PORT).
 */

/** No JVM to wait for, but tsx still compiles the handlers and the web app on a cold cache. */
const START_TIMEOUT_MS = 60_000;

describe('npm start serves the web app', () => {
  let scratch: string;
  let stack: ChildProcess | undefined;
  let started: StackProcess;
  let env: Record<string, string>;
  let webPort: number;

  beforeAll(async () => {
    const shared = localServices().endpoints;
    scratch = await mkdtemp(join(tmpdir(), 'tend-web-start-'));
    webPort = await freePort();
    const id = randomBytes(4).toString('hex');
    env = isolatedEnv({
      TEND_DATA_DIR: scratch,
      TEND_TABLE: `tend-web-start-${id}`,
      TEND_BUCKET: `tend-web-start-${id}`,
      TEND_DYNAMODB_ENDPOINT: shared.dynamodb,
      TEND_S3_ENDPOINT: shared.s3,
      TEND_SES_ENDPOINT: shared.ses,
      TEND_SMTP_PORT: String(await freePort()),
      TEND_WEB_PORT: String(webPort),
    });
    started = await startStack(env, START_TIMEOUT_MS);
    stack = started.child;
  }, START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    if (stack && stack.exitCode === null) {
      const exited = new Promise((done) => stack!.once('exit', done));
      stack.kill('SIGTERM');
      await exited;
    }
    await rm(scratch, { recursive: true, force: true });
  });

  it('says where the web app is, and serves it on 127.0.0.1 at TEND_WEB_PORT', async () => {
    expect(started.output).toContain(`web app        http://127.0.0.1:${webPort}/`);
    const res = await fetch(`http://127.0.0.1:${webPort}/`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/signin');
  });

  it('signs in with the link `tend login-link` prints', async () => {
    const base = `http://127.0.0.1:${webPort}`;
    expect((await tend(env, ['users', 'add', 'newcomer@example.com'])).code).toBe(0);
    const printed = await tend(env, ['login-link']);
    expect(printed.code).toBe(0);
    const link = printed.stdout.split('\n')[0]!;
    expect(link).toMatch(new RegExp(`^${base}/login/[A-Za-z0-9_-]{43}$`));

    const shown = await fetch(link);
    expect(await shown.text()).toContain('Sign in');
    const signedIn = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: base, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: link.split('/').pop()! }).toString(),
    });
    expect(signedIn.status).toBe(303);
    const cookie = signedIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const today = await fetch(`${base}/today`, { headers: { Cookie: cookie } });
    expect(today.status).toBe(200);
    expect(await today.text()).toContain('Signed in as newcomer@example.com');
  });
});
