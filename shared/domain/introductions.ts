/**
 * SPEC 9, introductions: whether an email introduces the user to someone new, and who made the
 * introduction. Pure: it reads the mail's facts as parse-mail.ts extracted them.
 *
 * The introducer writes to both people. Tend sees the intro in one of two ways:
 * - forwarded to log@: the introducer is the forwarded message's sender, the new people are its
 *   other To and Cc (not the user);
 * - the user's reply-all, logged BCC'd: the introducer is the person the user replies to (the
 *   quoted attribution "On …, Jordan <jordan@…> wrote:" or Outlook "From:" header, else the first
 *   To), the new people are the reply's other recipients.
 * An email the user writes that is not a reply is the user's own intro (or a plain email): the
 * user is not being introduced, so it is not one.
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
  /\b(?:thanks|thank\s+you)\s+(?:so\s+much\s+|very\s+much\s+|again\s+)?for\s+(?:the|this|making\s+the)\s+(?:kind\s+|warm\s+)?intro(?:duction)?\b/i,
];

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
  return saysMeetSomeone(s) || PHRASES.some((p) => p.test(s));
}

/** Whether the opening lines of a message read as an introduction. */
export function openingSaysIntro(text: string): boolean {
  const opening = text.slice(0, OPENING_CHARS);
  if (opening.trim() === '') return false;
  if (PHRASES.some((p) => p.test(opening)) || saysMeetSomeone(opening)) return true;
  // "Intro: Chris <> Sam" or "Chris / Sam – intro" written as the first line of the message.
  const first = opening.split('\n').find((l) => l.trim() !== '') ?? '';
  return INTRO_WORD.test(first) && (ARROWS.test(first) || PAIR.test(first));
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
    // Forwarded to log@: the intro is the forwarded message.
    if (!fwd.from || own.has(fwd.from.address)) return null;
    const introducer = fwd.from;
    const introduced = unique([...fwd.to, ...fwd.cc]).filter(
      (m) => isPerson(m) && m.address !== introducer.address,
    );
    if (introduced.length === 0) return null;
    const subject = fwd.subject ?? facts.subject;
    const says = subjectSaysIntro(subject) || openingSaysIntro(bodyLines(fwd.body).join('\n'));
    return says ? { introducer, introduced } : null;
  }

  // The user's own email: only a reply-all to an intro records one.
  if (!isReply(facts) || direct.length < 2) return null;
  const lines = bodyLines(facts.text);
  const boundary = historyStart(lines);
  const quotedFrom = boundary ? boundary.from : null;
  const introducer =
    (quotedFrom && direct.find((m) => m.address === quotedFrom)) ||
    (fwd?.from && direct.find((m) => m.address === fwd.from?.address)) ||
    (boundary?.name && direct.find((m) => sameName(m.name, boundary.name))) ||
    facts.to.find(isPerson) ||
    null;
  if (!introducer) return null;
  const introduced = direct.filter((m) => m.address !== introducer.address);
  if (introduced.length === 0) return null;
  const mine = lines.slice(0, boundary?.at ?? lines.length).join('\n');
  const quoted = boundary
    ? lines
        .slice(boundary.body)
        .map((l) => l.replace(/^\s*(?:>\s?)+/, ''))
        .join('\n')
    : '';
  const says =
    subjectSaysIntro(facts.subject) ||
    (quoted !== '' && openingSaysIntro(quoted)) ||
    openingSaysIntro(mine);
  return says ? { introducer, introduced } : null;
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
  return (
    facts.inReplyTo !== null ||
    facts.references.length > 0 ||
    /^\s*(?:re|aw|sv|vs|antw|r)(?:\[\d+\])?\s*:/i.test(facts.subject ?? '')
  );
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
 * Where the quoted history of a reply starts: the attribution ("On …, Jordan <j@x> wrote:") or
 * the Outlook header block, with the address (or only the name) it names, and where the quoted
 * message's own text begins.
 */
function historyStart(
  lines: readonly string[],
): { at: number; body: number; from: string | null; name: string | null } | null {
  for (let i = 0; i < lines.length; i++) {
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
