/** Tend's entities, as the domain sees them (no storage details). Times are ISO-8601 UTC strings. */
import type { ImportantDate } from './important-dates';

export type Weekday =
  'sunday' | 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday';

export const WEEKDAYS: readonly Weekday[] = [
  'sunday',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
];

export interface DigestSchedule {
  day: Weekday;
  /** 0–23, local to the user's timezone. */
  hour: number;
}

export interface User {
  id: string;
  /** The primary address: every email Tend sends goes here and only here. */
  email: string;
  /** All registered addresses, primary first, lower-cased. */
  addresses: string[];
  /** IANA zone, e.g. America/New_York. */
  timezone: string;
  /** null = digest off. */
  digest: DigestSchedule | null;
  pausedUntil: string | null;
  unsubscribed: boolean;
  /** Set when the user's mailbox bounced hard or they marked Tend's email as spam (SPEC 7):
   * Tend stops emailing them until `tend users resume`. */
  emailStopped: EmailStop | null;
  defaultCadenceDays: number;
  digestMaxItems: number;
  thanksDelayHours: number;
  /** Cadence per tag, in days (contact → tag → user default). */
  tagCadences: Record<string, number>;
  /** Addresses the user asked Tend to forget: never logged again. */
  neverLog: string[];
  createdAt: string;
}

export interface EmailStop {
  reason: 'bounce' | 'complaint';
  at: string;
  /** What the receiving server or the mailbox provider said ("smtp; 550 5.1.1 user unknown"). */
  detail: string | null;
}

export type ContactSource = 'email' | 'linkedin' | 'vcard' | 'manual';
export type ContactStatus = 'active' | 'muted';

export interface Contact {
  /** Lower-cased address; LinkedIn-only contacts use a synthetic `linkedin:` key. */
  email: string;
  name: string | null;
  /** True once the user set the name: later mail does not overwrite it. */
  nameSetByUser: boolean;
  tags: string[];
  cadenceDays: number | null;
  status: ContactStatus;
  snoozedUntil: string | null;
  firstSeenAt: string;
  lastInteractionAt: string | null;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  interactionCount: number;
  /** `skip` resets the reconnect clock without logging an interaction. */
  clockResetAt: string | null;
  lastSubject: string | null;
  latestNote: string | null;
  /** The open thank-you prompt, if any (at most one per contact): a copy of what the ingest
   * rule needs, so logging an email does not read the prompt itself. */
  pendingThanks: PendingThanks | null;
  source: ContactSource;
  linkedinUrl: string | null;
  /** When the user connected with them on LinkedIn (an import): not an interaction, so it
   * starts no reconnect clock. */
  connectedAt: string | null;
  /** When a digest last suggested rediscovering this never-contacted contact (SPEC 3). */
  lastSuggestedAt: string | null;
  /** Birthday and anniversary (SPEC 9), at most one of each, birthday first. */
  dates: ImportantDate[];
  /** SPEC 9: who introduced the user to this contact (their address), set once when an
   * introduction first brought the contact in; null for everyone else. */
  introducedBy: string | null;
  /** SPEC 9: when the close-the-loop prompt about this introduced contact was made due (it is
   * made once, at the user's first interaction with them); null until then. */
  closeLoopDueAt: string | null;
  /** SPEC 9 ("one person, many addresses"): the other addresses merged into this contact, whose
   * mail logs here; empty for most contacts (and for items from before merges existed). */
  aliases: string[];
}

export interface PendingThanks {
  id: string;
  interactionAt: string;
  dueAt: string;
}

/** `meeting`: a calendar invite logged to log@ (SPEC 9), at the event's start. */
export type Direction = 'inbound' | 'outbound' | 'manual' | 'meeting';

export interface Interaction {
  id: string;
  contactEmail: string;
  at: string;
  direction: Direction;
  subject: string | null;
  snippet: string;
  messageId: string | null;
  threadId: string | null;
  tags: string[];
}

export interface Note {
  id: string;
  contactEmail: string;
  at: string;
  text: string;
}

export type PromptStatus = 'pending' | 'claimed' | 'sent' | 'cancelled' | 'failed' | 'done';

/** `thanks` (SPEC 2.7) or `loop`: tell the introducer how it went with the person they
 * introduced (SPEC 9). */
export type PromptKind = 'thanks' | 'loop';

export interface ThanksPrompt {
  id: string;
  kind: PromptKind;
  contactEmail: string;
  /** The interaction that earned the thank-you. */
  interactionId: string;
  interactionAt: string;
  dueAt: string;
  status: PromptStatus;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
  /** The interaction that earned it, as the prompt quotes it: kept with the prompt so sending
   * reads no history (null on prompts from before it was kept). */
  about: { subject: string | null; snippet: string; direction: Direction } | null;
  /** The contact's name when the prompt was sent (the digest's reminder line). */
  contactName: string | null;
  /** A `loop` prompt's contact is the introducer; this is the person they introduced. */
  introduced?: { email: string; name: string | null };
}

export interface DigestItem {
  /** 1-based number shown in the email. */
  n: number;
  contactEmail: string;
  name: string | null;
}

export interface Digest {
  id: string;
  scheduledFor: string;
  sentAt: string | null;
  status: PromptStatus;
  items: DigestItem[];
}

/** Why mail was quarantined (SPEC 5's `quarantine list` reasons). */
export const QUARANTINE_REASONS = [
  'unknown-sender',
  'failed-authentication',
  'too-many-recipients',
  'bad-token',
  'unparseable',
  'too-large',
  'no-contacts',
] as const;

export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export interface QuarantineRecord {
  receivedAt: string;
  /** The From address as written (kept in the table for the user; logs carry only its domain). */
  from: string;
  s3Key: string;
  reason: QuarantineReason;
  userId: string | null;
  detail: string | null;
  /** What SES said on receipt, so `tend reprocess` can run the message again as it arrived. */
  receipt: QuarantinedReceipt | null;
}

export interface QuarantinedReceipt {
  recipients: string[];
  envelopeSender: string;
  verdicts: { spf: string; dkim: string; dmarc: string };
}
