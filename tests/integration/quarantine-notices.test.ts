import { PutObjectCommand } from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import type { User } from '../../shared/domain/types';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail } from '../../shared/use-cases/ingest-email';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

/**
 * SPEC 4, "never fail silently to the user": mail from a registered, authenticated user that Tend
 * quarantines earns that user one short notice (what, why, what to do), at most one per reason
 * per hour; strangers, failed sender checks and unsubscribed users get nothing.
 */

const DOMAIN = 'in.tend.localhost';
const SUBJECT_PREFIX = 'Tend could not use your email';

describe('quarantine notices', () => {
  let h: Harness;
  let user: User;
  const ME = 'noticed@notices.example';
  const notices = async (to = ME) =>
    (await h.ctx.sentTo(to)).filter((e) => e.subject.startsWith(SUBJECT_PREFIX));

  beforeAll(async () => {
    // Thursday 26 Nov 2026, 15:00 UTC = 10:00 in New York.
    h = await createHarness('quarantine-notices', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'America/New_York');
  });

  it('tells the user once about an email with no one to log: its subject, time, why and what to do', async () => {
    const note = mail({
      from: ME,
      to: `log@${DOMAIN}`,
      subject: 'Notes from the offsite',
      body: 'to self',
    });
    expect(await h.deliver(note)).toEqual({ outcome: 'quarantined', reason: 'no-contacts' });

    const [notice, ...more] = await notices();
    expect(more).toEqual([]);
    expect(notice!.destination.to).toEqual([ME]);
    expect(notice!.subject).toBe(`${SUBJECT_PREFIX} “Notes from the offsite”`);
    const text = notice!.body.text!;
    expect(text).toContain('Subject: Notes from the offsite');
    expect(text).toContain('Received: Thu 26 Nov, 10:00'); // in the user's zone
    expect(text).toMatch(/Why\nTend found no one in it to log/);
    expect(text).toMatch(new RegExp(`What to do\\nBCC log@${DOMAIN.replace(/\./g, '\\.')}`));
    expect(notice!.body.html).toContain('Notes from the offsite');
    // Like every email Tend sends: a reply token, so the user can answer it.
    expect(notice!.replyTo[0]).toMatch(
      new RegExp(`^reply\\+n[0-9a-z]{49}@${DOMAIN.replace(/\./g, '\\.')}$`),
    );
  });

  it('sends no second notice for the same reason within the hour, and one again the next hour', async () => {
    h.setNow('2026-11-26T15:59:00Z');
    await h.deliver(mail({ from: ME, to: `log@${DOMAIN}`, subject: 'Second note' }));
    expect(await notices()).toHaveLength(1);

    h.setNow('2026-11-26T16:05:00Z');
    await h.deliver(mail({ from: ME, to: `log@${DOMAIN}`, subject: 'Third note' }));
    const all = await notices();
    expect(all).toHaveLength(2);
    expect(all[1]!.subject).toBe(`${SUBJECT_PREFIX} “Third note”`);
  });

  it('tells the user about too many recipients, a reason of its own in the same hour', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `person${i}@list.example`).join(', ');
    expect(await h.deliver(mail({ from: ME, to: many, subject: 'Town hall' }))).toEqual({
      outcome: 'quarantined',
      reason: 'too-many-recipients',
    });
    const last = (await notices()).at(-1)!;
    expect(last.subject).toBe(`${SUBJECT_PREFIX} “Town hall”`);
    expect(last.body.text).toMatch(/more than 50 people on it/);
  });

  it('tells the user about a reply to an expired token, and answers "help" sent back to the notice', async () => {
    h.setNow('2026-11-26T17:00:00Z');
    await h.deliver(
      forwardedMail('Ana Lopez <ana@example.org>', ME, 'Thu, Nov 26, 2026 at 9:00 AM'),
    );
    await h.tick('2026-11-27T14:01:00Z');
    const prompt = (await h.ctx.sentTo(ME)).find((e) => e.subject.includes('Ana Lopez'))!;
    const replyTo = prompt.replyTo[0]!;

    h.setNow('2027-02-01T12:00:00Z'); // 66 days later
    const late = mail({ from: ME, to: replyTo, subject: 'Re: Thank Ana', body: 'done' });
    expect(await h.deliver(late, { recipients: [replyTo] })).toEqual({
      outcome: 'quarantined',
      reason: 'bad-token',
    });
    const notice = (await notices()).at(-1)!;
    expect(notice.subject).toBe(`${SUBJECT_PREFIX} “Re: Thank Ana”`);
    expect(notice.body.text).toMatch(/more than 60 days old/);
    expect((await h.app.prompts.listFor(user.id, 'ana@example.org'))[0]?.status).toBe('sent');

    const noticeReplyTo = notice.replyTo[0]!;
    expect(
      await h.deliver(mail({ from: ME, to: noticeReplyTo, subject: 'Re: x', body: 'help' }), {
        recipients: [noticeReplyTo],
      }),
    ).toMatchObject({ outcome: 'reply', result: '1/1 applied' });
    expect((await h.ctx.sentTo(ME)).at(-1)!.subject).toBe('Tend: commands');
  });

  it('knows a user by the SPF-checked envelope sender when the From cannot be read', async () => {
    h.setNow('2027-02-01T13:00:00Z');
    const before = (await notices()).length;
    const noFrom = ['To: log@in.tend.localhost', 'Subject: Lost sender', '', 'Hello'].join('\r\n');

    // SPF did not pass: the envelope sender could be anyone's, so no one is told.
    expect(
      await h.deliver(noFrom, { envelopeSender: ME, verdicts: { spf: 'FAIL', dkim: 'PASS' } }),
    ).toEqual({ outcome: 'quarantined', reason: 'unparseable' });
    expect(await notices()).toHaveLength(before);

    expect(await h.deliver(noFrom, { envelopeSender: ME })).toEqual({
      outcome: 'quarantined',
      reason: 'unparseable',
    });
    const all = await notices();
    expect(all).toHaveLength(before + 1);
    expect(all.at(-1)!.body.text).toMatch(/could not read it as an email/);
  });

  it('sends nothing to a stranger, nor about mail that failed the sender checks', async () => {
    h.setNow('2027-02-01T14:00:00Z');
    const before = (await h.ctx.sentTo(ME)).length;
    const STRANGER = 'stranger@elsewhere.example';
    expect(await h.deliver(mail({ from: STRANGER, to: `log@${DOMAIN}` }))).toEqual({
      outcome: 'quarantined',
      reason: 'unknown-sender',
    });
    expect(
      await h.deliver(mail({ from: ME, to: `log@${DOMAIN}` }), {
        verdicts: { spf: 'FAIL', dkim: 'FAIL' },
      }),
    ).toEqual({ outcome: 'quarantined', reason: 'failed-authentication' });
    expect(await h.ctx.sentTo(STRANGER)).toEqual([]);
    expect(await h.ctx.sentTo(ME)).toHaveLength(before);
  });

  it('sends nothing to a user who unsubscribed', async () => {
    const LEFT = 'left@notices.example';
    const left = await h.register(LEFT, 'UTC');
    await h.app.users.save({ ...left, unsubscribed: true });
    h.setNow('2027-02-01T15:00:00Z');
    expect(await h.deliver(mail({ from: LEFT, to: `log@${DOMAIN}` }))).toEqual({
      outcome: 'quarantined',
      reason: 'no-contacts',
    });
    expect(await h.ctx.sentTo(LEFT)).toEqual([]);
  });

  it('gives the hour back when the notice cannot be sent, so the retry sends it', async () => {
    const SOON = 'retried@notices.example';
    await h.register(SOON, 'UTC');
    h.setNow('2027-02-01T16:00:00Z');
    const down = createApp(parseConfig(h.ctx.env), {
      clock: { now: () => h.now() },
      mailer: {
        sendRaw: () => Promise.reject(new Error('SES is down')),
      },
    });
    const key = `${h.ctx.prefix}retried-notice`;
    const raw = mail({ from: SOON, to: `log@${DOMAIN}`, subject: 'Try again' });
    await h.ctx.s3.send(new PutObjectCommand({ Bucket: h.ctx.bucket, Key: key, Body: raw }));
    await expect(
      ingestEmail(ingestDeps(down), {
        s3Key: key,
        receivedAt: h.now(),
        recipients: [`log@${DOMAIN}`],
        envelopeSender: SOON,
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      }),
    ).rejects.toThrow('SES is down');
    expect(await h.ctx.sentTo(SOON)).toEqual([]);

    // The platform's retry of the same receipt, with SES back.
    expect(await h.deliver(raw, { sesId: 'retried-notice' })).toEqual({
      outcome: 'quarantined',
      reason: 'no-contacts',
    });
    const sent = await h.ctx.sentTo(SOON);
    expect(sent.map((e) => e.subject)).toEqual([`${SUBJECT_PREFIX} “Try again”`]);
  });
});
