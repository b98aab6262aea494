import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forwardedMail, mail } from '../support/tend-harness';
import { type LocalTend, startLocalTend } from './realistic-week/local-tend';

/**
 * SPEC 9, introductions, "share your news" and merging, end to end: emails over SMTP to the local
 * inbound stand-in, results read through the CLI (`contacts show --json`) and the emails Tend
 * sent read from local SES, the dispatcher run with `tend tick`.
 */

const ME = 'rel-me@example.com';
const JORDAN = 'jordan@lee-rel.example';
const CHRIS = 'chris@acme-rel.example';
const TIMEOUT_MS = 120_000;

let tend: LocalTend;

async function send(raw: string, to: string): Promise<unknown[]> {
  const delivery = await tend.deliver(Buffer.from(raw), { from: ME, to: [to] });
  expect(delivery.accepted).toEqual([to]);
  return delivery.outcomes;
}

async function tick(at: string): Promise<void> {
  tend.setNow(at);
  const r = await tend.tend(['tick']);
  expect(r.code, r.stderr).toBe(0);
}

beforeAll(async () => {
  tend = await startLocalTend('2026-12-01T15:00:00Z');
  const add = await tend.tend(['users', 'add', ME, '--tz', 'Europe/London']);
  expect(add.code, add.stderr).toBe(0);
}, TIMEOUT_MS);

afterAll(async () => {
  await tend?.stop();
});

describe('introductions and news over SMTP (SPEC 9)', () => {
  it(
    'records the introducer, prompts to close the loop a week after the first email, once',
    async () => {
      const log = `log@${tend.domain}`;
      const intro = mail({
        from: ME,
        to: log,
        subject: 'Fwd: Intro: Chris <> you',
        body: [
          '---------- Forwarded message ---------',
          `From: Jordan Lee <${JORDAN}>`,
          'Date: Tue, Dec 1, 2026 at 9:00 AM',
          'Subject: Intro: Chris <> you',
          `To: <${ME}>, Chris Park <${CHRIS}>`,
          '',
          'You two should talk: both of you are hiring PMs.',
          '',
        ].join('\n'),
      });
      expect(await send(intro, log)).toEqual([{ outcome: 'logged', contacts: 2 }]);
      const shown = await tend.tend(['contacts', 'show', CHRIS, '--json']);
      expect(shown.code, shown.stderr).toBe(0);
      expect(JSON.parse(shown.stdout)).toMatchObject({ introducedBy: JORDAN });
      const text = await tend.tend(['contacts', 'show', CHRIS]);
      expect(text.stdout).toContain('introduced by Jordan Lee');

      // The user writes to Chris the next day (BCC log@): the loop is due a week after that.
      tend.setNow('2026-12-02T10:00:00Z');
      const first = mail({
        from: ME,
        to: `Chris Park <${CHRIS}>`,
        subject: 'Coffee next week?',
        date: 'Wed, 02 Dec 2026 10:00:00 +0000',
      });
      expect(await send(first, log)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      const loops = async () =>
        (await tend.sent()).filter((e) => e.subject === 'Tell Jordan how it went with Chris');
      await tick('2026-12-08T10:30:00Z');
      expect(await loops()).toHaveLength(0);
      await tick('2026-12-09T10:05:00Z');
      await tick('2026-12-09T10:10:00Z');
      const sent = await loops();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.destination.to).toEqual([ME]);
      expect(sent[0]!.body.text).toContain(`mailto:${JORDAN}`);
      // Tend wrote to nobody but the user.
      for (const email of await tend.sent()) expect(email.destination.to).toEqual([ME]);
    },
    TIMEOUT_MS,
  );

  it(
    'answers news@ with the checklist of the people who helped, the introducer among them',
    async () => {
      const news = `news@${tend.domain}`;
      tend.setNow('2026-12-10T09:00:00Z');
      const raw = mail({ from: ME, to: news, subject: 'news', body: 'I joined Globex.\n' });
      expect(await send(raw, news)).toEqual([{ outcome: 'news', result: 'sent' }]);
      const [checklist] = (await tend.sent()).filter((e) => /to tell your news$/.test(e.subject));
      expect(checklist).toBeDefined();
      expect(checklist!.destination.to).toEqual([ME]);
      expect(checklist!.body.text).toMatch(/^1\. Jordan Lee$/m);
      expect(checklist!.body.text).toContain(`mailto:${JORDAN}?subject=Some%20news`);
      expect(checklist!.body.text).not.toContain(CHRIS);
    },
    TIMEOUT_MS,
  );

  it(
    'merges two addresses of one person by a `merge OTHER` reply: one contact, once',
    async () => {
      const log = `log@${tend.domain}`;
      const ONE = 'dana@one-rel.example';
      const TWO = 'dana@two-rel.example';
      interface Shown {
        email: string;
        aliases: string[];
        likelyDuplicates: string[];
        interactionCount: number;
        interactions: Array<{ subject: string | null }>;
      }
      const show = async (email: string): Promise<Shown> => {
        const r = await tend.tend(['contacts', 'show', email, '--json']);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as Shown;
      };

      // Dana writes from one address; the user forwards it to log@ (it earns a thank-you).
      tend.setNow('2026-12-14T09:00:00Z');
      const fromOne = forwardedMail(`Dana Cruz <${ONE}>`, ME, 'Mon, Dec 14, 2026', 'Referral');
      expect(await send(fromOne, log)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      await tick('2026-12-15T11:00:00Z');
      const prompt = (await tend.sent()).filter((e) => e.subject.includes('Dana Cruz')).at(-1);
      expect(prompt, 'the thank-you prompt about Dana').toBeDefined();
      // Then from her other address: a second contact of the same name, suggested, not merged.
      tend.setNow('2026-12-15T12:00:00Z');
      const fromTwo = forwardedMail(`Dana Cruz <${TWO}>`, ME, 'Tue, Dec 15, 2026', 'Slides');
      expect(await send(fromTwo, log)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      expect(await show(ONE)).toMatchObject({ likelyDuplicates: [TWO], aliases: [] });
      expect((await show(TWO)).email).toBe(TWO);

      // The user replies to the prompt about Dana with `merge OTHER`.
      tend.setNow('2026-12-15T13:00:00Z');
      const replyTo = prompt!.replyTo[0]!;
      const reply = mail({
        from: ME,
        to: replyTo,
        subject: `Re: ${prompt!.subject}`,
        date: 'Tue, 15 Dec 2026 13:00:00 +0000',
        body: `merge ${TWO}\n`,
      });
      expect(await send(reply, replyTo)).toMatchObject([
        { outcome: 'reply', result: '1/1 applied' },
      ]);
      const merged = await show(TWO);
      expect(merged).toMatchObject({
        email: ONE,
        aliases: [TWO],
        likelyDuplicates: [],
        interactionCount: 2,
      });

      // Later mail to the other address logs to the one contact.
      tend.setNow('2026-12-16T10:00:00Z');
      const later = mail({
        from: ME,
        to: `Dana <${TWO}>`,
        subject: 'Thanks for the slides',
        date: 'Wed, 16 Dec 2026 10:00:00 +0000',
      });
      expect(await send(later, log)).toEqual([{ outcome: 'logged', contacts: 1 }]);
      const after = await show(ONE);
      expect(after).toMatchObject({ email: ONE, aliases: [TWO], interactionCount: 3 });
      expect(after.interactions.map((i) => i.subject)).toEqual([
        'Thanks for the slides',
        'Slides',
        'Referral',
      ]);
      const text = await tend.tend(['contacts', 'show', ONE]);
      expect(text.stdout).toContain(`also ${TWO}`);
      const list = await tend.tend(['contacts', 'list', '--json']);
      const danas = (JSON.parse(list.stdout) as Array<{ email: string }>).filter((c) =>
        c.email.startsWith('dana@'),
      );
      expect(danas.map((c) => c.email)).toEqual([ONE]);

      // The same reply delivered again changes nothing, and sends nothing.
      const sentBefore = (await tend.sent()).length;
      tend.setNow('2026-12-16T11:00:00Z');
      await send(reply, replyTo);
      expect(await show(ONE)).toEqual(after);
      expect(await show(TWO)).toEqual(after);
      expect((await tend.sent()).length).toBe(sentBefore);
    },
    TIMEOUT_MS,
  );
});
