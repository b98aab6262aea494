import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../shared/app';
import type { User } from '../../shared/domain/types';
import type { AddressClaim } from '../../shared/ports/address-claim-store';
import { ConcurrentUpdateError } from '../../shared/ports/store-errors';
import {
  claimAddress,
  codeWords,
  MAX_PENDING_CLAIMS,
  pendingClaims,
  provenClaim,
  subjectCarries,
} from '../../shared/use-cases/claim-address';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail } from '../../shared/use-cases/ingest-email';
import { addUserAddress } from '../../shared/use-cases/user-addresses';
import { UserInputError } from '../../shared/use-cases/users';
import { createHarness, mail, type Harness } from '../support/tend-harness';

/**
 * SPEC 8 Settings: a sending address claimed on the web is added only when mail from it proves
 * it: an email to login@ that passes the sender checks of SPEC 2.2 and carries the claim's code
 * in its subject. The claiming user is told at their primary address; the new address never
 * hears from Tend. Anything else from an unknown sender is what it was: quarantined, no reply.
 */

const NOW = '2026-11-26T10:00:00Z';
const LOGIN = 'login@in.tend.localhost';
const FAIL = { spf: 'FAIL', dkim: 'FAIL', dmarc: 'FAIL' };

let h: Harness;

/** An email from `from` to login@ with `subject`. */
function toLogin(from: string, subject: string, messageId?: string): string {
  return mail({
    from,
    to: LOGIN,
    subject,
    body: 'Proving this address.\n',
    ...(messageId ? { messageId } : {}),
  });
}

async function claim(user: User, address: string): Promise<AddressClaim> {
  return (await claimAddress(h.app, user, address, h.now())).claim;
}

async function quarantinedFrom(address: string) {
  return (await h.app.quarantine.list(null)).filter((q) => q.from === address);
}

beforeAll(async () => {
  h = await createHarness('address-claims', NOW, { TEND_WEB_URL: 'http://127.0.0.1:8080' });
});

describe('proving a claimed address by email (SPEC 8 Settings)', () => {
  it('adds the address to the claiming user and tells them, once, at their primary address', async () => {
    const user = await h.register('pia@proof.example', 'Europe/London');
    const { code } = await claim(user, 'pia.work@proof.example');

    const out = await h.deliver(toLogin('Pia <pia.work@proof.example>', `Tend ${code}`), {
      recipients: [LOGIN],
    });

    expect(out).toEqual({ outcome: 'login', result: 'address-added' });
    expect((await h.app.users.get(user.id))!.addresses).toEqual([
      'pia@proof.example',
      'pia.work@proof.example',
    ]);
    expect((await h.app.users.findByAddress('pia.work@proof.example'))?.id).toBe(user.id);
    expect(await pendingClaims(h.app, user.id, h.now())).toEqual([]);
    const [told, ...more] = await h.ctx.sentTo('pia@proof.example');
    expect(more).toEqual([]);
    expect(told!.destination.to).toEqual(['pia@proof.example']);
    expect(told!.subject).toBe('pia.work@proof.example is now one of your Tend addresses');
    expect(told!.body.text).toContain(
      'pia.work@proof.example is now one of your addresses; Tend will log mail you send from it.',
    );
    expect(told!.body.text).toContain('http://127.0.0.1:8080/settings');
    // Every email Tend sends goes to its own user only: nothing to the address itself.
    expect(await h.ctx.sentTo('pia.work@proof.example')).toEqual([]);
    expect(await quarantinedFrom('pia.work@proof.example')).toEqual([]);

    // From now on, mail the user sends from it is theirs.
    expect(
      await h.deliver(mail({ from: 'pia.work@proof.example', to: 'Jo <jo@elsewhere.example>' })),
    ).toEqual({ outcome: 'logged', contacts: 1 });
    expect(await h.app.contacts.get(user.id, 'jo@elsewhere.example')).not.toBeNull();
  });

  it('adds once and tells once when the same email is delivered twice (same S3 key, then a new one)', async () => {
    const user = await h.register('quinn@proof.example', 'UTC');
    const { code } = await claim(user, 'quinn.home@proof.example');
    const raw = toLogin('quinn.home@proof.example', `code: ${code.toLowerCase()}`, '<q1@proof>');

    const first = await h.deliver(raw, { recipients: [LOGIN], sesId: 'quinn-claim-1' });
    const retried = await h.deliver(raw, { recipients: [LOGIN], sesId: 'quinn-claim-1' });
    const again = await h.deliver(raw, { recipients: [LOGIN], sesId: 'quinn-claim-2' });

    expect(first).toEqual({ outcome: 'login', result: 'address-added' });
    expect(retried).toEqual({ outcome: 'duplicate' });
    expect(again).toEqual({ outcome: 'duplicate' });
    expect((await h.app.users.get(user.id))!.addresses).toEqual([
      'quinn@proof.example',
      'quinn.home@proof.example',
    ]);
    expect(await h.ctx.sentTo('quinn@proof.example')).toHaveLength(1);
  });

  it('tells the user on the retry when the first attempt added the address but could not send', async () => {
    const user = await h.register('ravi@proof.example', 'UTC');
    const { code } = await claim(user, 'ravi.lab@proof.example');
    const receipt = await stored(toLogin('ravi.lab@proof.example', `Tend ${code}`), 'ravi-claim');
    // SES throttled: the send throws, so the platform retries the whole email.
    const throttled: App = {
      ...h.app,
      mailer: {
        sendRaw: () => Promise.reject(new Error('Throttling: Maximum sending rate exceeded')),
      },
    };

    await expect(ingestEmail(ingestDeps(throttled), receipt)).rejects.toThrow(/Throttling/);
    expect((await h.app.users.get(user.id))!.addresses).toContain('ravi.lab@proof.example');
    expect(await h.ctx.sentTo('ravi@proof.example')).toEqual([]);

    // The retry finds the address registered: it is the same email, so the user is told now.
    expect(await ingestEmail(ingestDeps(h.app), receipt)).toEqual({
      outcome: 'login',
      result: 'address-added',
    });
    expect(await ingestEmail(ingestDeps(h.app), receipt)).toEqual({ outcome: 'duplicate' });
    const emails = await h.ctx.sentTo('ravi@proof.example');
    expect(emails.map((e) => e.subject)).toEqual([
      'ravi.lab@proof.example is now one of your Tend addresses',
    ]);
    expect(await pendingClaims(h.app, user.id, h.now())).toEqual([]);
  });

  it.each([
    ['a wrong code', (code: string) => `Tend ${code.slice(1)}X`, {}],
    ['no code at all', () => 'please add me', {}],
    ['the code in a longer word', (code: string) => `Tend${code}`, {}],
    ['failing SPF, DKIM and DMARC (spoofed)', (code: string) => `Tend ${code}`, FAIL],
    [
      'SPF passing but DMARC failing',
      (code: string) => `Tend ${code}`,
      { spf: 'PASS', dmarc: 'FAIL' },
    ],
  ])(
    'adds nothing for %s: the email is an unknown sender’s, quarantined with no reply',
    async (_, subject, verdicts) => {
      const user = await h.register(`sam.${Math.random().toString(36).slice(2, 8)}@proof.example`);
      const address = `${user.email.split('@')[0]}.alt@proof.example`;
      const { code } = await claim(user, address);

      const out = await h.deliver(toLogin(address, subject(code)), {
        recipients: [LOGIN],
        verdicts,
      });

      expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
      expect((await h.app.users.get(user.id))!.addresses).toEqual([user.email]);
      expect(await h.app.users.findByAddress(address)).toBeNull();
      expect(await h.ctx.sentTo(user.email)).toEqual([]);
      expect(await h.ctx.sentTo(address)).toEqual([]);
      expect((await quarantinedFrom(address)).map((q) => q.reason)).toEqual(['unknown-sender']);
      // The claim still waits for the right email.
      expect((await pendingClaims(h.app, user.id, h.now())).map((c) => c.code)).toEqual([code]);
    },
  );

  it('looks up no claims for a sign-in request whose subject has no word that could be a code', async () => {
    await h.register('ari@proof.example', 'UTC');
    const ask = (subject: string) =>
      h.requests.measure(() =>
        h.deliver(toLogin('ari@proof.example', subject), { recipients: [LOGIN] }),
      );
    await ask('Sign in'); // the function's caches warm, as they are for the two compared
    const plain = await ask('Sign in');
    const coded = await ask('Sign in K7PQ2M');
    expect(plain.result).toEqual({ outcome: 'login', result: 'sent' });
    expect(coded.result).toEqual({ outcome: 'login', result: 'sent' });
    // The one difference: the claims of the address, looked up for the code-like word.
    expect(coded.counts.byKind).toEqual({
      ...plain.counts.byKind,
      Query: (plain.counts.byKind.Query ?? 0) + 1,
    });
  });

  it('adds nothing once the claim has expired (24 hours)', async () => {
    const user = await h.register('tess@proof.example', 'UTC');
    const { code } = await claim(user, 'tess.old@proof.example');
    h.setNow('2026-11-27T10:00:00Z');
    try {
      const out = await h.deliver(toLogin('tess.old@proof.example', `Tend ${code}`), {
        recipients: [LOGIN],
      });
      expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
      expect((await h.app.users.get(user.id))!.addresses).toEqual(['tess@proof.example']);
      expect(await h.ctx.sentTo('tess@proof.example')).toEqual([]);
    } finally {
      h.setNow(NOW);
    }
  });

  it('gives an address two users claimed to the one whose code is in the subject, and closes both claims', async () => {
    const uma = await h.register('uma@proof.example', 'UTC');
    const vic = await h.register('vic@proof.example', 'UTC');
    const umas = await claim(uma, 'shared.desk@proof.example');
    const vics = await claim(vic, 'shared.desk@proof.example');
    expect(umas.code).not.toBe(vics.code);

    const out = await h.deliver(toLogin('shared.desk@proof.example', `Re: ${vics.code}`), {
      recipients: [LOGIN],
    });

    expect(out).toEqual({ outcome: 'login', result: 'address-added' });
    expect((await h.app.users.findByAddress('shared.desk@proof.example'))?.id).toBe(vic.id);
    expect((await h.app.users.get(uma.id))!.addresses).toEqual(['uma@proof.example']);
    expect(await h.ctx.sentTo('uma@proof.example')).toEqual([]);
    expect(await h.ctx.sentTo('vic@proof.example')).toHaveLength(1);
    // Neither claim can succeed any more: both are gone.
    expect(await h.app.addressClaims.listByAddress('shared.desk@proof.example')).toEqual([]);
  });

  it('refuses both codes at once: the email must name one claim', async () => {
    const wen = await h.register('wen@proof.example', 'UTC');
    const xia = await h.register('xia@proof.example', 'UTC');
    const a = await claim(wen, 'both.desk@proof.example');
    const b = await claim(xia, 'both.desk@proof.example');
    const out = await h.deliver(toLogin('both.desk@proof.example', `${a.code} ${b.code}`), {
      recipients: [LOGIN],
    });
    expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(await h.app.users.findByAddress('both.desk@proof.example')).toBeNull();
  });

  it('leaves an address registered to someone else meanwhile with them: their login mail, as always', async () => {
    const yan = await h.register('yan@proof.example', 'UTC');
    const zoe = await h.register('zoe@proof.example', 'UTC');
    const { code } = await claim(yan, 'zoe.side@proof.example');
    // The operator gives the address to Zoe before Yan's proof arrives.
    await addUserAddress(h.app.users, zoe, 'zoe.side@proof.example');

    const out = await h.deliver(toLogin('zoe.side@proof.example', `Tend ${code}`), {
      recipients: [LOGIN],
    });

    // It is Zoe's address: her mail to login@ gets her a sign-in link, nothing of Yan's claim.
    expect(out).toEqual({ outcome: 'login', result: 'sent' });
    expect((await h.app.users.findByAddress('zoe.side@proof.example'))?.id).toBe(zoe.id);
    expect((await h.app.users.get(yan.id))!.addresses).toEqual(['yan@proof.example']);
    expect(await h.ctx.sentTo('yan@proof.example')).toEqual([]);
    expect((await h.ctx.sentTo('zoe@proof.example')).map((e) => e.subject)).toEqual([
      'Your Tend sign-in link',
    ]);
  });

  it('adds nothing when the address is registered between the look-up and the write', async () => {
    const abe = await h.register('abe@proof.example', 'UTC');
    const bo = await h.register('bo@proof.example', 'UTC');
    const { code } = await claim(abe, 'race.desk@proof.example');
    await addUserAddress(h.app.users, bo, 'race.desk@proof.example');
    const receipt = await stored(toLogin('race.desk@proof.example', `Tend ${code}`), 'race');
    // Ingest's look-up ran before Bo's address was written (it answers as it did then).
    const before = ingestDeps(h.app);
    const stale = { ...before, users: { ...h.app.users, findByAddress: async () => null } };

    expect(await ingestEmail(stale, receipt)).toEqual({ outcome: 'login', result: 'not-sent' });
    expect((await h.app.users.findByAddress('race.desk@proof.example'))?.id).toBe(bo.id);
    expect((await h.app.users.get(abe.id))!.addresses).toEqual(['abe@proof.example']);
    expect(await h.ctx.sentTo('abe@proof.example')).toEqual([]);
  });

  it('adds the address of a user who unsubscribed, and sends them nothing', async () => {
    const cy = await h.register('cyd@proof.example', 'UTC');
    await h.app.users.save({ ...cy, unsubscribed: true });
    const { code } = await claim(cy, 'cyd.two@proof.example');
    const out = await h.deliver(toLogin('cyd.two@proof.example', `Tend ${code}`), {
      recipients: [LOGIN],
    });
    expect(out).toEqual({ outcome: 'login', result: 'address-added' });
    expect((await h.app.users.get(cy.id))!.addresses).toContain('cyd.two@proof.example');
    expect(await h.ctx.sentTo('cyd@proof.example')).toEqual([]);
  });

  it('logs mail from a claimed address to log@ nowhere: only login@ proves a claim', async () => {
    const dee = await h.register('dee@proof.example', 'UTC');
    const { code } = await claim(dee, 'dee.new@proof.example');
    const out = await h.deliver(
      mail({ from: 'dee.new@proof.example', to: 'Jo <jo@elsewhere.example>', subject: code }),
    );
    expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(await h.app.users.findByAddress('dee.new@proof.example')).toBeNull();
    expect(await h.app.contacts.get(dee.id, 'jo@elsewhere.example')).toBeNull();
  });
});

describe('the cap on pending claims, when claims are made at once (SPEC 8 Settings)', () => {
  it(`stores at most ${MAX_PENDING_CLAIMS} of six claims posted together, refusing the rest by name`, async () => {
    const user = await h.register('yan@cap.example', 'UTC');
    const addresses = Array.from({ length: 6 }, (_, i) => `yan.${i}@cap.example`);

    const results = await Promise.allSettled(addresses.map((a) => claim(user, a)));

    const stored = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.address] : []));
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(stored).toHaveLength(MAX_PENDING_CLAIMS);
    expect(refused).toHaveLength(addresses.length - MAX_PENDING_CLAIMS);
    for (const error of refused) {
      expect(error).toBeInstanceOf(UserInputError);
      expect((error as Error).message).toBe(
        `${MAX_PENDING_CLAIMS} addresses are already waiting for their email: send those, or cancel one first`,
      );
    }
    const pending = await pendingClaims(h.app, user.id, h.now());
    expect(pending.map((c) => c.address).sort()).toEqual([...stored].sort());
    // The index mail to login@ reads holds the same three, and nothing of the refused.
    for (const address of addresses)
      expect((await h.app.addressClaims.listByAddress(address)).length).toBe(
        stored.includes(address) ? 1 : 0,
      );
  });

  it('refuses a claim decided on an older read, storing nothing of it', async () => {
    const user = await h.register('zoe@cap.example', 'UTC');
    const read = await h.app.addressClaims.listForPut(user.id);
    expect(read).toEqual({ claims: [], version: 0 });
    const claimOf = (address: string): AddressClaim => ({
      userId: user.id,
      address,
      code: 'ABCDEF',
      createdAt: NOW,
      validUntil: '2026-11-27T10:00:00.000Z',
    });

    await h.app.addressClaims.put(claimOf('zoe.one@cap.example'), read.version);
    await expect(
      h.app.addressClaims.put(claimOf('zoe.two@cap.example'), read.version),
    ).rejects.toBeInstanceOf(ConcurrentUpdateError);

    const after = await h.app.addressClaims.listForPut(user.id);
    expect(after.claims.map((c) => c.address)).toEqual(['zoe.one@cap.example']);
    expect(after.version).toBe(1);
    expect(await h.app.addressClaims.listByAddress('zoe.two@cap.example')).toEqual([]);
    // Decided again on the fresh read, it is stored.
    await h.app.addressClaims.put(claimOf('zoe.two@cap.example'), after.version);
    expect(await h.app.addressClaims.listByUser(user.id)).toHaveLength(2);
  });
});

describe('which claim an email proves (the rule, without the engine)', () => {
  const claimOf = (userId: string, code: string, validUntil = '2026-11-27T10:00:00.000Z') => ({
    userId,
    address: 'a@b.example',
    code,
    createdAt: NOW,
    validUntil,
  });
  const PASS = { spf: 'PASS', dkim: 'NONE', dmarc: 'PASS' };
  const at = new Date(NOW);

  it.each([
    ['Tend K7PQ2M', 'K7PQ2M', true],
    ['k7pq2m', 'K7PQ2M', true],
    ['Re: [K7PQ2M] please', 'K7PQ2M', true],
    ['K7PQ2MX', 'K7PQ2M', false],
    ['XK7PQ2M', 'K7PQ2M', false],
    ['', 'K7PQ2M', false],
  ])('reads %j as carrying %s: %s', (subject, code, carries) => {
    expect(subjectCarries(subject, code)).toBe(carries);
  });

  it.each([
    ['Sign in', []],
    ['please', []],
    ['Tend k7pq2m', ['K7PQ2M']],
    // 0, O, 1, I and L are never in a code: "SIGNIN" and "LOGIN" are words, not codes.
    ['SIGNIN LOGIN1 K7PQ20', []],
    ['Re: [K7PQ2M] and AAAAAA', ['K7PQ2M', 'AAAAAA']],
    [null, []],
  ])('finds in %j the words that could be codes: %j', (subject, words) => {
    expect(codeWords(subject)).toEqual(words);
  });

  it.each([
    [
      'the one live claim named',
      [claimOf('u1', 'AAAAAA'), claimOf('u2', 'BBBBBB')],
      'x BBBBBB',
      PASS,
      { claim: 'u2' },
    ],
    ['no claim named', [claimOf('u1', 'AAAAAA')], 'hello', PASS, { refused: 'no-code' }],
    [
      'an expired claim named',
      [claimOf('u1', 'AAAAAA', NOW)],
      'AAAAAA',
      PASS,
      { refused: 'expired' },
    ],
    [
      'two claims named',
      [claimOf('u1', 'AAAAAA'), claimOf('u2', 'BBBBBB')],
      'AAAAAA BBBBBB',
      PASS,
      { refused: 'ambiguous' },
    ],
    [
      'a sender that fails the checks',
      [claimOf('u1', 'AAAAAA')],
      'AAAAAA',
      { spf: 'FAIL', dkim: 'FAIL', dmarc: 'NONE' },
      { refused: 'failed-authentication' },
    ],
  ])('decides %s', (_, claims, subject, verdicts, expected) => {
    const got = provenClaim(claims, { subject, verdicts }, at);
    expect('claim' in got ? { claim: got.claim.userId } : got).toEqual(expected);
  });
});

/** Stores raw bytes where SES would, and returns the receipt SES would hand ingest. */
async function stored(raw: string, sesId: string) {
  const s3Key = `${h.ctx.prefix}${sesId}`;
  await h.ctx.s3.send(
    new PutObjectCommand({ Bucket: h.ctx.bucket, Key: s3Key, Body: Buffer.from(raw) }),
  );
  return {
    s3Key,
    receivedAt: h.now(),
    recipients: [LOGIN],
    envelopeSender: 'bounce@proof.example',
    verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  };
}
