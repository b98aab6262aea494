import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { simpleParser } from 'mailparser';
import { htmlDraftLinks, textDraftLinks } from '../support/mailto-links';
import { createHarness, forwardedMail, mail, type Harness } from '../support/tend-harness';

const forwardFrom = forwardedMail;

/** Keeps a copy of every raw message the real SES mailer sends (local SES does not store headers). */
function recordRaw(h: Harness): Buffer[] {
  const raws: Buffer[] = [];
  const send = h.app.mailer.sendRaw.bind(h.app.mailer);
  h.app.mailer.sendRaw = async (args) => {
    const out = await send(args);
    raws.push(args.raw);
    return out;
  };
  return raws;
}

describe('thank-you prompts', () => {
  let h: Harness;
  let user: User;
  const ME = 'thanks-user@dispatch.example';

  let raws: Buffer[];

  beforeAll(async () => {
    h = await createHarness('dispatch-thanks', '2026-11-26T15:00:00Z');
    user = await h.register(ME, 'America/New_York');
    raws = recordRaw(h);
  });

  it('sends exactly one thank-you email after T+24h and none before', async () => {
    // T = Thu 26 Nov 2026 10:00 New York = 15:00Z.
    await h.deliver(
      forwardFrom('Dana Mentor <dana@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'),
    );
    expect(await h.tick('2026-11-27T14:59:00Z')).toMatchObject({ sent: 0 });
    expect(await h.ctx.sentTo(ME)).toHaveLength(0);

    expect(await h.tick('2026-11-27T15:01:00Z')).toMatchObject({ sent: 1 });
    expect(await h.tick('2026-11-27T15:02:00Z')).toMatchObject({ sent: 0 });
    expect(await h.tick('2026-11-28T15:02:00Z')).toMatchObject({ sent: 0 });

    const sent = await h.ctx.sentTo(ME);
    expect(sent).toHaveLength(1);
    const email = sent[0]!;
    expect(email.destination.to).toEqual([ME]);
    expect(email.subject).toContain('Dana Mentor');
    expect(email.body.text).toContain('Intro to the Acme team');
    expect(email.body.html).toContain('Dana Mentor');
    expect(email.replyTo[0]).toMatch(/^reply\+[0-9a-z]{50}@in\.tend\.localhost$/);
    expect(raws).toHaveLength(1);
    const parsed = await simpleParser(raws[0]!);
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(raws[0]!.toString('utf8')).toMatch(
      /^List-Unsubscribe:\s+<mailto:reply\+[0-9a-z]{50}@in\.tend\.localhost\?subject=unsubscribe>\r?$/m,
    );
    expect(parsed.text).toBeTruthy();
    expect(parsed.html).toBeTruthy();

    const [prompt] = await h.app.prompts.listFor(user.id, 'dana@example.org');
    expect(prompt).toMatchObject({ status: 'sent', sentAt: '2026-11-27T15:01:00.000Z' });
    expect(
      (await h.app.contacts.get(user.id, 'dana@example.org'))?.contact.pendingThanks,
    ).toBeNull();
  });

  it('sends nothing when the user wrote to the contact at T+2h', async () => {
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(forwardFrom('Eli <eli@example.org>', ME, 'Thu, Nov 26, 2026 at 10:00 AM'));
    h.setNow('2026-11-26T17:00:00Z');
    await h.deliver(
      mail({
        from: ME,
        to: 'eli@example.org',
        date: 'Thu, 26 Nov 2026 17:00:00 +0000',
        subject: 'Thank you!',
      }),
    );
    await h.tick('2026-11-27T16:00:00Z');
    expect((await h.ctx.sentTo(ME)).filter((e) => e.subject.includes('Eli'))).toHaveLength(0);
    const [prompt] = await h.app.prompts.listFor(user.id, 'eli@example.org');
    expect(prompt?.status).toBe('cancelled');
  });

  it('sends each email once when the dispatcher runs twice at the same time, or twice at once', async () => {
    h.setNow('2026-11-26T15:00:00Z');
    for (const n of [1, 2, 3])
      await h.deliver(
        forwardFrom(`Twin ${n} <twin${n}@example.org>`, ME, 'Thu, Nov 26, 2026 at 11:00 AM'),
      );
    const at = '2026-11-27T16:30:00Z';
    const reports = await Promise.all([h.tick(at), h.tick(at), h.tick(at)]);
    const again = await h.tick(at);
    expect(reports.reduce((n, r) => n + r.sent, 0) + again.sent).toBe(3);
    const sent = (await h.ctx.sentTo(ME)).filter((e) => e.subject.includes('Twin'));
    expect(sent).toHaveLength(3);
    expect(new Set(sent.map((e) => e.subject)).size).toBe(3);
  });

  it('retries a prompt whose claim a crashed run left behind, once the claim expires', async () => {
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(
      forwardFrom('Crash Test <crash@example.org>', ME, 'Thu, Nov 26, 2026 at 11:00 AM'),
    );
    const [prompt] = await h.app.prompts.listFor(user.id, 'crash@example.org');
    // A run claimed it at 16:01 and died before sending.
    const claimed = await h.app.dueWork.claim(
      { kind: 'thanks', userId: user.id, id: prompt!.id, dueAt: prompt!.dueAt, claimedUntil: null },
      '2026-11-27T16:01:00.000Z',
      '2026-11-27T16:11:00.000Z',
    );
    expect(claimed).toMatchObject({
      kind: 'thanks',
      prompt: { id: prompt!.id, status: 'claimed' },
    });
    await h.tick('2026-11-27T16:05:00Z');
    expect((await h.ctx.sentTo(ME)).filter((e) => e.subject.includes('Crash Test'))).toHaveLength(
      0,
    );
    await h.tick('2026-11-27T16:12:00Z');
    await h.tick('2026-11-27T16:13:00Z');
    expect((await h.ctx.sentTo(ME)).filter((e) => e.subject.includes('Crash Test'))).toHaveLength(
      1,
    );
  });

  it('sends nothing to a paused user until the pause ends, and nothing for a muted contact', async () => {
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(forwardFrom('Muted Mo <mo@example.org>', ME, 'Thu, Nov 26, 2026 at 9:00 AM'));
    const mo = await h.app.contacts.get(user.id, 'mo@example.org');
    await h.app.contacts.save(user, {
      ...mo!,
      contact: { ...mo!.contact, status: 'muted' },
    });
    await h.deliver(
      forwardFrom('Paula Paused <paula@example.org>', ME, 'Thu, Nov 26, 2026 at 9:00 AM'),
    );
    await h.app.users.save({ ...user, pausedUntil: '2026-12-01T00:00:00.000Z' });
    await h.tick('2026-11-28T12:00:00Z');
    let sent = await h.ctx.sentTo(ME);
    expect(sent.filter((e) => /Mo|Paula/.test(e.subject))).toHaveLength(0);
    await h.app.users.save({ ...user, pausedUntil: null });
    await h.tick('2026-12-01T00:01:00Z');
    sent = await h.ctx.sentTo(ME);
    expect(sent.filter((e) => e.subject.includes('Paula'))).toHaveLength(1);
    expect(sent.filter((e) => e.subject.includes('Mo'))).toHaveLength(0);
  });

  it('sends nothing to a user who unsubscribed', async () => {
    const other = await h.register('unsub@dispatch.example', 'UTC');
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(
      forwardFrom(
        'Uma <uma@example.org>',
        'unsub@dispatch.example',
        'Thu, Nov 26, 2026 at 9:00 AM',
      ),
    );
    await h.app.users.save({ ...other, unsubscribed: true });
    await h.tick('2026-12-14T13:00:00Z');
    expect(await h.ctx.sentTo('unsub@dispatch.example')).toHaveLength(0);
  });

  it('offers a "Write to …" draft replying to the subject with the first line (RFC 6068, in the real MIME)', async () => {
    h.setNow('2026-12-22T15:00:00Z');
    const subject = 'Intro: Zoë & Ben — "100% + #1?" café 🎉';
    await h.deliver(
      forwardFrom('Rita Moreno <rita@example.org>', ME, 'Tue, Dec 22, 2026 at 9:00 AM', subject),
    );
    const before = raws.length;

    expect(await h.tick('2026-12-23T15:00:00Z')).toMatchObject({ sent: 1 });

    expect(raws).toHaveLength(before + 1);
    const parsed = await simpleParser(raws.at(-1)!);
    expect(parsed.subject).toBe('Thank Rita Moreno for the intro?');
    const links = htmlDraftLinks(String(parsed.html));
    expect(links).toHaveLength(1);
    const [link] = links;
    expect(link).toMatchObject({
      label: 'Write to Rita',
      to: 'rita@example.org',
      subject: `Re: ${subject}`,
    });
    expect(link?.body).toMatch(/^Hi Rita,\r\n\r\nThank you for the intro[^\r\n]+\r\n\r\n$/);
    // Encoded as RFC 6068 wants: nothing a client could misread as a delimiter or a space.
    expect(link?.uri).not.toMatch(/[ +"<>\r\n]/);
    for (const encoded of ['%20', '%26', '%23', '%25', '%2B', '%3F', 'caf%C3%A9', '%F0%9F%8E%89'])
      expect(link?.uri).toContain(encoded);
    expect(link?.uri).toContain('%0D%0A%0D%0AThank%20you%20for%20the%20intro');
    expect(String(parsed.html)).toContain(`href="${link?.uri.replace(/&/g, '&amp;')}"`);
    expect(textDraftLinks(parsed.text ?? '')).toEqual(links);
  });
});

describe('weekly digest', () => {
  it.each([
    ['winter (EST, UTC-5)', '2026-12-01T12:00:00Z', '2026-12-07T12:59:00Z', '2026-12-07T13:00:00Z'],
    ['summer (EDT, UTC-4)', '2027-06-01T12:00:00Z', '2027-06-07T11:59:00Z', '2027-06-07T12:00:00Z'],
  ])(
    'arrives at Monday 08:00 New York in %s, most overdue first',
    async (_label, start, before, at) => {
      const h = await createHarness(`digest-${start.slice(0, 4)}`, start);
      const ME = `digest-${start.slice(0, 7)}@dispatch.example`;
      const user = await h.register(ME, 'America/New_York');
      // Three contacts gone cold by different amounts, one snoozed, one muted, one recent.
      const ago = (days: number) =>
        new Date(new Date(start).getTime() - days * 86_400_000)
          .toUTCString()
          .replace('GMT', '+0000');
      await h.deliver(
        mail({ from: ME, to: 'Old Friend <old@example.org>', subject: 'Long ago', date: ago(300) }),
        { recipients: ['log+nothanks@in.tend.localhost'] },
      );
      await h.deliver(
        mail({ from: ME, to: 'Mid Way <mid@example.org>', subject: 'A while ago', date: ago(150) }),
      );
      await h.deliver(
        mail({
          from: ME,
          to: 'Monthly Mentor <mentor@example.org>',
          subject: 'Mentoring',
          date: ago(45),
        }),
        { recipients: ['log+mentor.monthly@in.tend.localhost'] },
      );
      await h.deliver(mail({ from: ME, to: 'Snoozy <snoozed@example.org>', date: ago(200) }));
      await h.deliver(mail({ from: ME, to: 'Quiet <muted@example.org>', date: ago(200) }));
      await h.deliver(mail({ from: ME, to: 'Fresh <fresh@example.org>', date: ago(3) }));
      const snoozed = await h.app.contacts.get(user.id, 'snoozed@example.org');
      await h.app.contacts.save(user, {
        ...snoozed!,
        contact: { ...snoozed!.contact, snoozedUntil: '2027-12-01T00:00:00.000Z' },
      });
      const muted = await h.app.contacts.get(user.id, 'muted@example.org');
      await h.app.contacts.save(user, {
        ...muted!,
        contact: { ...muted!.contact, status: 'muted' },
      });

      await h.tick(before);
      expect(await h.ctx.sentTo(ME)).toHaveLength(0);
      expect(await h.tick(at)).toMatchObject({ sent: 1 });
      await h.tick(at);
      const sent = await h.ctx.sentTo(ME);
      expect(sent).toHaveLength(1);
      const text = sent[0]!.body.text ?? '';
      // Overdue ratio: old 210/90, mentor 15/30, mid 60/90 → old, mid, mentor.
      const order = ['Old Friend', 'Mid Way', 'Monthly Mentor'].map((n) => text.indexOf(n));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => a - b));
      expect(text).toMatch(/1\.\s+Old Friend/);
      for (const absent of ['Snoozy', 'Quiet', 'Fresh']) expect(text).not.toContain(absent);
      const [digest] = await h.app.digests.list(user.id);
      expect(digest?.items.map((i) => i.contactEmail)).toEqual([
        'old@example.org',
        'mid@example.org',
        'mentor@example.org',
      ]);
      // The next one is scheduled a week later, same local hour.
      const next = await h.app.digests.getSchedule(user.id);
      expect(next?.dueAt).toBe(new Date(new Date(at).getTime() + 7 * 86_400_000).toISOString());
    },
  );

  it('sends no digest when nothing is due, and none to a paused user', async () => {
    const h = await createHarness('digest-empty', '2026-12-01T12:00:00Z');
    const ME = 'digest-empty@dispatch.example';
    const user = await h.register(ME, 'America/New_York');
    await h.deliver(
      mail({ from: ME, to: 'recent@example.org', date: 'Mon, 30 Nov 2026 12:00:00 +0000' }),
    );
    expect(await h.tick('2026-12-07T13:05:00Z')).toMatchObject({ sent: 0, empty: 1 });
    await h.deliver(
      mail({ from: ME, to: 'cold@example.org', date: 'Mon, 01 Jun 2026 12:00:00 +0000' }),
    );
    await h.app.users.save({ ...user, pausedUntil: '2026-12-20T00:00:00.000Z' });
    await h.tick('2026-12-14T13:05:00Z');
    expect(await h.ctx.sentTo(ME)).toHaveLength(0);
  });
});

describe('SES outage', () => {
  it('loses nothing: what failed is sent by a later run, and nothing twice', async () => {
    const { freePort, startSesServer, sesEmailsTo } = await import('../../local/services');
    const port = await freePort();
    const endpoint = `http://127.0.0.1:${port}`;
    let ses = await startSesServer(port);
    const h = await createHarness('dispatch-outage', '2026-11-26T15:00:00Z', {
      AWS_ENDPOINT_URL_SESV2: endpoint,
    });
    const ME = 'outage@dispatch.example';
    await h.register(ME, 'UTC');
    for (const n of [1, 2, 3])
      await h.deliver(
        forwardFrom(`Person ${n} <p${n}@example.org>`, ME, 'Thu, Nov 26, 2026 at 9:00 AM'),
      );

    // The first send goes through, then SES goes down mid-run.
    const realSend = h.app.mailer.sendRaw.bind(h.app.mailer);
    let sends = 0;
    h.app.mailer.sendRaw = async (args) => {
      const out = await realSend(args);
      if (++sends === 1)
        await new Promise<void>((res) => {
          ses.close(() => res());
          ses.closeAllConnections();
        });
      return out;
    };
    const first = await h.tick('2026-11-27T15:00:00Z');
    expect(first).toMatchObject({ sent: 1, failed: 2 });
    expect(await sesEmailsTo(endpoint, ME).catch(() => 'down')).toBe('down');

    ses = await startSesServer(port);
    expect((await h.tick('2026-11-27T15:00:30Z')).sent).toBe(0); // backing off
    const later = await h.tick('2026-11-27T15:10:00Z');
    expect(later).toMatchObject({ sent: 2, failed: 0 });
    const sent = await sesEmailsTo(endpoint, ME);
    expect(sent.map((e) => e.subject).sort()).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Person 2'),
        expect.stringContaining('Person 3'),
      ]),
    );
    await new Promise<void>((res) => {
      ses.close(() => res());
      ses.closeAllConnections();
    });
  });

  it('marks a prompt failed after 5 failed sends, visible on the contact', async () => {
    const h = await createHarness('dispatch-fail', '2026-11-26T15:00:00Z', {
      AWS_ENDPOINT_URL_SESV2: 'http://127.0.0.1:9',
    });
    const ME = 'fails@dispatch.example';
    const user = await h.register(ME, 'UTC');
    await h.deliver(forwardFrom('Fay <fay@example.org>', ME, 'Thu, Nov 26, 2026 at 9:00 AM'));
    let t = new Date('2026-11-27T15:00:00Z').getTime();
    const reports = [];
    for (let i = 0; i < 7; i++) {
      reports.push(await h.tick(new Date(t).toISOString()));
      t += 2 * 3_600_000;
    }
    expect(reports.reduce((n, r) => n + r.failed, 0)).toBe(5);
    const [prompt] = await h.app.prompts.listFor(user.id, 'fay@example.org');
    expect(prompt).toMatchObject({ status: 'failed', attempts: 5 });
    expect(prompt?.lastError).toBeTruthy();
  });
});
