import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 5: tables show values whole where they are meant to be copied (S3 keys), dates in the
 * user's timezone; `--json` keeps ISO UTC; `--version` prints the package's version.
 */

const NOW = '2026-11-26T12:00:00Z';
/** Longer than any column used to be allowed (40 characters): `tend reprocess` needs it whole. */
const LONG_SES_ID = 'q4h3k2j1l0m9n8b7v6c5x4z3a2s1d0f9g8h7j6k5-with-a-long-tail';

let h: Harness;
let env: Record<string, string>;

beforeAll(async () => {
  h = await createHarness('cli-tables', '2026-11-25T10:00:00Z');
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
  await h.register('me@example.com', 'America/New_York');
  const outcomes = await Promise.all([
    h.deliver(
      mail({
        to: 'Ana Lopez <ana@example.org>',
        subject: 'Great to meet you',
        date: 'Wed, 25 Nov 2026 10:00:00 +0000',
      }),
    ),
    h.deliver(mail({ from: 'me@example.com', to: 'victim@example.org' }), {
      sesId: LONG_SES_ID,
      verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
    }),
  ]);
  expect(outcomes.map((o) => o.outcome)).toEqual(['logged', 'quarantined']);
});

describe('tables', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('quarantine list shows the whole S3 key and the time in the user’s zone', async () => {
    const [table, json] = await Promise.all([
      tend(env, ['quarantine', 'list']),
      tendJson<Array<{ receivedAt: string; s3Key: string }>>(env, ['quarantine', 'list']),
    ]);
    expect(table.code).toBe(0);
    const row = table.stdout.split('\n').find((l) => l.includes('failed-authentication'));
    // 10:00Z is 05:00 in New York (EST).
    expect(row).toMatch(
      new RegExp(
        `^2026-11-25 05:00 EST\\s+me@example.com\\s+failed-authentication\\s+inbound/${LONG_SES_ID}$`,
      ),
    );
    expect(json).toEqual([
      expect.objectContaining({
        receivedAt: '2026-11-25T10:00:00.000Z',
        s3Key: `inbound/${LONG_SES_ID}`,
      }),
    ]);
  });

  it('contacts list and show give local times with the zone; --json stays ISO UTC', async () => {
    const [list, show, json] = await Promise.all([
      tend(env, ['contacts', 'list']),
      tend(env, ['contacts', 'show', 'ana@example.org']),
      tendJson<Array<{ lastInteractionAt: string; nextDueAt: string }>>(env, ['contacts', 'list']),
    ]);
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((l) => l.startsWith('ana@example.org'));
    // Last contact 10:00Z = 05:00 EST; next due 90 days later, 23 Feb 2027 05:00 EST.
    expect(row).toMatch(
      /^ana@example\.org\s+Ana Lopez\s+2026-11-25 05:00 EST\s+1\s+2027-02-23 05:00 EST$/,
    );
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('next due 2027-02-23 05:00 EST');
    expect(show.stdout).toContain('  1 interaction, first seen 2026-11-25 05:00 EST');
    expect(show.stdout).toMatch(/^ {2}2026-11-25 05:00 EST {2}outbound {2}Great to meet you$/m);
    expect(json[0]).toMatchObject({
      lastInteractionAt: '2026-11-25T10:00:00.000Z',
      nextDueAt: '2027-02-23T10:00:00.000Z',
    });
  });
});

describe('--version', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  it('prints the version in package.json', async () => {
    const pkg = JSON.parse(
      await readFile(new URL('../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    const [long, short] = await Promise.all([tend(env, ['--version']), tend(env, ['-V'])]);
    expect(long).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(short.stdout).toBe(`${pkg.version}\n`);
  });
});
