/**
 * SPEC 9, introductions: whether an email introduces the user to someone new, and who made the
 * introduction. Pure: it reads the mail's facts as parse-mail.ts extracted them.
 *
 * The introducer writes to both people. Tend sees the intro in one of two ways:
 * - forwarded to log@: the people are the forwarded message's sender, To and Cc (not the user);
 * - the user's reply-all, logged BCC'd: the people are the reply's recipients.
 * Either way the email carries a thread, newest message first: the forwarded message (or the
 * user's reply) and the messages it quotes, each starting at its attribution ("On …, Jordan
 * <jordan@…> wrote:") or Outlook header block ("From: …"). The introducer is
 * - the author of the newest message whose own text makes the introduction ("Sam, meet Chris"),
 * - else the author of the thread's first message (its subject is theirs: "Intro: Chris <> Sam"),
 * - never someone thanking for the introduction: that is a person introduced, answering with a
 *   reply-all ("Thanks Jordan for the intro!"); when only such a reply is there, the introducer
 *   is the one they thank by name, if they name exactly one;
 * - never the user: a thread the user's own message starts, or an intro the user makes, is the
 *   user's own intro (or a plain email), and so is an email the user writes that is not a reply;
 * - without any quoted message: the forwarded message's sender, or the first To of the reply.
 * The new people are the others.
 *
 * It is an introduction when the subject or the opening lines say so (a table of phrasings, Re:
 * and Fwd: prefixes stripped) and at least one other person besides the introducer is on it.
 */
import type { Mailbox, MailFacts } from './mail-facts';
import type { Contact, Interaction, ThanksPrompt, User } from './types';

/** An introduction found in an email. */
export interface Introduction {
  introducer: Mailbox;
  /** The people the user is introduced to: never the user, never the introducer. */
  introduced: Mailbox[];
}

/** SPEC 9: the close-the-loop prompt is due this many days after the user's first interaction
 * with the person they were introduced to. */
export const CLOSE_LOOP_DELAY_DAYS = 7;
/** The opening of a message that is read for intro phrasings: an intro says so in its first
 * lines ("Chris, meet Sam."); a phrase further down is more likely about something else. */
const OPENING_CHARS = 600;
/** How much of a body is looked at at all: the patterns are linear, this bounds them anyway. */
const MAX_SCAN_CHARS = 20_000;
/** An attribution line ("On …, Jordan <j@x> wrote:") is wrapped over at most this many lines. */
const ATTRIBUTION_LINES = 3;
/** An Outlook header block (From / Sent / To / Subject) fits in this many lines. */
const HEADER_BLOCK_LINES = 6;

/** Reply and forward prefixes in several clients and languages, repeated ("Re: Fwd: …"). */
const SUBJECT_PREFIX =
  /^\s*(?:(?:re|fwd?|fw|aw|wg|sv|vs|tr|rv|antw|r)(?:\[\d+\])?\s*:\s*|\[[^\]]{1,20}\]\s*)+/i;

/** Words that make "Intro to …" a course or a talk, not a person. */
const TOPIC =
  /\b(?:course|class(?:es)?|workshop|webinar|session|series|guide|tutorial|training|bootcamp|lecture|seminar|module|lesson|curriculum|101|python|javascript|programming|statistics|algorithms|economics|music|cooking|yoga)\b/i;

/** "Introducing our new pricing": a product announcement. */
const ANNOUNCEMENT = /\bintroducing\s+(?:our|the|a|an|new|version|v\d|\d)\b/i;

/** The words of an intro in a subject: "Intro", "Introduction", "Introducing Chris", "Intros". */
const INTRO_WORD = /\b(?:intro|intros|introduction|introductions|introducing|e-?intro)\b/i;

/** Two sides joined the way intros join them: "Chris <> Sam", "Acme <-> Tend", "A ↔ B". */
const ARROWS = /\S\s*(?:<>|<->|<=>|<\s>|↔|⟷|⇄)\s*\S/u;

/** "Chris / Sam", "Chris x Sam": only with an intro word, since "Q3 / Q4" is not an intro. */
const NAME = "[A-Z][\\p{L}'’.-]+(?:\\s+[A-Z][\\p{L}'’.-]+){0,2}(?:\\s*\\([^)]{1,40}\\))?";
const PAIR = new RegExp(`${NAME}\\s+(?:\\/|x|\\+|&)\\s+${NAME}`, 'u');

/** What follows "meet" when it is not a person: "Meet at 3pm", "meet Tuesday", "meet the team". */
const NOT_A_NAME = new Set([
  'at',
  'on',
  'in',
  'for',
  'up',
  'and',
  'with',
  'you',
  'us',
  'me',
  'them',
  'him',
  'her',
  'the',
  'our',
  'your',
  'my',
  'a',
  'an',
  'today',
  'tomorrow',
  'tonight',
  'next',
  'this',
  'soon',
  'again',
  'halfway',
  'here',
  'there',
  'later',
  'after',
  'before',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
  'noon',
  'lunch',
  'coffee',
  'virtually',
  'online',
  'zoom',
  'everyone',
  'all',
  'some',
  'new',
]);

/** "meet Chris", "Sam, meet Chris Park": "meet" on its own (not "meeting", "meet-up") and then a
 * capitalised word that is not a day, a place word or a pronoun. */
const MEET_NAME = /(?:^|[^\p{L}-])[Mm]eet\s+([A-Z][\p{L}'’-]+)/gu;

/** Phrasings of an introduction, in a subject or an opening. */
const PHRASES: readonly RegExp[] = [
  /\bconnect(?:ing)?\s+(?:the\s+)?(?:you\s+)?(?:two|both|2)(?:\s+of\s+you)?\b/i,
  /\bconnect(?:ing)?\s+you\s+(?:with|to)\b/i,
  /\b(?:want(?:ed)?|like|love|going|happy|glad)\s+to\s+connect\s+you\b/i,
  /\byou\s+(?:two|both|2)\s+(?:should|must|need\s+to|ought\s+to|would\s+(?:really\s+)?(?:enjoy|benefit))\b/i,
  /\b(?:i['’]?d|i\s+would|i\s+want(?:ed)?\s+to|would)\s+(?:like|love)\s+(?:for\s+)?you\s+(?:two\s+|both\s+)?to\s+meet\b/i,
  /\b(?:let\s+me|allow\s+me\s+to|happy\s+to|pleased\s+to|delighted\s+to|glad\s+to|excited\s+to|like\s+to|want(?:ed)?\s+to|love\s+to|going\s+to)\s+(?:virtually\s+)?introduce\b/i,
  /\bintroduc(?:e|ing)\s+you\s+(?:two|both|all|to)\b/i,
  /\bput(?:ting)?\s+you\s+(?:two\s+|both\s+)?in\s+touch\b/i,
  /\bthought\s+you\s+(?:two|both)\s+should\b/i,
  /\bmak(?:e|ing)\s+(?:an|the|this|a\s+quick)\s+intro(?:duction)?\b/i,
  /\bdouble[-\s]opt[-\s]in\b/i,
];

/** How a person introduced answers the intro ("Thanks Jordan for the intro!", "Thank you for
 * connecting us", "moving Jordan to BCC"): within one sentence. */
const THANKS_FOR_INTRO: readonly RegExp[] = [
  /\b(?:thanks|thank\s+you|many\s+thanks)\b[^.!?\n]{0,40}?\bfor\s+(?:the|this|making\s+the|your)\s+(?:kind\s+|warm\s+|lovely\s+|great\s+)?intro(?:duction)?\b/i,
  /\b(?:thanks|thank\s+you)\b[^.!?\n]{0,40}?\bfor\s+(?:connecting|introducing)\s+us\b/i,
  /\bmov(?:e|ed|ing)\s+(?:[\p{L}'’-]+\s+){1,2}to\s+bcc\b/iu,
];
/** Messages of a quoted thread that are read (each its own text): more are older than any intro. */
const MAX_QUOTED_MESSAGES = 8;

/** The subject without Re:, Fwd: and tag prefixes. */
export function stripSubjectPrefixes(subject: string | null): string {
  return (subject ?? '').replace(SUBJECT_PREFIX, '').trim();
}

/** Whether a subject line reads as an introduction. */
export function subjectSaysIntro(subject: string | null): boolean {
  const s = stripSubjectPrefixes(subject);
  if (s === '') return false;
  if (ANNOUNCEMENT.test(s)) return false;
  if (INTRO_WORD.test(s))
    return !(/\bintro(?:duction)?s?\s+(?:to|into)\b/i.test(s) && TOPIC.test(s));
  if (ARROWS.test(s)) return true;
  return saysMeetSomeone(s) || PHRASES.some((p) => p.test(s)) || thanksForIntro(s);
}

/** Whether the opening lines of a message read as an introduction. */
export function openingSaysIntro(text: string): boolean {
  const opening = text.slice(0, OPENING_CHARS);
  if (opening.trim() === '') return false;
  if (PHRASES.some((p) => p.test(opening)) || saysMeetSomeone(opening)) return true;
  if (thanksForIntro(opening)) return true;
  // "Intro: Chris <> Sam" or "Chris / Sam – intro" written as the first line of the message.
  const first = opening.split('\n').find((l) => l.trim() !== '') ?? '';
  return INTRO_WORD.test(first) && (ARROWS.test(first) || PAIR.test(first));
}

/** Whether a message's opening thanks for an introduction (its author is a person introduced). */
function thanksForIntro(text: string): boolean {
  const opening = text.slice(0, OPENING_CHARS);
  return THANKS_FOR_INTRO.some((p) => p.test(opening));
}

function saysMeetSomeone(text: string): boolean {
  for (const m of text.matchAll(MEET_NAME)) {
    const word = (m[1] ?? '').toLowerCase();
    if (!NOT_A_NAME.has(word)) return true;
  }
  return false;
}

/**
 * SPEC 9: the introduction this email records, or null. `inboundDomain` keeps Tend's own
 * addresses (log@…) out of the people, as planIngest does.
 */
export function detectIntroduction(args: {
  facts: MailFacts;
  user: User;
  inboundDomain: string;
}): Introduction | null {
  const { facts, user, inboundDomain } = args;
  const own = new Set(user.addresses);
  const isPerson = (m: Mailbox) =>
    !own.has(m.address) && !m.address.endsWith(`@${inboundDomain.toLowerCase()}`);
  const direct = unique([...facts.to, ...facts.cc]).filter(isPerson);
  const fwd = facts.forwarded;

  if (fwd && direct.length === 0) {
    // Forwarded to log@: the thread is the forwarded message and what it quotes.
    if (!fwd.from) return null;
    const subject = fwd.subject ?? facts.subject;
    const byUser = own.has(fwd.from.address);
    // The user's own message forwarded: their intro, unless it answers someone else's.
    if (byUser && !isReplySubject(subject)) return null;
    const lines = bodyLines(fwd.body);
    const { mineEnd, quoted } = threadOf(lines);
    const top: ThreadMessage = {
      from: fwd.from.address,
      name: fwd.from.name,
      text: lines.slice(0, mineEnd).join('\n'),
    };
    return introductionIn({
      subject,
      mine: byUser ? top.text : '',
      messages: byUser ? quoted : [top, ...quoted],
      people: unique([fwd.from, ...fwd.to, ...fwd.cc]).filter(isPerson),
      own,
      fallback: byUser ? null : fwd.from,
    });
  }

  // The user's own email: only a reply-all to an intro records one.
  if (!isReply(facts) || direct.length < 2) return null;
  const lines = bodyLines(facts.text);
  const { mineEnd, quoted } = threadOf(lines);
  return introductionIn({
    subject: facts.subject,
    mine: lines.slice(0, mineEnd).join('\n'),
    messages: quoted,
    people: direct,
    own,
    fallback:
      (fwd?.from && direct.find((m) => m.address === fwd.from?.address)) ||
      facts.to.find(isPerson) ||
      null,
  });
}

/** One message of the thread an email carries. */
interface ThreadMessage {
  /** Its author's address, as its attribution or header block gives it. */
  from: string | null;
  /** Its author's name, when only a name is given. */
  name: string | null;
  /** Its own text, quote markers removed, without the older messages it quotes. */
  text: string;
}

interface Thread {
  subject: string | null;
  /** What the user wrote (their reply, or their own message forwarded): evidence, not authorship. */
  mine: string;
  /** Newest first. */
  messages: ThreadMessage[];
  /** Everyone on the email but the user and Tend. */
  people: Mailbox[];
  own: ReadonlySet<string>;
  /** The introducer when no message is quoted. */
  fallback: Mailbox | null;
}

function introductionIn(t: Thread): Introduction | null {
  const says =
    subjectSaysIntro(t.subject) ||
    openingSaysIntro(t.mine) ||
    t.messages.some((m) => openingSaysIntro(m.text));
  if (!says) return null;
  const introducer = introducerIn(t);
  if (!introducer) return null;
  const introduced = t.people.filter((m) => m.address !== introducer.address);
  return introduced.length > 0 ? { introducer, introduced } : null;
}

/** Who made the introduction (the rules are in the header of this file). */
function introducerIn(t: Thread): Mailbox | null {
  const author = (m: ThreadMessage): Mailbox | 'user' | null => {
    if (m.from !== null)
      return t.own.has(m.from) ? 'user' : (t.people.find((p) => p.address === m.from) ?? null);
    return t.people.find((p) => sameName(p.name, m.name)) ?? null;
  };
  const thanking = t.messages.filter((m) => thanksForIntro(m.text));
  const thankers = new Set(
    thanking.flatMap((m) => {
      const who = author(m);
      return who && who !== 'user' ? [who.address] : [];
    }),
  );
  for (const m of t.messages) {
    if (thanking.includes(m) || !openingSaysIntro(m.text)) continue;
    const who = author(m);
    if (who === 'user') return null;
    if (who) return who;
  }
  for (const m of [...t.messages].reverse()) {
    const who = author(m);
    if (who === null) continue;
    if (who === 'user') return null;
    if (!thankers.has(who.address)) return who;
    break;
  }
  if (thanking.length > 0 || thanksForIntro(t.mine))
    return thankedByName(
      thanking.map((m) => m.text),
      t.people.filter((p) => !thankers.has(p.address)),
    );
  return t.messages.length === 0 ? t.fallback : null;
}

/** The one person a thank-you for the intro names ("Thanks Jordan for the intro!"), or null. */
function thankedByName(texts: readonly string[], people: readonly Mailbox[]): Mailbox | null {
  const sentences = texts.flatMap((text) =>
    text
      .slice(0, OPENING_CHARS)
      .split(/[.!?\n]+/)
      .filter((s) => THANKS_FOR_INTRO.some((p) => p.test(s))),
  );
  const named = people.filter((p) => {
    const first = firstNameOf(p.name);
    if (first === null) return false;
    const word = new RegExp(`(?<![\\p{L}])${escapeRegExp(first)}(?![\\p{L}])`, 'iu');
    return sentences.some((s) => word.test(s));
  });
  return named.length === 1 ? (named[0] ?? null) : null;
}

function firstNameOf(name: string | null): string | null {
  const first =
    (name ?? '')
      .replace(/["'“”]/g, '')
      .trim()
      .split(/\s+/)[0] ?? '';
  return first.length >= 2 && !first.includes('@') ? first : null;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The thread a body quotes: where the writer's own text ends, then each quoted message. */
function threadOf(lines: readonly string[]): { mineEnd: number; quoted: ThreadMessage[] } {
  const quoted: ThreadMessage[] = [];
  let next = historyStart(lines, 0);
  const mineEnd = next?.at ?? lines.length;
  while (next && quoted.length < MAX_QUOTED_MESSAGES) {
    const after = historyStart(lines, next.body);
    const text = lines
      .slice(next.body, after?.at ?? lines.length)
      .map((l) => l.replace(/^\s*(?:>\s?)+/, ''))
      .join('\n');
    quoted.push({ from: next.from, name: next.name, text });
    next = after;
  }
  return { mineEnd, quoted };
}

/**
 * SPEC 9: the close-the-loop prompt an interaction makes due, or null. Only for a contact an
 * introduction brought in, once (never again after `closeLoopDueAt` is set), at the user's first
 * interaction with them: an email the user writes to them or a meeting, not the intro itself and
 * not a later intro of the same person (`isIntro`), not their own email to the user.
 */
export function closeLoopDue(args: {
  /** The contact as it was before this interaction (null: this email brings it in). */
  before: Pick<Contact, 'introducedBy' | 'closeLoopDueAt' | 'status'> | null;
  interaction: { at: string; direction: string };
  isIntro: boolean;
}): { dueAt: string; introducer: string } | null {
  const { before, interaction: i, isIntro } = args;
  if (!before || before.introducedBy === null || before.closeLoopDueAt !== null) return null;
  if (isIntro || before.status === 'muted') return null;
  if (i.direction !== 'outbound' && i.direction !== 'meeting') return null;
  const due = Date.parse(i.at) + CLOSE_LOOP_DELAY_DAYS * 86_400_000;
  return { dueAt: new Date(due).toISOString(), introducer: before.introducedBy };
}

/**
 * SPEC 9: the close-the-loop prompt of an introduced contact. Its contact is the introducer (a
 * reply `done` logs that the user told them); it is about the contact introduced and the
 * interaction that made it due, and is written with that interaction, so a second delivery (which
 * is refused whole) never writes another.
 */
export function closeLoopPrompt(
  id: string,
  due: { dueAt: string; introducer: string },
  made: {
    contact: Pick<Contact, 'email' | 'name'>;
    interactionId: string;
    interaction: Omit<Interaction, 'id' | 'contactEmail'>;
  },
): ThanksPrompt {
  const { contact, interactionId, interaction: i } = made;
  return {
    id,
    kind: 'loop',
    contactEmail: due.introducer,
    interactionId,
    interactionAt: i.at,
    dueAt: due.dueAt,
    status: 'pending',
    sentAt: null,
    attempts: 0,
    lastError: null,
    about: { subject: i.subject, snippet: i.snippet, direction: i.direction },
    contactName: null,
    introduced: { email: contact.email, name: contact.name },
  };
}

/**
 * SPEC 9: at send time, a close-the-loop prompt is cancelled when the user has written to the
 * introducer since their first interaction with the person introduced.
 */
export function closeLoopStillDue(
  introducer: Pick<Contact, 'lastOutboundAt' | 'status'>,
  firstInteractionAt: string,
): boolean {
  if (introducer.status === 'muted') return false;
  return introducer.lastOutboundAt === null || introducer.lastOutboundAt <= firstInteractionAt;
}

function isReply(facts: MailFacts): boolean {
  return facts.inReplyTo !== null || facts.references.length > 0 || isReplySubject(facts.subject);
}

function isReplySubject(subject: string | null): boolean {
  return /^\s*(?:re|aw|sv|vs|antw|r)(?:\[\d+\])?\s*:/i.test(subject ?? '');
}

function bodyLines(text: string): string[] {
  return text.slice(0, MAX_SCAN_CHARS).replace(/\r\n?/g, '\n').split('\n');
}

const ADDRESS = /<?([^\s<>"'()[\]]+@[^\s<>"'()[\]]+\.[a-z]{2,})>?/i;
const ATTRIBUTION_START = /^\s*(?:>\s*)*(?:on|am|le|el|il|op|em)\s.{0,200}$/i;
const ATTRIBUTION_END = /(?:wrote|schrieb|a écrit|escribió|ha scritto|schreef|escreveu)\s*:\s*$/i;
const ORIGINAL_MESSAGE =
  /^\s*-{2,}\s*(?:original message|ursprüngliche nachricht|message d'origine)\s*-{2,}\s*$/i;
const FROM_LINE = /^\s*(?:>\s*)*\*{0,2}(?:from|von|de|da)\s*\*{0,2}\s*:\s*(.+)$/i;
const HEADER_LINE =
  /^\s*(?:>\s*)*\*{0,2}(?:sent|date|to|subject|gesendet|envoyé|enviado)\s*\*{0,2}\s*:/i;

/**
 * Where the (next) quoted message of a reply starts, from line `from` on: the attribution ("On …, Jordan <j@x> wrote:") or
 * the Outlook header block, with the address (or only the name) it names, and where the quoted
 * message's own text begins.
 */
function historyStart(
  lines: readonly string[],
  from: number,
): { at: number; body: number; from: string | null; name: string | null } | null {
  for (let i = from; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (ATTRIBUTION_START.test(line)) {
      const joined: string[] = [];
      for (let j = i; j < Math.min(lines.length, i + ATTRIBUTION_LINES); j++) {
        joined.push((lines[j] ?? '').replace(/^\s*(?:>\s*)*/, ''));
        const text = joined.join(' ');
        if (ATTRIBUTION_END.test(text)) {
          const address = ADDRESS.exec(text)?.[1]?.toLowerCase() ?? null;
          const name = address ? null : attributionName(text);
          return { at: i, body: j + 1, from: address, name };
        }
      }
    }
    const start = ORIGINAL_MESSAGE.test(line) ? i + 1 : i;
    const from = FROM_LINE.exec(lines[start] ?? '');
    if (from && isHeaderBlock(lines, start)) {
      const value = from[1] ?? '';
      const address = ADDRESS.exec(value)?.[1]?.toLowerCase() ?? null;
      const name = value.replace(ADDRESS, '').replace(/["*]/g, '').trim() || null;
      let body = start + 1;
      while (body < lines.length && HEADER_LINE.test(lines[body] ?? '')) body++;
      return { at: i, body, from: address, name };
    }
  }
  return null;
}

function isHeaderBlock(lines: readonly string[], at: number): boolean {
  for (let j = at + 1; j < Math.min(lines.length, at + HEADER_BLOCK_LINES); j++)
    if (HEADER_LINE.test(lines[j] ?? '')) return true;
  return false;
}

/** "On Thu, Nov 26, 2026 at 9:00 AM Jordan Lee wrote:" → "Jordan Lee" (no address given). */
function attributionName(text: string): string | null {
  const m =
    /(?:\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?,?|\d{4},?)\s+([^,<>]{2,60}?)\s+wrote\s*:\s*$/i.exec(text);
  return m?.[1]?.trim() ?? null;
}

function sameName(a: string | null, b: string | null): boolean {
  return a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
}

function unique(list: readonly Mailbox[]): Mailbox[] {
  const seen = new Set<string>();
  return list.filter((m) => !seen.has(m.address) && seen.add(m.address) !== undefined);
}
