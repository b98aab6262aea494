import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { createHarness, mail, type Harness } from '../support/tend-harness';

let h: Harness;
let me: User;

beforeAll(async () => {
  h = await createHarness('ingest');
  me = await h.register('me@example.com', 'America/New_York', ['me@work.example.net']);
});

const contact = (email: string, user = me) =>
  h.app.contacts.get(user.id, email).then((s) => s?.contact ?? null);

describe('BCC-logged outgoing mail', () => {
  it('logs every To and Cc as an outbound contact, minus the user and the inbound domain', async () => {
    const out = await h.deliver(
      mail({
        to: 'Ana Lopez <ana@bcc.example.org>, log@in.tend.localhost',
        cc: 'Bo <BO@bcc.example.org>, Me Again <me@work.example.net>',
        subject: 'Great to meet you',
      }),
    );
    expect(out).toEqual({ outcome: 'logged', contacts: 2 });
    const ana = await contact('ana@bcc.example.org');
    expect(ana).toMatchObject({
      name: 'Ana Lopez',
      interactionCount: 1,
      lastOutboundAt: '2026-11-26T09:30:00.000Z',
      lastInboundAt: null,
      lastSubject: 'Great to meet you',
      source: 'email',
      status: 'active',
    });
    expect(await contact('bo@bcc.example.org')).toMatchObject({ name: 'Bo' });
    expect(await contact('me@work.example.net')).toBeNull();
    const [interaction] = await h.app.contacts.listInteractions(me.id, 'ana@bcc.example.org');
    expect(interaction).toMatchObject({
      direction: 'outbound',
      subject: 'Great to meet you',
      at: '2026-11-26T09:30:00.000Z',
    });
    expect(interaction?.snippet).toContain('great to meet you at the meetup');
  });

  it('keeps the snippet to the new text, at most 280 characters, without the quoted history', async () => {
    const body = `${'Thanks again for the advice. '.repeat(20)}\n\nOn Mon, Nov 23, 2026 at 9:00 AM Ana <ana@snip.example.org> wrote:\n> SECRET QUOTED TEXT\n`;
    await h.deliver(mail({ to: 'ana@snip.example.org', body }));
    const [i] = await h.app.contacts.listInteractions(me.id, 'ana@snip.example.org');
    expect(i?.snippet.length).toBeLessThanOrEqual(280);
    expect(i?.snippet).toMatch(/^Thanks again for the advice/);
    expect(i?.snippet).not.toContain('SECRET');
  });

  it('reads a Date without a zone in the user’s timezone', async () => {
    await h.deliver(mail({ to: 'zone@example.org', date: 'Thu, 26 Nov 2026 04:30:00' }));
    // 04:30 in New York (EST, UTC-5) is 09:30Z.
    expect((await contact('zone@example.org'))?.lastInteractionAt).toBe('2026-11-26T09:30:00.000Z');
  });

  it.each([
    ['missing', null],
    ['unreadable', 'the day after tomorrow-ish'],
    ['in the future', 'Thu, 31 Dec 2026 09:30:00 +0000'],
  ])('uses the receipt time when the Date is %s', async (_label, date) => {
    const to = `date-${_label.replace(/\W/g, '')}@example.org`;
    await h.deliver(mail({ to, date }), { receivedAt: new Date('2026-11-26T10:00:00Z') });
    expect((await contact(to))?.lastInteractionAt).toBe('2026-11-26T10:00:00.000Z');
  });

  it('keeps a name the user set, and fills in one it learns later', async () => {
    await h.deliver(mail({ to: 'noname@example.org' }));
    expect((await contact('noname@example.org'))?.name).toBeNull();
    await h.deliver(mail({ to: 'Nora Name <noname@example.org>' }));
    expect((await contact('noname@example.org'))?.name).toBe('Nora Name');
    const stored = await h.app.contacts.get(me.id, 'noname@example.org');
    await h.app.contacts.save(me, {
      ...stored!,
      contact: { ...stored!.contact, name: 'Nora', nameSetByUser: true },
    });
    await h.deliver(mail({ to: 'Nora N. <noname@example.org>' }));
    expect(await contact('noname@example.org')).toMatchObject({
      name: 'Nora',
      interactionCount: 3,
    });
  });
});

describe('log+TAGS@ hints', () => {
  it('tags contacts and sets their cadence from log+mentor.monthly@', async () => {
    await h.deliver(mail({ to: 'mentor@example.org' }), {
      recipients: ['log+mentor.monthly@in.tend.localhost'],
    });
    expect(await contact('mentor@example.org')).toMatchObject({
      tags: ['mentor'],
      cadenceDays: 30,
    });
  });

  it('schedules a thank-you for an outgoing email logged with +thanks', async () => {
    await h.deliver(mail({ to: 'thanks@example.org' }), {
      recipients: ['log+thanks@in.tend.localhost'],
    });
    const prompts = await h.app.prompts.listFor(me.id, 'thanks@example.org');
    expect(prompts).toHaveLength(1);
    expect(prompts[0]).toMatchObject({ status: 'pending', dueAt: '2026-11-27T09:30:00.000Z' });
  });

  it('schedules no thank-you for a forward logged with +nothanks', async () => {
    await h.deliver(forward({ sender: 'Quiet One <quiet@example.org>' }), {
      recipients: ['log+nothanks@in.tend.localhost'],
    });
    expect(await contact('quiet@example.org')).toMatchObject({ lastInboundAt: expect.any(String) });
    expect(await h.app.prompts.listFor(me.id, 'quiet@example.org')).toHaveLength(0);
  });
});

function forward(o: { sender: string; date?: string; subject?: string; from?: string }): string {
  return mail({
    from: o.from ?? 'Me <me@example.com>',
    to: 'log@in.tend.localhost',
    subject: `Fwd: ${o.subject ?? 'Intro: you should meet Carla'}`,
    body: [
      'FYI, logging this.',
      '',
      '---------- Forwarded message ---------',
      `From: ${o.sender}`,
      `Date: ${o.date ?? 'Tue, Nov 24, 2026 at 3:15 PM'}`,
      `Subject: ${o.subject ?? 'Intro: you should meet Carla'}`,
      'To: Me <me@example.com>',
      '',
      'Hi! I think you and Carla should talk about the role at Acme. She is expecting your email.',
      '',
    ].join('\n'),
  });
}

describe('forwarded mail and thank-you prompts', () => {
  it('logs the original sender as an inbound contact at the original date, with a prompt due 24 h later', async () => {
    const out = await h.deliver(forward({ sender: 'Rita Referrer <rita@example.org>' }));
    expect(out).toMatchObject({ outcome: 'logged', contacts: 1 });
    const rita = await contact('rita@example.org');
    // 3:15 PM in New York on 24 Nov (EST) is 20:15Z.
    expect(rita).toMatchObject({
      name: 'Rita Referrer',
      lastInboundAt: '2026-11-24T20:15:00.000Z',
      lastOutboundAt: null,
    });
    const [i] = await h.app.contacts.listInteractions(me.id, 'rita@example.org');
    expect(i).toMatchObject({ direction: 'inbound', subject: 'Intro: you should meet Carla' });
    expect(i?.snippet).toMatch(/^Hi! I think you and Carla/);
    const prompts = await h.app.prompts.listFor(me.id, 'rita@example.org');
    expect(prompts).toEqual([
      expect.objectContaining({ status: 'pending', dueAt: '2026-11-25T20:15:00.000Z' }),
    ]);
    expect(rita?.pendingThanks?.id).toBe(prompts[0]?.id);
  });

  it('keeps at most one pending prompt per contact', async () => {
    await h.deliver(forward({ sender: 'once@example.org', date: 'Wed, Nov 25, 2026 at 9:00 AM' }));
    await h.deliver(
      forward({
        sender: 'once@example.org',
        date: 'Wed, Nov 25, 2026 at 10:00 AM',
        subject: 'Another',
      }),
    );
    const prompts = await h.app.prompts.listFor(me.id, 'once@example.org');
    expect(prompts.filter((p) => p.status === 'pending')).toHaveLength(1);
    expect(await contact('once@example.org')).toMatchObject({ interactionCount: 2 });
  });

  it('cancels the pending prompt when the user writes to that contact before it is due', async () => {
    h.setNow('2026-11-26T10:00:00Z');
    await h.deliver(
      forward({ sender: 'cancel@example.org', date: 'Thu, Nov 26, 2026 at 4:00 AM' }),
    );
    const [before] = await h.app.prompts.listFor(me.id, 'cancel@example.org');
    expect(before?.status).toBe('pending');
    h.setNow('2026-11-26T12:00:00Z');
    await h.deliver(mail({ to: 'cancel@example.org', date: 'Thu, 26 Nov 2026 11:59:00 +0000' }));
    const [after] = await h.app.prompts.listFor(me.id, 'cancel@example.org');
    expect(after?.status).toBe('cancelled');
    expect((await contact('cancel@example.org'))?.pendingThanks).toBeNull();
    h.setNow('2026-11-26T10:00:00Z');
  });

  it('does not cancel a prompt for an outbound email older than the interaction that earned it', async () => {
    await h.deliver(forward({ sender: 'old@example.org', date: 'Wed, Nov 25, 2026 at 4:00 PM' }));
    await h.deliver(mail({ to: 'old@example.org', date: 'Mon, 02 Nov 2026 10:00:00 +0000' }));
    const [p] = await h.app.prompts.listFor(me.id, 'old@example.org');
    expect(p?.status).toBe('pending');
  });

  it('makes a prompt for an old email forwarded late due at once', async () => {
    await h.deliver(forward({ sender: 'late@example.org', date: 'Mon, Nov 2, 2026 at 9:00 AM' }));
    const [p] = await h.app.prompts.listFor(me.id, 'late@example.org');
    expect(p!.dueAt <= h.now().toISOString()).toBe(true);
  });

  it('reads a forward attached as message/rfc822', async () => {
    const inner = mail({
      from: 'Attached Person <attached@example.org>',
      to: 'me@example.com',
      subject: 'Referral',
      date: 'Mon, 23 Nov 2026 08:00:00 +0000',
      body: 'I referred you to the hiring manager.',
    });
    const raw = [
      'From: me@example.com',
      'To: log@in.tend.localhost',
      'Subject: Fwd: Referral',
      'Date: Thu, 26 Nov 2026 09:00:00 +0000',
      'Message-ID: <rfc822-outer@example.com>',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain',
      '',
      'See attached.',
      '--b1',
      'Content-Type: message/rfc822',
      '',
      inner,
      '--b1--',
      '',
    ].join('\r\n');
    expect(await h.deliver(raw)).toMatchObject({ outcome: 'logged' });
    expect(await contact('attached@example.org')).toMatchObject({
      name: 'Attached Person',
      lastInboundAt: '2026-11-23T08:00:00.000Z',
    });
  });
});

describe('who may log (SPEC 2.2)', () => {
  it('quarantines mail from an address that is not a registered user, and writes no contact', async () => {
    const out = await h.deliver(
      mail({ from: 'Mallory <mallory@evil.example>', to: 'victim@example.org' }),
    );
    expect(out).toEqual({ outcome: 'quarantined', reason: 'unknown-sender' });
    expect(await contact('victim@example.org')).toBeNull();
    const q = await h.app.quarantine.list(null);
    expect(q.find((r) => r.from === 'mallory@evil.example')).toMatchObject({
      reason: 'unknown-sender',
    });
  });

  it.each([
    ['SPF and DKIM fail', { spf: 'FAIL', dkim: 'FAIL' }],
    ['DMARC fails', { dmarc: 'FAIL' }],
    ['SPF and DKIM are missing', { spf: 'GRAY', dkim: 'PROCESSING_FAILED' }],
  ])('quarantines a spoofed From of a registered user when %s', async (_label, verdicts) => {
    const to = `spoof-${Object.keys(verdicts).join('')}@example.org`;
    const out = await h.deliver(mail({ to }), { verdicts });
    expect(out).toEqual({ outcome: 'quarantined', reason: 'failed-authentication' });
    expect(await contact(to)).toBeNull();
  });

  it('accepts DKIM PASS with SPF FAIL (forwarding breaks SPF)', async () => {
    expect(
      await h.deliver(mail({ to: 'dkimonly@example.org' }), {
        verdicts: { spf: 'FAIL', dkim: 'PASS' },
      }),
    ).toMatchObject({ outcome: 'logged' });
  });

  it('sends nothing back for quarantined mail (no backscatter)', async () => {
    await h.deliver(mail({ from: 'stranger@nowhere.example', to: 'x@example.org' }));
    expect(await h.ctx.sentTo('stranger@nowhere.example')).toHaveLength(0);
  });
});

describe('machine mail and bad input', () => {
  it.each([
    ['an auto-reply', { 'Auto-Submitted': 'auto-replied' }],
    ['an out-of-office', { 'X-Autoreply': 'yes' }],
    ['a list message', { Precedence: 'list' }],
  ])('drops %s silently: no contact, no quarantine', async (_label, headers) => {
    const to = `machine-${Object.keys(headers)[0]}@example.org`.toLowerCase();
    const before = (await h.app.quarantine.list(me.id)).length;
    const out = await h.deliver(mail({ to, headers }));
    expect(out.outcome).toBe('dropped');
    expect(await contact(to)).toBeNull();
    expect(await h.app.quarantine.list(me.id)).toHaveLength(before);
  });

  it('drops a bounce from MAILER-DAEMON', async () => {
    expect(
      await h.deliver(mail({ from: 'MAILER-DAEMON@mx.example.org', to: 'me@example.com' }), {
        envelopeSender: '',
      }),
    ).toMatchObject({ outcome: 'dropped' });
  });

  it('quarantines more than 50 recipients as too-many-recipients', async () => {
    const to = Array.from({ length: 51 }, (_, i) => `list${i}@example.org`).join(', ');
    expect(await h.deliver(mail({ to }))).toEqual({
      outcome: 'quarantined',
      reason: 'too-many-recipients',
    });
    expect(await contact('list0@example.org')).toBeNull();
  });

  it('logs exactly 50 recipients', async () => {
    const to = Array.from({ length: 50 }, (_, i) => `fifty${i}@example.org`).join(', ');
    expect(await h.deliver(mail({ to }))).toEqual({ outcome: 'logged', contacts: 50 });
    expect(await contact('fifty49@example.org')).toMatchObject({ interactionCount: 1 });
  });

  it('quarantines mail with no contact at all as no-contacts', async () => {
    expect(
      await h.deliver(mail({ to: 'log@in.tend.localhost', body: 'just a note to self' })),
    ).toEqual({ outcome: 'quarantined', reason: 'no-contacts' });
  });

  it('quarantines bytes that are not an email as unparseable', async () => {
    expect(await h.deliver(Buffer.from('\x00\x01 definitely not mail'))).toEqual({
      outcome: 'quarantined',
      reason: 'unparseable',
    });
  });

  it('quarantines a receipt whose raw message is missing from the bucket', async () => {
    const out = await (
      await import('../../shared/use-cases/ingest-email')
    ).ingestEmail(
      {
        ...h.app,
        rawMail: h.app.rawMail,
        clock: h.app.clock,
        inboundDomain: 'in.tend.localhost',
        handleReply: async () => ({ outcome: 'duplicate' }),
      },
      {
        s3Key: 'inbound/does-not-exist',
        receivedAt: h.now(),
        recipients: ['log@in.tend.localhost'],
        envelopeSender: 'me@example.com',
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      },
    );
    expect(out).toEqual({ outcome: 'quarantined', reason: 'unparseable' });
  });

  it('skips addresses the user asked Tend to forget', async () => {
    await h.app.users.save({ ...me, neverLog: ['forgotten@example.org'] });
    expect(await h.deliver(mail({ to: 'forgotten@example.org' }))).toEqual({
      outcome: 'quarantined',
      reason: 'no-contacts',
    });
    expect(await h.deliver(mail({ to: 'forgotten@example.org, kept@example.org' }))).toEqual({
      outcome: 'logged',
      contacts: 1,
    });
    expect(await contact('forgotten@example.org')).toBeNull();
    await h.app.users.save(me);
  });
});

describe('exactly once (SPEC 2.6)', () => {
  it('logs nothing the second time the same S3 object is delivered', async () => {
    const raw = mail({ to: 'twice@example.org' });
    expect(await h.deliver(raw, { sesId: 'same-ses-id' })).toMatchObject({ outcome: 'logged' });
    expect(await h.deliver(raw, { sesId: 'same-ses-id' })).toEqual({ outcome: 'duplicate' });
    expect(await contact('twice@example.org')).toMatchObject({ interactionCount: 1 });
  });

  it('logs nothing the second time the same Message-ID arrives for the same user', async () => {
    const raw = mail({ to: 'msgid@example.org', messageId: '<same-message@example.com>' });
    await h.deliver(raw);
    expect(await h.deliver(raw)).toEqual({ outcome: 'duplicate' });
    expect(await h.app.contacts.listInteractions(me.id, 'msgid@example.org')).toHaveLength(1);
  });

  it('logs the same Message-ID for two different users once each', async () => {
    const other = await h.register('other@example.com', 'Europe/London');
    const shared = '<shared-thread@example.com>';
    await h.deliver(mail({ to: 'both@example.org', messageId: shared }));
    await h.deliver(mail({ from: 'other@example.com', to: 'both@example.org', messageId: shared }));
    expect(await contact('both@example.org')).toMatchObject({ interactionCount: 1 });
    expect(await contact('both@example.org', other)).toMatchObject({ interactionCount: 1 });
  });

  it('delivered twice at once, logs once', async () => {
    const raw = mail({ to: 'race@example.org' });
    const outcomes = await Promise.all([h.deliver(raw), h.deliver(raw), h.deliver(raw)]);
    expect(outcomes.filter((o) => o.outcome === 'logged')).toHaveLength(1);
    expect(await contact('race@example.org')).toMatchObject({ interactionCount: 1 });
  });
});

/** A received email with people in Cc, forwarded to log@ the way Gmail forwards it. */
function forwardWithCc(o: { sender: string; cc: string; to?: string }): string {
  return mail({
    to: 'log@in.tend.localhost',
    subject: 'Fwd: Referral to the Globex team',
    body: [
      '---------- Forwarded message ---------',
      `From: ${o.sender}`,
      'Date: Tue, Nov 24, 2026 at 3:15 PM',
      'Subject: Referral to the Globex team',
      `To: ${o.to ?? 'Me <me@example.com>'}`,
      `Cc: ${o.cc}`,
      '',
      'I passed your name to the hiring manager; Omar and Carla are in copy.',
      '',
    ].join('\n'),
  });
}

describe('only the sender of a forwarded email earns a thank-you (SPEC 2.4)', () => {
  it('gives a forward with people in Cc one prompt, the sender’s, and logs the Cc people', async () => {
    const out = await h.deliver(
      forwardWithCc({
        sender: 'Rita Referrer <rita@cc.example.org>',
        cc: 'Omar Haddad <omar@cc.example.org>, Carla <carla@cc.example.org>',
      }),
    );
    expect(out).toEqual({ outcome: 'logged', contacts: 3 });
    expect(await h.app.prompts.listFor(me.id, 'rita@cc.example.org')).toEqual([
      expect.objectContaining({ status: 'pending', dueAt: '2026-11-25T20:15:00.000Z' }),
    ]);
    for (const copied of ['omar@cc.example.org', 'carla@cc.example.org']) {
      expect(await h.app.prompts.listFor(me.id, copied)).toEqual([]);
      expect(await contact(copied)).toMatchObject({
        interactionCount: 1,
        lastInboundAt: '2026-11-24T20:15:00.000Z',
        pendingThanks: null,
      });
      expect(await h.app.contacts.listInteractions(me.id, copied)).toEqual([
        expect.objectContaining({ direction: 'inbound', subject: 'Referral to the Globex team' }),
      ]);
    }
  });

  it('forces a prompt with +thanks for the sender of a forward only', async () => {
    await h.deliver(
      forwardWithCc({
        sender: 'Rita Forced <rita@force.example.org>',
        to: 'Me <me@example.com>, Omar <omar@force.example.org>',
        cc: 'Carla <carla@force.example.org>',
      }),
      { recipients: ['log+thanks@in.tend.localhost'] },
    );
    expect(await h.app.prompts.listFor(me.id, 'rita@force.example.org')).toHaveLength(1);
    expect(await h.app.prompts.listFor(me.id, 'omar@force.example.org')).toEqual([]);
    expect(await h.app.prompts.listFor(me.id, 'carla@force.example.org')).toEqual([]);
  });
});

describe('"Last, First" display names (SPEC 2.4)', () => {
  it('stores an Outlook-style "Smith, Dana" BCC recipient as "Dana Smith"', async () => {
    await h.deliver(
      mail({
        to: '"Smith, Dana" <dana@outlook.example.org>',
        cc: '"Acme, Inc." <desk@outlook.example.org>',
      }),
    );
    expect(await contact('dana@outlook.example.org')).toMatchObject({ name: 'Dana Smith' });
    expect(await contact('desk@outlook.example.org')).toMatchObject({ name: 'Acme, Inc.' });
  });

  it('reads "Last, First" in a forwarded From and Cc', async () => {
    await h.deliver(
      forwardWithCc({
        sender: '"Haddad, Omar" <omar@outlook-fwd.example.org>',
        cc: '"Lopez, Ana" <ana@outlook-fwd.example.org>',
      }),
    );
    expect(await contact('omar@outlook-fwd.example.org')).toMatchObject({ name: 'Omar Haddad' });
    expect(await contact('ana@outlook-fwd.example.org')).toMatchObject({ name: 'Ana Lopez' });
  });
});

describe('role and machine addresses (SPEC 2.4)', () => {
  it('skips noreply@ and support@ recipients, logging the people', async () => {
    const out = await h.deliver(
      mail({ to: 'noreply@roles.example.org, support@roles.example.org, dana@roles.example.org' }),
    );
    expect(out).toEqual({ outcome: 'logged', contacts: 1 });
    expect(await contact('noreply@roles.example.org')).toBeNull();
    expect(await contact('support@roles.example.org')).toBeNull();
    expect(await contact('dana@roles.example.org')).toMatchObject({ interactionCount: 1 });
  });

  it('logs them when the user tags the email (log+recruiter@), and only then', async () => {
    const raw = () => mail({ to: 'support@tagged.example.org, jobs@tagged.example.org' });
    expect(await h.deliver(raw())).toEqual({ outcome: 'quarantined', reason: 'no-contacts' });
    expect(await contact('support@tagged.example.org')).toBeNull();
    const out = await h.deliver(raw(), { recipients: ['log+recruiter@in.tend.localhost'] });
    expect(out).toEqual({ outcome: 'logged', contacts: 2 });
    expect(await contact('support@tagged.example.org')).toMatchObject({ tags: ['recruiter'] });
    expect(await contact('jobs@tagged.example.org')).toMatchObject({ tags: ['recruiter'] });
  });

  it('logs one that is already a contact, untagged', async () => {
    await h.deliver(mail({ to: 'info@known.example.org' }), {
      recipients: ['log+vendor@in.tend.localhost'],
    });
    const out = await h.deliver(mail({ to: 'info@known.example.org, noreply@known.example.org' }));
    expect(out).toEqual({ outcome: 'logged', contacts: 1 });
    expect(await contact('info@known.example.org')).toMatchObject({ interactionCount: 2 });
    expect(await contact('noreply@known.example.org')).toBeNull();
  });

  it('quarantines an email to role addresses only as no-contacts, saying so', async () => {
    const out = await h.deliver(
      mail({
        to: 'noreply@only-roles.example.org',
        cc: 'newsletter@only-roles.example.org',
        subject: 'Unsubscribe me',
      }),
      { sesId: 'only-roles' },
    );
    expect(out).toEqual({ outcome: 'quarantined', reason: 'no-contacts' });
    expect(await contact('noreply@only-roles.example.org')).toBeNull();
    const record = (await h.app.quarantine.list(me.id)).find((r) => r.s3Key.endsWith('only-roles'));
    expect(record).toMatchObject({ reason: 'no-contacts', detail: expect.stringMatching(/role/) });
  });
});

describe('"reconnected this week" (SPEC 3)', () => {
  it('counts a brand-new contact as logged, not reconnected, and one first seen 30 days earlier as reconnected', async () => {
    const week = await h.register('week@example.com', 'America/New_York');
    const from = 'Week User <week@example.com>';
    // 30 and 3 days before this week's emails.
    await h.deliver(
      mail({ from, to: 'old@week.example.org', date: 'Tue, 27 Oct 2026 09:30:00 +0000' }),
    );
    await h.deliver(
      mail({ from, to: 'recent@week.example.org', date: 'Mon, 23 Nov 2026 09:30:00 +0000' }),
    );

    await h.deliver(
      mail({
        from,
        to: 'old@week.example.org, recent@week.example.org, new@week.example.org',
        date: 'Thu, 26 Nov 2026 09:30:00 +0000',
      }),
    );

    // The week (20–26 Nov) logged 4 interactions; only old@ was known before it.
    const activity = await h.app.contacts.weekActivity(week.id, h.now());
    expect(activity).toMatchObject({ logged: 4, reconnected: 1 });
  });
});
