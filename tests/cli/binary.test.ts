import { createServer } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { createTestContext, type TestContext } from '../support/test-context';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tendProcess } from './run-cli';

/**
 * The real binary, as `npx tend` runs it (node bin/tend.mjs → the compiled dist/cli, built by the
 * tests' global setup as `npm ci` builds it): exit codes, stdout kept for output, stderr for
 * errors. The other CLI tests run the same program in their own process.
 */

let ctx: TestContext;
let env: Record<string, string>;

beforeAll(async () => {
  ctx = await createTestContext({ name: 'cli-binary' });
  env = cliEnv(ctx.env, { TEND_NOW: '2026-11-26T12:00:00Z' });
});

describe('the tend binary', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('prints its version and help and exits 0', async () => {
    const [version, help] = await Promise.all([
      tendProcess(env, ['--version']),
      tendProcess(env, ['--help']),
    ]);
    expect(version).toEqual({ code: 0, stdout: `${packageJson.version}\n`, stderr: '' });
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    for (const group of ['users', 'contacts', 'quarantine', 'settings', 'import', 'tick', 'doctor'])
      expect(help.stdout).toMatch(new RegExp(`^  ${group}\\b`, 'm'));
  });

  it('exits 2 on an unknown command, with the usage on stderr', async () => {
    const r = await tendProcess(env, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^tend: unknown command 'frobnicate'/);
    expect(r.stderr).toContain('Usage: tend');
  });

  it('writes only JSON on stdout for --json, against the local services', async () => {
    const added = await tendProcess(env, ['users', 'add', 'me@example.com', '--json']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(added.stdout)).toMatchObject({ email: 'me@example.com', timezone: 'UTC' });
    const listed = await tendProcess(env, ['contacts', 'list', '--json']);
    expect(listed).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('exits 1 and says so when the database does not answer', async () => {
    const closed = await closedPort();
    const r = await tendProcess(
      cliEnv(ctx.env, { TEND_DYNAMODB_ENDPOINT: `http://127.0.0.1:${closed}` }),
      ['contacts', 'list'],
    );
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tend: cannot reach the database: is the local stack running (`npm start`)?\n',
    });
  });
});

/** A loopback port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
