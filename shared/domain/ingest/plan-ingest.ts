import * as chrono from 'chrono-node';
import { DateTime } from 'luxon';
import type { Mailbox, MailFacts } from '../mail-facts';
import { newContact } from '../contact';
import { extractNewText } from '../reply-text';
import { MAX_CONTACTS_PER_EMAIL, SNIPPET_MAX_CHARS } from '../limits';
import type {
  Contact,
  Direction,
  Interaction,
  PendingThanks,
  QuarantineReason,
  User,
} from '../types';
import { isInboundDomainAddress, type LogHints } from './address-hints';
import { readDisplayName } from './display-name';
import { countsAsReconnect } from './reconnected';
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
}

/** SPEC 2.4–2.5: who the contacts are, which way the email went, when, and what it said. */
export function planIngest({
  facts,
  user,
  hints,
  inboundDomain,
  receivedAt,
}: PlanInput): IngestPlan {
  const own = new Set(user.addresses);
  const never = new Set(user.neverLog);
  const keep = (mailboxes: Mailbox[]) =>
    uniqueMailboxes(mailboxes.map((m) => ({ ...m, name: readDisplayName(m.name) }))).filter(
      (m) => !own.has(m.address) && !isInboundDomainAddress(m.address, inboundDomain),
    );

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
    at = interactionTime(forwardedDate(fwd.date, user.timezone, receivedAt), receivedAt);
    subject = fwd.subject ?? stripForwardPrefix(facts.subject);
    body = { text: fwd.body, html: null };
  } else {
    direction = 'outbound';
    candidates = direct;
    at = interactionTime(headerDate(facts, user.timezone), receivedAt);
    body = { text: facts.text, html: facts.html };
  }

  if (candidates.length > MAX_CONTACTS_PER_EMAIL) {
    return {
      kind: 'quarantine',
      reason: 'too-many-recipients',
      detail: `${candidates.length} recipients (the limit is ${MAX_CONTACTS_PER_EMAIL})`,
    };
  }
  const tagged = hints.tags.length > 0;
  const contacts = candidates
    .filter((m) => !never.has(m.address))
    .map((m) => ({
      ...m,
      thanksEligible: thanksEligible(m),
      skipUnlessKnown: !tagged && isRoleAddress(m.address),
    }));
  if (contacts.length === 0) {
    return {
      kind: 'quarantine',
      reason: 'no-contacts',
      detail:
        candidates.length > 0
          ? 'every recipient is on the never-log list'
          : facts.unreadableAddresses > 0
            ? `no contact address found (${facts.unreadableAddresses} not an address: too long or malformed)`
            : 'no contact address found',
    };
  }
  return {
    kind: 'log',
    contacts,
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

export function snippetOf(body: { text: string; html: string | null }): string {
  const text = extractNewText({ text: body.text, html: body.html }).replace(/\s+/g, ' ').trim();
  if (text.length <= SNIPPET_MAX_CHARS) return text;
  return `${text.slice(0, SNIPPET_MAX_CHARS - 1).trimEnd()}…`;
}

/**
 * SPEC 2.4: the contacts to log once it is known which exist: role addresses only when they
 * do. The skipped ones are counted for the log line; when nothing is left, the email is
 * quarantined `no-contacts` rather than dropped.
 */
export function keepKnownRoles(
  planned: PlannedContact[],
  isKnown: (address: string) => boolean,
): { contacts: PlannedContact[]; skippedRoles: number } {
  const contacts = planned.filter((c) => !c.skipUnlessKnown || isKnown(c.address));
  return { contacts, skippedRoles: planned.length - contacts.length };
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
  const local = DateTime.fromRFC2822(`${raw.replace(/\s*\([^)]*\)\s*$/, '')} +0000`, {
    zone: 'utc',
  });
  const base = local.isValid
    ? local
    : facts.date
      ? DateTime.fromJSDate(facts.date, { zone: 'utc' })
      : null;
  if (!base) return null;
  const inZone = DateTime.fromObject(
    {
      year: base.year,
      month: base.month,
      day: base.day,
      hour: base.hour,
      minute: base.minute,
      second: base.second,
    },
    { zone: timezone },
  );
  return inZone.isValid ? inZone.toJSDate() : null;
}

/** Forwarded headers carry the date as the client printed it; chrono reads the common forms. */
function forwardedDate(
  value: string | Date | null,
  timezone: string,
  receivedAt: Date,
): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  const offset = DateTime.fromJSDate(receivedAt, { zone: timezone }).offset;
  return (
    chrono.parseDate(value.replace(/\s+at\s+/i, ' '), { instant: receivedAt, timezone: offset }) ??
    null
  );
}

/** An open thank-you prompt as the ingest rule sees it; without a status, it is pending. */
export type OpenPrompt = PendingThanks & { status?: 'pending' | 'claimed' };

export interface ContactChange {
  contact: Contact;
  /** A new thank-you prompt to create (its id is the caller's to choose). */
  createThanks: { dueAt: string } | null;
  /** The pending prompt this interaction cancels (SPEC 2.7: you already followed up). */
  cancelThanksId: string | null;
  /** SPEC 3: the user wrote to (or met) a contact known before the digest's week. */
  reconnected: boolean;
}

/** SPEC 2.5 and 2.7: one contact's record after an interaction, and what happens to its prompts. */
export function applyInteraction(args: {
  existing: Contact | null;
  /** The contact's open prompt: its copy on the contact (pending), or as read after a lost race. */
  pending: OpenPrompt | null;
  mailbox: PlannedContact;
  interaction: PlannedInteraction;
  hints: LogHints;
  user: User;
  now: Date;
}): ContactChange {
  const { existing, pending, mailbox, interaction: i, hints, user, now } = args;
  const base: Contact = existing ?? newContact(mailbox.address, i.at, 'email');
  const newest = !base.lastInteractionAt || i.at >= base.lastInteractionAt;
  const contact: Contact = {
    ...base,
    name:
      !base.nameSetByUser && mailbox.name && mailbox.name.toLowerCase() !== mailbox.address
        ? mailbox.name
        : base.name,
    tags: [...new Set([...base.tags, ...hints.tags])],
    cadenceDays: hints.cadenceDays ?? base.cadenceDays,
    firstSeenAt: i.at < base.firstSeenAt ? i.at : base.firstSeenAt,
    lastInteractionAt: newest ? i.at : base.lastInteractionAt,
    lastInboundAt: i.direction === 'inbound' ? later(base.lastInboundAt, i.at) : base.lastInboundAt,
    lastOutboundAt:
      i.direction === 'outbound' ? later(base.lastOutboundAt, i.at) : base.lastOutboundAt,
    interactionCount: base.interactionCount + 1,
    lastSubject: newest ? i.subject : base.lastSubject,
  };

  let createThanks: ContactChange['createThanks'] = null;
  let cancelThanksId: string | null = null;
  const open = pending;
  if (
    open &&
    (open.status ?? 'pending') === 'pending' &&
    i.direction === 'outbound' &&
    hints.thanks !== 'force' &&
    i.at > open.interactionAt &&
    now.toISOString() < open.dueAt
  ) {
    cancelThanksId = open.id;
    contact.pendingThanks = null;
  } else if (
    !open &&
    mailbox.thanksEligible &&
    hints.thanks !== 'suppress' &&
    (i.direction === 'inbound' || hints.thanks === 'force') &&
    contact.status !== 'muted'
  ) {
    const due = new Date(new Date(i.at).getTime() + user.thanksDelayHours * 3_600_000);
    createThanks = { dueAt: due.toISOString() };
  }
  return {
    contact,
    createThanks,
    cancelThanksId,
    reconnected: countsAsReconnect(existing, i),
  };
}

function later(a: string | null, b: string): string {
  return a && a > b ? a : b;
}
