import { beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_DUE_COUNT_LIMIT } from '../../shared/domain/limits';
import { isDue, pickDigestContacts } from '../../shared/domain/reconnect';
import type { User } from '../../shared/domain/types';
import { DUE_SHARDS } from '../../shared/keys';
import { DUE_LANES } from '../../shared/ports/due-work';

/** A tick's due-index Queries: one per lane of each shard (prompts, then digests). */
const DUE_QUERIES = DUE_SHARDS * DUE_LANES.length;
import { seedNetwork } from '../../local/workload/seed-network';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

/**
 * Issue 8's cost budget, counted on the wire (SDK middleware on the app's DynamoDB client,
 * against DynamoDB Local): requests per email, reply, prompt and digest. Counts are exact, so
 * these are asserted; times are for `npm run bench`.
 */

const ten = (tag: string) => Array.from({ length: 10 }, (_, i) => `${tag}${i}@example.org`);

describe('logging an email (warm function)', () => {
  let h: Harness;
  const ME = 'costs@ingest.example';

  beforeAll(async () => {
    h = await createHarness('costs-ingest', '2026-11-26T12:00:00Z');
    await h.register(ME, 'UTC');
    await h.deliver(mail({ from: ME, to: 'warm@example.org' })); // the user is now cached
  });

  it('costs 2 requests for 10 new contacts: one batch read, one transaction', async () => {
    const { result, counts } = await h.requests.measure(() =>
      h.deliver(mail({ from: ME, to: ten('new').join(', ') })),
    );
    expect(result).toEqual({ outcome: 'logged', contacts: 10 });
    expect(counts.byKind).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
  });

  it('costs 2 requests for 10 known contacts that each have a pending thank-you it cancels', async () => {
    for (const c of ten('helper'))
      await h.deliver(forwardedMail(c, ME, 'Thu, Nov 26, 2026 at 9:00 AM'));
    const user = (await h.app.users.findByAddress(ME))!;
    const before = await h.app.contacts.getMany(user.id, ten('helper'));
    expect([...before.values()].every((s) => s.contact.pendingThanks !== null)).toBe(true);

    const { result, counts } = await h.requests.measure(() =>
      h.deliver(
        mail({ from: ME, to: ten('helper').join(', '), date: 'Thu, 26 Nov 2026 11:00:00 +0000' }),
      ),
    );
    expect(result).toEqual({ outcome: 'logged', contacts: 10 });
    expect(counts.byKind).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    const after = await h.app.contacts.getMany(user.id, ten('helper'));
    expect([...after.values()].every((s) => s.contact.pendingThanks === null)).toBe(true);
    const prompts = await h.app.prompts.listFor(user.id, 'helper0@example.org');
    expect(prompts.map((p) => p.status)).toEqual(['cancelled']);
  });

  it('costs 2 requests for a redelivered duplicate, and changes nothing', async () => {
    const raw = mail({ from: ME, to: ten('dup').join(', ') });
    await h.deliver(raw);
    const { result, counts } = await h.requests.measure(() => h.deliver(raw));
    expect(result).toEqual({ outcome: 'duplicate' });
    expect(counts.byKind).toEqual({ BatchGetItem: 1, TransactWriteItems: 1 });
    const user = (await h.app.users.findByAddress(ME))!;
    expect((await h.app.contacts.get(user.id, 'dup0@example.org'))?.contact.interactionCount).toBe(
      1,
    );
  });

  it('costs 4 requests on a cold function (the address and the user read once)', async () => {
    const cold = await createHarness('costs-cold', '2026-11-26T12:00:00Z');
    await cold.register('cold@ingest.example', 'UTC');
    const { counts } = await cold.requests.measure(() =>
      cold.deliver(mail({ from: 'cold@ingest.example', to: ten('c').join(', ') })),
    );
    expect(counts.byKind).toEqual({ GetItem: 2, BatchGetItem: 1, TransactWriteItems: 1 });
  });
});

describe('the dispatcher and replies', () => {
  let h: Harness;
  let user: User;
  const ME = 'costs@dispatch.example';

  beforeAll(async () => {
    h = await createHarness('costs-dispatch', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'UTC');
    await h.deliver(
      forwardedMail('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
  });

  it('a tick with nothing due costs only the due-index queries', async () => {
    const { result, counts } = await h.requests.measure(() => h.tick('2026-11-26T16:00:00Z'));
    expect(result.sent).toBe(0);
    expect(counts.byKind).toEqual({ Query: DUE_QUERIES });
  });

  it('one thank-you prompt costs the due-index queries and 4 requests', async () => {
    const { result, counts } = await h.requests.measure(() => h.tick('2026-11-27T10:01:00Z'));
    expect(result.sent).toBe(1);
    expect(counts.byKind.Query).toBe(DUE_QUERIES);
    expect(counts.total - DUE_QUERIES).toBeLessThanOrEqual(4);
    const [prompt] = await h.app.prompts.listFor(user.id, 'ana@example.org');
    expect(prompt).toMatchObject({ status: 'sent', contactName: 'Ana Lopez' });
    expect(
      (await h.app.contacts.get(user.id, 'ana@example.org'))?.contact.pendingThanks,
    ).toBeNull();
  });

  it('a one-command reply costs 3 requests, and its redelivery changes nothing', async () => {
    const [sent] = await h.ctx.sentTo(ME);
    const replyTo = sent!.replyTo[0]!;
    h.setNow('2026-11-27T11:00:00Z');
    const reply = mail({ from: ME, to: replyTo, subject: 'Re: thank Ana', body: 'snooze 2w' });
    const { result, counts } = await h.requests.measure(() =>
      h.deliver(reply, { recipients: [replyTo] }),
    );
    expect(result).toEqual({ outcome: 'reply', result: '1/1 applied' });
    expect(counts.byKind).toEqual({ GetItem: 2, TransactWriteItems: 1 });
    const snoozed = (await h.app.contacts.get(user.id, 'ana@example.org'))!.contact.snoozedUntil;
    expect(snoozed).toBe('2026-12-11T11:00:00.000Z');

    h.setNow('2026-11-28T11:00:00Z'); // a day later: a re-applied "2w" would move the date
    const again = await h.requests.measure(() => h.deliver(reply, { recipients: [replyTo] }));
    expect(again.result).toEqual({ outcome: 'duplicate' });
    expect(again.counts.total).toBeLessThanOrEqual(3);
    expect((await h.app.contacts.get(user.id, 'ana@example.org'))!.contact.snoozedUntil).toBe(
      snoozed,
    );
    expect((await h.ctx.sentTo(ME)).filter((e) => /snoozed/i.test(e.body.text ?? ''))).toHaveLength(
      1,
    );
  });
});

describe('a digest for a large network', () => {
  const CONTACTS = 2_000;
  const PER_CONTACT = 5;

  it(`reads at most 200 items at ${CONTACTS} contacts / ${CONTACTS * PER_CONTACT} interactions, and picks exactly the most overdue`, async () => {
    // Monday 30 Nov 2026 08:00 UTC is the digest slot of a UTC user registered the week before.
    const h = await createHarness('costs-digest', '2026-11-23T09:00:00Z');
    const user = await h.register('big@digest.example', 'UTC');
    const now = new Date('2026-11-30T08:00:00Z');
    const all = await seedNetwork(h.ctx.dynamodb, h.ctx.table, user, {
      contacts: CONTACTS,
      perContact: PER_CONTACT,
      now,
    });
    const { result, counts } = await h.requests.measure(() => h.tick('2026-11-30T08:01:00Z'));
    expect(result.sent).toBe(1);
    expect(counts.itemsRead).toBeLessThanOrEqual(200);

    const [digest] = await h.app.digests.list(user.id);
    const at = new Date('2026-11-30T08:01:00Z');
    const expected = pickDigestContacts(all, user, at, user.digestMaxItems);
    expect(digest!.items.map((i) => i.contactEmail)).toEqual(expected.map((c) => c.email));
    const due = all.filter((c) => isDue(c, user, at)).length;
    expect(due).toBeGreaterThan(DIGEST_DUE_COUNT_LIMIT);
    const [email] = await h.ctx.sentTo('big@digest.example');
    expect(email!.body.text).toContain(`${DIGEST_DUE_COUNT_LIMIT}+ due`);
  }, 120_000);
});
