/**
 * SPEC 9, "Share your news": who helped the user, so that after a job change or a milestone they
 * can tell each of them. Pure: the use case (shared/use-cases/share-news.ts) reads the candidates
 * through the ports and saves the checklist this decides.
 */
import { boundedText } from './bounded-text';
import type { Contact, DigestItem } from './types';

/** SPEC 9: "in the last 2 years" (730 days: a leap day more or less changes nobody's list). */
export const NEWS_WINDOW_DAYS = 730;
/** The checklist lists at most this many people, most helpful first; the rest are counted
 * ("and 4 more"). Twenty mailto drafts is already an evening of writing. */
export const NEWS_MAX_PEOPLE = 20;
/** Contacts thanked in the window whose records are read to rank them (most thanked, then most
 * recently, first): three BatchGetItem calls at most, however long the user's history. */
export const NEWS_MAX_THANKED_READ = 300;
/** The news as kept and quoted in the drafts: as long as a note (MAX_NOTE_CHARS, commands.ts). */
export const MAX_NEWS_CHARS = 500;
/** The tags that mark the user's committee of advisors (SPEC 9). */
export const HELPER_TAGS = ['mentor', 'advisor'] as const;

/** Why someone is on the checklist. */
export type HelpKind = 'thanked' | 'mentor' | 'advisor' | 'introduced';

/** A thank-you prompt Tend sent the user about this contact (sent or since marked done). */
export interface ThankedEvidence {
  email: string;
  sentAt: string;
}

/**
 * SPEC 9, introductions: the introducer of a contact the user was introduced to, first seen at
 * `at` (`introductionsOf`, from the contacts' `introducedBy`).
 */
export interface IntroductionEvidence {
  introducer: string;
  at: string;
}

export interface HelperCandidates {
  now: Date;
  /** Every contact the evidence names, as read (absent: forgotten, so left out). */
  contacts: ReadonlyMap<string, Contact>;
  thanked: readonly ThankedEvidence[];
  introductions: readonly IntroductionEvidence[];
  /** The user's own addresses: never on their own checklist. */
  userAddresses: readonly string[];
  limit?: number;
}

export interface Helper {
  email: string;
  name: string | null;
  /** Most telling first: introduced, mentor, advisor, thanked. */
  kinds: HelpKind[];
  /** Thank-you prompts plus introductions in the window. */
  helpCount: number;
  interactionCount: number;
  /** The latest help or interaction in the window. */
  lastAt: string;
}

export interface HelperSelection {
  people: Helper[];
  /** Who else qualified but is past the cap. */
  more: number;
}

const KIND_ORDER: readonly HelpKind[] = ['introduced', 'mentor', 'advisor', 'thanked'];

/** The start of the window, as an ISO time. */
export function newsWindowStart(now: Date): string {
  return new Date(now.getTime() - NEWS_WINDOW_DAYS * 86_400_000).toISOString();
}

/**
 * Who helped, most helpful first (SPEC 9): contacts Tend prompted the user to thank, contacts
 * tagged `mentor` or `advisor` and introducers, in the last 2 years.
 *
 * - In the window: a thank-you prompt sent since its start; an introduction of someone first
 *   seen since then; a mentor or advisor the user has been in touch with since then (else, with
 *   nothing logged, first seen since then).
 * - Left out: muted contacts (the user asked for no prompts about them), forgotten ones (not in
 *   `contacts`), LinkedIn-only contacts (no address, so no draft) and the user's own addresses.
 * - Ranking: more kinds of help first (thanked and a mentor beats thanked alone); then more
 *   help (thank-yous and introductions counted); then more interactions overall (the closer
 *   relationship); then the most recent; then the address, so the order is stable.
 */
export function selectHelpers(input: HelperCandidates): HelperSelection {
  const since = newsWindowStart(input.now);
  const own = new Set(input.userAddresses.map((a) => a.toLowerCase()));
  const found = new Map<string, { kinds: Set<HelpKind>; help: number; lastAt: string }>();
  // Evidence names the address it was recorded under; a merge may since have made it an alias
  // of another contact (`contacts` maps it to that one). Help is the contact's, once.
  const byEmail = new Map<string, Contact>();
  for (const c of input.contacts.values()) byEmail.set(c.email.toLowerCase(), c);
  const credit = (email: string, kind: HelpKind, at: string, counts: boolean) => {
    const key = (input.contacts.get(email.toLowerCase())?.email ?? email).toLowerCase();
    const entry = found.get(key) ?? { kinds: new Set<HelpKind>(), help: 0, lastAt: at };
    entry.kinds.add(kind);
    if (counts) entry.help += 1;
    if (at > entry.lastAt) entry.lastAt = at;
    found.set(key, entry);
  };

  for (const t of input.thanked) if (t.sentAt >= since) credit(t.email, 'thanked', t.sentAt, true);
  for (const i of input.introductions)
    if (i.at >= since) credit(i.introducer, 'introduced', i.at, true);
  for (const c of input.contacts.values()) {
    const touched = c.lastInteractionAt ?? c.firstSeenAt;
    if (touched < since) continue;
    for (const tag of HELPER_TAGS) if (c.tags.includes(tag)) credit(c.email, tag, touched, false);
  }

  const qualified: Helper[] = [];
  for (const [email, entry] of found) {
    const c = byEmail.get(email);
    if (!c || c.status === 'muted' || own.has(email) || !isAddressable(email)) continue;
    const lastAt =
      c.lastInteractionAt && c.lastInteractionAt > entry.lastAt
        ? c.lastInteractionAt
        : entry.lastAt;
    qualified.push({
      email: c.email,
      name: c.name,
      kinds: KIND_ORDER.filter((k) => entry.kinds.has(k)),
      helpCount: entry.help,
      interactionCount: c.interactionCount,
      lastAt,
    });
  }
  qualified.sort(
    (a, b) =>
      b.kinds.length - a.kinds.length ||
      b.helpCount - a.helpCount ||
      b.interactionCount - a.interactionCount ||
      (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0) ||
      (a.email < b.email ? -1 : a.email > b.email ? 1 : 0),
  );
  const limit = input.limit ?? NEWS_MAX_PEOPLE;
  return { people: qualified.slice(0, limit), more: Math.max(0, qualified.length - limit) };
}

/**
 * SPEC 9: the introductions these contacts record, one per contact an introduction brought in,
 * dated when it came in (the read that feeds it, `contacts.helpers`, brings those contacts).
 */
export function introductionsOf(contacts: readonly Contact[]): IntroductionEvidence[] {
  return contacts.flatMap((c) =>
    c.introducedBy ? [{ introducer: c.introducedBy, at: c.firstSeenAt }] : [],
  );
}

/** Which thanked contacts to read, when there are more than `limit`: the most thanked, then the
 * most recently thanked (the ones the ranking would put first anyway). */
export function thankedToRead(
  thanked: readonly ThankedEvidence[],
  limit: number = NEWS_MAX_THANKED_READ,
): string[] {
  const by = new Map<string, { n: number; last: string }>();
  for (const t of thanked) {
    const key = t.email.toLowerCase();
    const e = by.get(key) ?? { n: 0, last: t.sentAt };
    e.n += 1;
    if (t.sentAt > e.last) e.last = t.sentAt;
    by.set(key, e);
  }
  return [...by.entries()]
    .sort(([, a], [, b]) => b.n - a.n || (a.last < b.last ? 1 : a.last > b.last ? -1 : 0))
    .slice(0, limit)
    .map(([email]) => email);
}

function isAddressable(email: string): boolean {
  return !email.startsWith('linkedin:') && email.includes('@');
}

/**
 * The news as the user wrote it: the new text of their email (quotes and signature already
 * removed), else its subject; blank lines squeezed, at most MAX_NEWS_CHARS. Empty: no news.
 */
export function readNews(newText: string, subject: string | null): string {
  const body = newText
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const subjectNews = (subject ?? '')
    .replace(/^\s*((re|fwd?)\s*:\s*)+/i, '')
    .replace(/^\s*news\s*[:-]?\s*/i, '')
    .trim();
  const news = body !== '' ? body : subjectNews;
  return boundedText(news, MAX_NEWS_CHARS);
}

/** A checklist as Tend sent it: its numbered people, so `3 done` in a reply means who the user
 * saw as 3, and the news itself, which the "told them" interaction quotes. */
export interface NewsChecklist {
  id: string;
  sentAt: string;
  news: string;
  items: DigestItem[];
}

/** The numbered items of a checklist, in the order shown. */
export function checklistItems(people: readonly Helper[]): DigestItem[] {
  return people.map((p, i) => ({ n: i + 1, contactEmail: p.email, name: p.name }));
}

/** What the "told them" interaction says (SPEC 9: `3 done` on the checklist). */
export function toldNewsSnippet(news: string, max: number): string {
  return boundedText(`Told them your news: ${news.replace(/\s+/g, ' ').trim()}`, max);
}
