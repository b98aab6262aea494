import type { User } from '../../shared/domain/types';
import { forwardedMail, mail } from '../support/tend-harness';
import type { WebHarness } from './web-harness';

/** Thursday 26 Nov 2026, 10:00 UTC: "now" for the web tests. */
export const NOW = '2026-11-26T10:00:00Z';

export interface SeededUser {
  user: User;
  /** A thank-you prompt sent and not yet done. */
  thanksPromptId: string;
}

/**
 * A user with a small network, as ingest logs it: two people overdue (the first more than the
 * second), one recently written to, one who wrote an intro (a thank-you prompt, sent), and
 * `extra` more people on one email (for pages).
 */
export async function seedUser(
  h: WebHarness,
  me: string,
  people: { overdue: string; due: string; recent: string; helper: string },
  extra = 0,
): Promise<SeededUser> {
  const user = await h.register(me, 'Europe/London');
  const bcc = (to: string, subject: string, date: string) =>
    h.deliver(mail({ from: me, to, subject, date }));
  await bcc(people.overdue, 'Catching up on the Globex launch', 'Mon, 01 Jun 2026 09:00:00 +0000');
  await bcc(people.due, 'Lunch soon?', 'Mon, 03 Aug 2026 09:00:00 +0000');
  await bcc(people.recent, 'Thanks for today', 'Fri, 20 Nov 2026 09:00:00 +0000');
  if (extra > 0) {
    const crowd = Array.from({ length: extra }, (_, i) => `Person ${i} <p${i}@crowd.example>`);
    await bcc(crowd.join(', '), 'Meetup follow-up', 'Tue, 10 Nov 2026 09:00:00 +0000');
  }
  await h.deliver(forwardedMail(people.helper, me, 'Tue, 24 Nov 2026 09:00:00 +0000'));
  await h.tick(NOW); // sends the thank-you prompt (due 24 h after the intro)
  const [thanks] = await h.app.prompts.sentSince(user.id, '2026-11-01T00:00:00Z');
  if (!thanks) throw new Error('seed: the thank-you prompt was not sent');
  return { user, thanksPromptId: thanks.id };
}
