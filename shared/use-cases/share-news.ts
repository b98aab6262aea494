import { ulid } from 'ulid';
import { TOKEN_TTL_DAYS } from '../domain/limits';
import { mayEmail } from '../domain/may-email';
import {
  checklistItems,
  HELPER_TAGS,
  introductionsOf,
  newsWindowStart,
  readNews,
  selectHelpers,
  thankedToRead,
  type NewsChecklist,
} from '../domain/news';
import { renderNewsChecklist, renderNoNews } from '../domain/render/news';
import { extractNewText } from '../domain/reply-text';
import type { Contact, User } from '../domain/types';
import { logger } from '../logger';
import type { App } from '../ports/app-context';
import { send } from './dispatch';
import type { IngestOutcome, OwnAddressMail } from './ingest-email';
import { answerOnce, mailMarkers } from './mail-markers';

/** The handler ingest calls for mail to news@ (shared/use-cases/ingest-deps.ts). */
export function newsMailer(app: App): (mail: OwnAddressMail) => Promise<IngestOutcome> {
  return (request) => emailNewsChecklist(app, request);
}

/**
 * SPEC 9: an email to news@DOMAIN from a registered, authenticated address (ingest checked both)
 * is answered with the checklist of people to tell, to the user's primary address only; Tend
 * never writes to the people on it. Exactly once per received email, as login@ is: the markers
 * are checked first and written after the checklist is sent (a failed send throws, so the
 * platform's retry sends it). Nothing after `unsubscribe`.
 */
export async function emailNewsChecklist(app: App, req: OwnAddressMail): Promise<IngestOutcome> {
  const { user, facts, receipt } = req;
  if (!mayEmail(user)) return { outcome: 'news', result: 'not-sent' };
  const now = app.clock.now();
  return answerOnce(app, user.id, mailMarkers(facts.messageId, receipt.s3Key, now), async () => {
    const news = readNews(extractNewText({ text: facts.text, html: facts.html }), facts.subject);
    if (news === '') await send(app, user, renderNoNews(), 'notice', ulid(now.getTime()), now);
    else await shareNews(app, user, news, now);
    return { outcome: 'news', result: news === '' ? 'no-news' : 'sent' };
  });
}

export interface SharedNews {
  sent: boolean;
  /** People on the checklist, and those past its cap. */
  people: number;
  more: number;
}

/**
 * SPEC 9, the core both doors share (news@ and a `news …` reply): finds who helped, records the
 * numbered checklist (so `3 done` in a reply to it finds its person), then sends it to the user.
 *
 * Reads, whatever the size of the history: the user's thank-you prompts of the last 2 years (one
 * Query of their sort-key range), the contacts tagged mentor or advisor and those an introduction
 * brought in (one Query of the user's contacts, filtered on the server), and one BatchGetItem per
 * 100 thanked contacts and introducers not among those, at most NEWS_MAX_THANKED_READ (300) thanked. Writes one item (the checklist) and sends one email.
 */
export async function shareNews(
  app: App,
  user: User,
  news: string,
  now: Date,
): Promise<SharedNews> {
  if (!mayEmail(user)) return { sent: false, people: 0, more: 0 };
  const since = newsWindowStart(now);
  const [thanked, helpers] = await Promise.all([
    app.prompts.thankedSince(user.id, since),
    app.contacts.helpers(user.id, HELPER_TAGS),
  ]);
  const contacts = new Map<string, Contact>(helpers.map((c) => [c.email, c]));
  const introductions = introductionsOf(helpers);
  const toRead = [
    ...new Set([...thankedToRead(thanked), ...introductions.map((i) => i.introducer)]),
  ].filter((email) => !contacts.has(email));
  if (toRead.length > 0)
    for (const [email, stored] of await app.contacts.getMany(user.id, toRead))
      contacts.set(email, stored.contact);

  const selection = selectHelpers({
    now,
    contacts,
    thanked,
    introductions,
    userAddresses: user.addresses,
  });
  const checklist: NewsChecklist = {
    id: ulid(now.getTime()),
    sentAt: now.toISOString(),
    news,
    items: checklistItems(selection.people),
  };
  // Kept as long as a reply to it can be valid (its token's life).
  await app.news.put(
    user.id,
    checklist,
    Math.floor(now.getTime() / 1000) + TOKEN_TTL_DAYS * 86_400,
  );
  const email = renderNewsChecklist({
    news,
    people: selection.people.map((p, i) => ({
      n: i + 1,
      name: p.name,
      email: p.email,
      kinds: p.kinds,
    })),
    more: selection.more,
  });
  await send(app, user, email, 'news', checklist.id, now);
  logger.info('news checklist sent', { people: selection.people.length, more: selection.more });
  return { sent: true, people: selection.people.length, more: selection.more };
}
