import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import { claimAddress } from '../../shared/use-cases/claim-address';
import { addUserAddress, removeUserAddress } from '../../shared/use-cases/user-addresses';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { CLI_TEST_TIMEOUT_MS, cliEnv, tend, tendJson } from './run-cli';

/**
 * SPEC 5: `users remove EMAIL --yes` erases the user's raw mail too; `users address add|remove`
 * changes a user's sending addresses without losing anything. Through the real CLI, against this
 * file's own table and bucket; mail is delivered the way SES does it (raw MIME into s3rver, then
 * ingest).
 */

const NOW = '2026-11-26T12:00:00Z';

let h: Harness;
let env: Record<string, string>;

beforeAll(async () => {
  h = await createHarness('cli-users', NOW);
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
});

async function storedKeys(): Promise<string[]> {
  return (await h.app.rawMail.list(h.ctx.prefix)).sort();
}

/** An item as the table holds it (the harness's user store caches addresses for 30 s). */
async function item({ pk, sk }: { pk: string; sk: string }) {
  const out = await h.ctx.dynamodb.send(
    new GetItemCommand({ TableName: h.ctx.table, Key: { pk: { S: pk }, sk: { S: sk } } }),
  );
  return out.Item ?? null;
}

/** The S3-key marker of a stored message (it lives outside any user's partition). */
const marker = (s3Key: string) => item(keys.s3KeyMarker(s3Key));

describe('users remove', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let alice: User;
  let bob: User;
  const aliceKeys = ['inbound/alice-bcc', 'inbound/alice-forward', 'inbound/alice-spoofed'];
  const bobKeys = ['inbound/bob-bcc', 'inbound/bob-spoofed'];

  beforeAll(async () => {
    alice = await h.register('alice@example.com', 'Europe/Paris', ['alice@work.example']);
    bob = await h.register('bob@example.com');
    const deliveries = await Promise.all([
      h.deliver(mail({ from: 'alice@example.com', to: 'dana@example.org' }), {
        sesId: 'alice-bcc',
      }),
      h.deliver(mail({ from: 'alice@work.example', to: 'erin@example.org' }), {
        sesId: 'alice-forward',
      }),
      // Quarantined under Alice: the record keeps the S3 key.
      h.deliver(mail({ from: 'alice@example.com', to: 'x@example.org' }), {
        sesId: 'alice-spoofed',
        verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
      }),
      h.deliver(mail({ from: 'bob@example.com', to: 'dana@example.org' }), { sesId: 'bob-bcc' }),
      h.deliver(mail({ from: 'bob@example.com', to: 'y@example.org' }), {
        sesId: 'bob-spoofed',
        verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' },
      }),
      h.deliver(mail({ from: 'stranger@example.net', to: 'z@example.org' }), {
        sesId: 'stranger',
      }),
    ]);
    expect(deliveries.map((d) => d.outcome)).toEqual([
      'logged',
      'logged',
      'quarantined',
      'logged',
      'quarantined',
      'quarantined',
    ]);
    expect(await storedKeys()).toEqual([...aliceKeys, ...bobKeys, 'inbound/stranger'].sort());
    // An address Alice claimed in Settings, waiting for its email: erased with her.
    await claimAddress(h.app, alice, 'alice@side.example', h.now());
    expect(await item(keys.addressClaimsVersion(alice.id))).not.toBeNull();
  });

  it('without --yes erases nothing and says what --yes would erase', async () => {
    const r = await tend(env, ['users', 'remove', 'alice@example.com']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'tend: this erases alice@example.com for good: 2 contacts with their history, notes and prompts, ' +
        'the settings, the addresses (alice@example.com, alice@work.example) and 3 stored emails (raw mail). ' +
        'Nothing can bring it back; add --yes to go ahead: tend users remove alice@example.com --yes\n',
    );
    expect(await h.app.users.get(alice.id)).not.toBeNull();
    expect(await storedKeys()).toHaveLength(6);
  });

  it('refuses an address no user has, with or without --yes', async () => {
    const [plain, yes] = await Promise.all([
      tend(env, ['users', 'remove', 'nobody@example.com']),
      tend(env, ['users', 'remove', 'nobody@example.com', '--yes']),
    ]);
    for (const r of [plain, yes])
      expect(r).toMatchObject({
        code: 1,
        stdout: '',
        stderr: 'tend: no Tend user has the address nobody@example.com\n',
      });
  });

  it("with --yes erases the user's table items, S3-key markers and raw mail; others' stay", async () => {
    const r = await tend(env, ['users', 'remove', 'alice@work.example', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^removed alice@example.com: \d+ records and 3 stored emails erased\n$/,
    );

    expect(await storedKeys()).toEqual([...bobKeys, 'inbound/stranger'].sort());
    for (const key of aliceKeys.slice(0, 2)) expect(await marker(key)).toBeNull();
    expect(await marker('inbound/bob-bcc')).not.toBeNull();

    expect(await h.app.users.get(alice.id)).toBeNull();
    expect(await item(keys.address('alice@work.example'))).toBeNull();
    expect(await item(keys.address('alice@example.com'))).toBeNull();
    expect(await h.app.addressClaims.listByAddress('alice@side.example')).toEqual([]);
    expect(await item(keys.addressClaim(alice.id, 'alice@side.example'))).toBeNull();
    expect(await item(keys.addressClaimsVersion(alice.id))).toBeNull();
    expect(await h.app.contacts.list(alice.id)).toEqual([]);
    expect(await h.app.quarantine.list(alice.id)).not.toContainEqual(
      expect.objectContaining({ userId: alice.id }),
    );
    // Bob keeps everything.
    expect((await h.app.contacts.list(bob.id)).map((c) => c.email)).toEqual(['dana@example.org']);
    expect(
      (await h.app.quarantine.list(bob.id)).filter((q) => q.userId === bob.id).map((q) => q.s3Key),
    ).toEqual(['inbound/bob-spoofed']);
  });
});

describe('users address add|remove', { timeout: CLI_TEST_TIMEOUT_MS }, () => {
  let carol: User;

  beforeAll(async () => {
    carol = await h.register('carol@example.com', 'America/New_York');
    await h.register('dave@example.com', 'UTC', ['dave@side.example']);
    expect(
      (await h.deliver(mail({ from: 'carol@example.com', to: 'Rita <rita@example.org>' }))).outcome,
    ).toBe('logged');
  });

  it('adds an address: later mail from it logs to the same user, nothing is lost', async () => {
    const out = await tendJson<{ email: string; addresses: string[] }>(env, [
      'users',
      'address',
      'add',
      'carol@example.com',
      'Carol@New.Example',
    ]);
    expect(out).toMatchObject({
      email: 'carol@example.com',
      addresses: ['carol@example.com', 'carol@new.example'],
    });

    const outcome = await h.deliver(
      mail({ from: 'Carol <carol@new.example>', to: 'Sam <sam@example.org>' }),
    );
    expect(outcome.outcome).toBe('logged');
    const after = (await h.app.users.get(carol.id))!;
    expect(after).toMatchObject({ email: 'carol@example.com', timezone: 'America/New_York' });
    expect((await h.app.contacts.list(carol.id)).map((c) => c.email).sort()).toEqual([
      'rita@example.org',
      'sam@example.org',
    ]);
  });

  it('says so in words without --json', async () => {
    const r = await tend(env, [
      'users',
      'address',
      'add',
      'carol@new.example',
      'carol@third.example',
    ]);
    expect(r).toMatchObject({
      code: 0,
      stdout:
        'carol@example.com sends from carol@example.com, carol@new.example, carol@third.example\n',
    });
  });

  it.each([
    [
      'an address of another user',
      ['add', 'carol@example.com', 'dave@side.example'],
      'tend: dave@side.example is already registered to another Tend user (an address of dave@example.com)\n',
    ],
    [
      "another user's primary address",
      ['add', 'carol@example.com', 'DAVE@example.com'],
      'tend: dave@example.com is already registered to another Tend user\n',
    ],
    [
      'an address the user has',
      ['add', 'carol@example.com', 'carol@new.example'],
      'tend: carol@new.example is already an address of carol@example.com\n',
    ],
    [
      'not an address',
      ['add', 'carol@example.com', 'carol'],
      "tend: 'carol' is not an email address\n",
    ],
    [
      'an unknown user',
      ['add', 'nobody@example.com', 'x@example.com'],
      'tend: no Tend user has the address nobody@example.com\n',
    ],
    [
      'the primary address',
      ['remove', 'carol@new.example', 'carol@example.com'],
      'tend: carol@example.com is the primary address of carol@example.com (Tend sends every email there), so it cannot be removed\n',
    ],
    [
      "an address that is not the user's",
      ['remove', 'carol@example.com', 'dave@side.example'],
      'tend: dave@side.example is not an address of carol@example.com (its addresses: carol@example.com, carol@new.example, carol@third.example)\n',
    ],
    [
      'an unknown user',
      ['remove', 'nobody@example.com', 'x@example.com'],
      'tend: no Tend user has the address nobody@example.com\n',
    ],
  ])('refuses %s', async (_what, args, stderr) => {
    const r = await tend(env, ['users', 'address', ...args]);
    expect(r).toMatchObject({ code: 1, stdout: '', stderr });
  });

  it("refuses a user's last address", async () => {
    await h.register('solo@example.com');
    const r = await tend(env, [
      'users',
      'address',
      'remove',
      'solo@example.com',
      'solo@example.com',
    ]);
    expect(r).toMatchObject({
      code: 1,
      stderr:
        'tend: solo@example.com is the only address of solo@example.com: add another first, or remove the user with `tend users remove solo@example.com --yes`\n',
    });
    expect((await h.app.users.findByAddress('solo@example.com'))?.addresses).toEqual([
      'solo@example.com',
    ]);
  });

  it('removes an address: mail from it is no longer the user’s, and the address is free again', async () => {
    const r = await tendJson<{ addresses: string[] }>(env, [
      'users',
      'address',
      'remove',
      'carol@example.com',
      'carol@third.example',
    ]);
    expect(r.addresses).toEqual(['carol@example.com', 'carol@new.example']);
    expect(await h.deliver(mail({ from: 'carol@third.example', to: 'tom@example.org' }))).toEqual({
      outcome: 'quarantined',
      reason: 'unknown-sender',
    });
    expect(await h.app.contacts.get(carol.id, 'tom@example.org')).toBeNull();
    expect((await h.app.contacts.list(carol.id)).length).toBe(2);

    const taken = await tendJson<{ addresses: string[] }>(env, [
      'users',
      'address',
      'add',
      'dave@example.com',
      'carol@third.example',
    ]);
    expect(taken.addresses).toContain('carol@third.example');
  });

  it('changes only the addresses: a setting saved meanwhile stays', async () => {
    const users = h.app.users;
    const stale = (await users.get(carol.id))!;
    await users.save({ ...stale, timezone: 'Europe/Lisbon' });
    const next = await addUserAddress(users, stale, 'carol@fourth.example');
    expect(next).toMatchObject({ timezone: 'Europe/Lisbon' });
    expect(next.addresses).toContain('carol@fourth.example');
    expect(await users.get(carol.id)).toMatchObject({
      timezone: 'Europe/Lisbon',
      addresses: next.addresses,
    });
    await removeUserAddress(users, next, 'carol@fourth.example');
    expect(await users.get(carol.id)).toMatchObject({
      timezone: 'Europe/Lisbon',
      addresses: stale.addresses,
    });
  });

  it('does not keep answering for a removed address from the cache of the same process', async () => {
    const users = h.app.users;
    const before = (await users.findByAddress('carol@new.example'))!; // now cached
    expect(before.id).toBe(carol.id);
    await removeUserAddress(users, before, 'carol@new.example');
    expect(await users.findByAddress('carol@new.example')).toBeNull();
    expect((await users.findByAddress('carol@example.com'))?.addresses).toEqual([
      'carol@example.com',
    ]);
  });
});
