import type { Mailbox, MailFacts } from '../mail-facts';
import { extractNewText } from '../reply-text';
import { fromWallClock, isValidZone, readRfc2822WallClock, wallClock } from '../time';
import { MAX_CONTACTS_PER_EMAIL, SNIPPET_MAX_CHARS } from '../limits';
import type { Direction, Interaction, QuarantineReason, User } from '../types';
import { isInboundDomainAddress, type LogHints } from './address-hints';
import { readDisplayName } from './display-name';
import { isRoleAddress } from './role-address';

/** A Date this far past the receipt time is clock skew; further than that it is "in the future". */
const FUTURE_DATE_TOLERANCE_MS = 5 * 60 * 1000;

/** An interaction before it is given an id and a contact. */
export type PlannedInteraction = Omit<Interaction, 'id' | 'contactEmail'>;

/** One contact of an email, as the plan sees it before the contacts are read. */
export interface PlannedContact extends Mailbox {
  /**
   * SPEC 2.4 and 2.7: whether this contact may earn a thank-you prompt. Only the original
   * sender of a forwarded email wrote to the user; the people in its To and Cc are logged but
   * never prompted for, even with `+thanks`. Recipients of the user's own email are eligible
   * (a prompt for them needs `+thanks`).
   */
  thanksEligible: boolean;
  /** SPEC 2.4: a role or machine address (support@, noreply@) on an untagged email: logged
   * only if it is a contact already, which only the read of the contacts can tell. */
  skipUnlessKnown: boolean;
}

export type IngestPlan =
  | { kind: 'quarantine'; reason: QuarantineReason; detail: string }
  | { kind: 'log'; interaction: PlannedInteraction; contacts: PlannedContact[] };

export interface PlanInput {
  facts: MailFacts;
  user: User;
  hints: LogHints;
  inboundDomain: string;
  receivedAt: Date;
  /** The forwarded block's date, read (readForwardedDate in forwarded-date.ts, which the caller
   * loads only for a forward); null when there is none or it is unreadable. */
  forwardedAt: Date | null;
}

/** SPEC 2.4–2.5: who the contacts are, which way the email went, when, and what it said. */
export function planIngest({
  facts,
  user,
  hints,
  inboundDomain,
  receivedAt,
  forwardedAt,
}: PlanInput): IngestPlan {
  const own = new Set(user.addresses);
  const keep = (mailboxes: Mailbox[]) => otherPeople(mailboxes, user, inboundDomain);

  const direct = keep([...facts.to, ...facts.cc]);
  const fwd = facts.forwarded;
  let direction: Direction;
  let candidates: Mailbox[];
  let thanksEligible: (m: Mailbox) => boolean = () => true;
  let at: Date;
  let subject = facts.subject;
  let body: { text: string; html: string | null };

  if (fwd && direct.length === 0) {
    // Forwarded to log@: the people are in the forwarded block, and so is the date.
    const sentByUser = fwd.from !== null && own.has(fwd.from.address);
    direction = sentByUser ? 'outbound' : 'inbound';
    const sender = fwd.from && !sentByUser ? fwd.from : null;
    candidates = keep([...(sender ? [sender] : []), ...fwd.to, ...fwd.cc]);
    // Someone else's email: only its sender wrote to the user (SPEC 2.4).
    if (!sentByUser) thanksEligible = (m) => m.address === sender?.address;
    at = interactionTime(forwardedAt, receivedAt);
    subject = fwd.subject ?? stripForwardPrefix(facts.subject);
    body = { text: fwd.body, html: null };
  } else {
    direction = 'outbound';
    candidates = direct;
    at = interactionTime(headerDate(facts, user.timezone), receivedAt);
    body = { text: facts.text, html: facts.html };
  }

  const selected = contactsToLog(candidates, {
    user,
    hints,
    thanksEligible,
    unreadable: facts.unreadableAddresses,
  });
  if (selected.kind === 'quarantine') return selected;
  return {
    kind: 'log',
    contacts: selected.contacts,
    interaction: {
      at: at.toISOString(),
      direction,
      subject,
      snippet: snippetOf(body),
      messageId: facts.messageId,
      threadId: facts.references[0] ?? facts.inReplyTo ?? facts.messageId,
      tags: hints.tags,
    },
  };
}

/** SPEC 2.4: the people among these mailboxes, each once, names read ("Last, First"), without
 * the user's own addresses and Tend's. */
export function otherPeople(mailboxes: Mailbox[], user: User, inboundDomain: string): Mailbox[] {
  const own = new Set(user.addresses);
  return uniqueMailboxes(mailboxes.map((m) => ({ ...m, name: readDisplayName(m.name) }))).filter(
    (m) => !own.has(m.address) && !isInboundDomainAddress(m.address, inboundDomain),
  );
}

/**
 * SPEC 2.4: the people of an email as contacts to log (never-log list applied, role addresses
 * marked), or why it is quarantined: too many of them, or none left.
 */
export function contactsToLog(
  candidates: Mailbox[],
  args: {
    user: User;
    hints: LogHints;
    thanksEligible: (m: Mailbox) => boolean;
    /** Entries that were not addresses, for the quarantine detail. */
    unreadable: number;
  },
):
  | { kind: 'quarantine'; reason: QuarantineReason; detail: string }
  | { kind: 'contacts'; contacts: PlannedContact[] } {
  if (candidates.length > MAX_CONTACTS_PER_EMAIL) {
    return {
      kind: 'quarantine',
      reason: 'too-many-recipients',
      detail: `${candidates.length} recipients (the limit is ${MAX_CONTACTS_PER_EMAIL})`,
    };
  }
  const never = new Set(args.user.neverLog);
  const tagged = args.hints.tags.length > 0;
  const contacts = candidates
    .filter((m) => !never.has(m.address))
    .map((m) => ({
      ...m,
      thanksEligible: args.thanksEligible(m),
      skipUnlessKnown: !tagged && isRoleAddress(m.address),
    }));
  if (contacts.length === 0) {
    return {
      kind: 'quarantine',
      reason: 'no-contacts',
      detail:
        candidates.length > 0
          ? 'every recipient is on the never-log list'
          : args.unreadable > 0
            ? `no contact address found (${args.unreadable} not an address: too long or malformed)`
            : 'no contact address found',
    };
  }
  return { kind: 'contacts', contacts };
}

export function snippetOf(body: { text: string; html: string | null }): string {
  const text = extractNewText({ text: body.text, html: body.html }).replace(/\s+/g, ' ').trim();
  if (text.length <= SNIPPET_MAX_CHARS) return text;
  return `${text.slice(0, SNIPPET_MAX_CHARS - 1).trimEnd()}…`;
}

/** The quarantine detail when every contact of an email was a role address Tend does not know. */
export const ONLY_ROLE_ADDRESSES =
  'every address is a role or machine address (noreply@, support@…); tag the email (log+TAG@) to log them';

function uniqueMailboxes(list: Mailbox[]): Mailbox[] {
  const seen = new Map<string, Mailbox>();
  for (const m of list)
    if (!seen.has(m.address) || (!seen.get(m.address)?.name && m.name)) seen.set(m.address, m);
  return [...seen.values()];
}

function stripForwardPrefix(subject: string | null): string | null {
  return subject?.replace(/^\s*((fwd?|fw|tr|wg|rv|i)\s*:\s*)+/i, '').trim() || null;
}

/** SPEC 2.5: missing, unreadable or future dates fall back to the receipt time. */
function interactionTime(date: Date | null, receivedAt: Date): Date {
  if (!date || Number.isNaN(date.getTime())) return receivedAt;
  if (date.getTime() > receivedAt.getTime() + FUTURE_DATE_TOLERANCE_MS) return receivedAt;
  return date;
}

const ZONE_AT_END = /([+-]\d{2}:?\d{2}|\b(UT|UTC|GMT|Z|[ECMP][SD]T)\b)\s*(\([^)]*\))?\s*$/i;

/** Something that looks like a date: "26 Nov 2026 09:30" (RFC 5322) or "2026-11-26 09:30" (ISO-ish). */
const DATE_LIKE =
  /\d{1,2}\s+[a-z]{3,9}\.?\s+\d{2,4}\s+\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[t ]\d{1,2}:\d{2}/i;

/** The message's Date (SPEC 2.5): null when missing or unreadable; without a zone, the user's. */
function headerDate(facts: MailFacts, timezone: string): Date | null {
  const raw = facts.rawDate;
  if (!raw || !DATE_LIKE.test(raw)) return null;
  if (ZONE_AT_END.test(raw)) return facts.date;
  // No zone: read the wall-clock time in the user's timezone.
  const local =
    readRfc2822WallClock(raw) ??
    (facts.date ? { ...wallClock(facts.date, 'UTC'), millisecond: 0 } : null);
  return local && isValidZone(timezone) ? fromWallClock(local, timezone) : null;
}

export {
  applyInteraction,
  type ContactChange,
  keepKnownRoles,
  type OpenPrompt,
} from './apply-interaction';
