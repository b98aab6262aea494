import { newContact } from '../contact';
import { closeLoopDue } from '../introductions';
import type { Contact, PendingThanks, User } from '../types';
import type { LogHints } from './address-hints';
import type { PlannedContact, PlannedInteraction } from './plan-ingest';
import { countsAsReconnect } from './reconnected';

/* What one interaction does to one contact, once the contacts are read: shared by ingest and
 * the dispatcher's held meetings (SPEC 9), and kept apart from the parsing that planIngest needs
 * (chrono-node), so the dispatcher does not load it. */

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
  /** SPEC 9: the close-the-loop prompt to create (its id is the caller's to choose). */
  createLoop: { dueAt: string; introducer: string } | null;
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
  /** SPEC 9: the introduction the email records (introductions.ts), if it is one. */
  introduction?: { introducer: string; introduced: readonly string[] } | null;
}): ContactChange {
  const { existing, pending, mailbox, interaction: i, hints, user, now } = args;
  const intro = args.introduction ?? null;
  const base: Contact = existing ?? {
    ...newContact(mailbox.address, i.at, 'email'),
    // Recorded once, when the introduction brings the contact in; a later intro changes nothing.
    introducedBy: intro?.introduced.includes(mailbox.address) ? intro.introducer : null,
  };
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
  const createLoop = closeLoopDue({ before: existing, interaction: i, isIntro: intro !== null });
  if (createLoop) contact.closeLoopDueAt = createLoop.dueAt;
  return {
    contact,
    createThanks,
    cancelThanksId,
    reconnected: countsAsReconnect(existing, i),
    createLoop,
  };
}

function later(a: string | null, b: string): string {
  return a && a > b ? a : b;
}
