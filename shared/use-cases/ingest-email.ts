import { ulid } from 'ulid';
import { type LogHints, routeRecipients } from '../domain/ingest/address-hints';
import { machineMailReason } from '../domain/ingest/machine-mail';
import {
  applyInteraction,
  keepKnownRoles,
  ONLY_ROLE_ADDRESSES,
  type OpenPrompt,
  planIngest,
} from '../domain/ingest/plan-ingest';
import { senderAuthenticated, type Verdicts } from '../domain/ingest/sender-check';
import { closeLoopPrompt, detectIntroduction } from '../domain/introductions';
import { byContact } from '../domain/merge';
import { MAX_MESSAGE_BYTES } from '../domain/limits';
import type { PendingThanks, QuarantineReason, ThanksPrompt, User } from '../domain/types';
import { logger, sha256Hex } from '../logger';
import type { MailFacts } from '../domain/mail-facts';
import { parseMail, UnparseableMailError } from '../mail/parse-mail';
import { planMeeting, type MeetingPlan } from '../domain/calendar/plan-meeting';
import { meetingInteractionId } from './hold-meeting';
import type { KeyedQueue } from '../ports/app-context';
import type { Clock } from '../ports/clock';
import type { ContactWrite, IngestMarkers } from '../ports/ingest-ledger';
import { RawMailMissingError, type RawMailStore } from '../ports/raw-mail-store';
import type { Stores } from '../ports/stores';
import { quarantineMail, type QuarantineNotifier } from './quarantine-mail';
import { mailMarkers } from './mail-markers';
import { retryOnConflict } from './retry-on-conflict';
import { onFirstUse } from '../on-first-use';

/** chrono-node reads a forward's printed date: loaded on the first forward (issue 9). */
const forwardedDates = onFirstUse(() => import('../domain/ingest/forwarded-date'));

/** When the forwarded block says its email was written; no forward, no load. */
async function forwardedAt(facts: MailFacts, user: User, receivedAt: Date): Promise<Date | null> {
  const date = facts.forwarded?.date ?? null;
  if (typeof date !== 'string') return date;
  return (await forwardedDates()).readForwardedDate(date, user.timezone, receivedAt);
}

/** What SES tells the ingest function about one received email. */
export interface Receipt {
  s3Key: string;
  receivedAt: Date;
  recipients: string[];
  envelopeSender: string;
  verdicts: Verdicts;
}

export type IngestOutcome =
  | { outcome: 'logged'; contacts: number }
  | { outcome: 'duplicate' }
  | { outcome: 'dropped'; reason: string }
  | { outcome: 'quarantined'; reason: QuarantineReason }
  | { outcome: 'reply'; result: string }
  /** SPEC 9: a future meeting kept until it starts, or one cancelled (or nothing to change). */
  | { outcome: 'meeting'; result: 'scheduled' | 'cancelled' | 'held' | 'none'; contacts: number }
  /** SPEC 8: a sign-in link, or the proof of an address claimed in Settings ('address-added'). */
  | { outcome: 'login'; result: 'sent' | 'not-sent' | 'address-added' }
  /** SPEC 9: mail to news@ answered with the checklist ('no-news': with what Tend needs). */
  | { outcome: 'news'; result: 'sent' | 'not-sent' | 'no-news' };

/** Mail to one of Tend's own addresses (login@, news@) from a known, authenticated user. */
export interface OwnAddressMail {
  user: User;
  facts: MailFacts;
  receipt: Receipt;
}

/** A reply to one of Tend's emails, handed to the reply use case once the sender is known. */
export type ReplyHandler = (args: {
  user: User;
  token: string;
  facts: MailFacts;
  receipt: Receipt;
}) => Promise<IngestOutcome>;

export interface IngestDeps extends Pick<
  Stores,
  'users' | 'prompts' | 'contacts' | 'ledger' | 'quarantine' | 'meetings'
> {
  rawMail: RawMailStore;
  clock: Clock;
  userQueue: KeyedQueue;
  inboundDomain: string;
  handleReply: ReplyHandler;
  /** SPEC 8: answers mail to login@ with a sign-in link (none: it is treated as mail to log). */
  handleLogin?: (mail: OwnAddressMail) => Promise<IngestOutcome>;
  /** SPEC 8: mail to login@ from an unregistered address may prove a claim made in Settings
   * (email-login-link.ts); null when it does not (none: such mail is an unknown sender's). */
  handleClaim?: (mail: Omit<OwnAddressMail, 'user'>) => Promise<IngestOutcome | null>;
  /** SPEC 9: answers mail to news@ with the checklist of people to tell (none: mail to log). */
  handleNews?: (mail: OwnAddressMail) => Promise<IngestOutcome>;
  /** SPEC 4: tells a known user about their mail that was quarantined (none: nobody is told). */
  notifyQuarantine?: QuarantineNotifier;
}

/** SPEC section 2: one received email, from raw bytes to logged interactions (or quarantine). */
export async function ingestEmail(deps: IngestDeps, receipt: Receipt): Promise<IngestOutcome> {
  const quarantine = (
    reason: QuarantineReason,
    detail: string,
    from: string | null,
    user: User | null,
  ) =>
    quarantineMail(deps.quarantine, receipt, { reason, detail, from, user }, deps.notifyQuarantine);

  let raw: Buffer;
  try {
    raw = await deps.rawMail.get(receipt.s3Key);
  } catch (error) {
    if (error instanceof RawMailMissingError)
      return quarantine('unparseable', 'the raw message is not in the bucket', null, null);
    throw error;
  }
  if (raw.length > MAX_MESSAGE_BYTES) {
    return quarantine(
      'too-large',
      `${raw.length} bytes (the limit is ${MAX_MESSAGE_BYTES})`,
      null,
      null,
    );
  }

  let facts: MailFacts;
  try {
    facts = await parseMail(raw);
  } catch (error) {
    if (error instanceof UnparseableMailError)
      return quarantine('unparseable', error.message, null, null);
    throw error;
  }

  const machine = machineMailReason(
    facts.headers,
    facts.from?.address ?? null,
    receipt.envelopeSender,
  );
  if (machine) {
    logger.info('dropped machine mail', { reason: machine, s3Key: receipt.s3Key });
    return { outcome: 'dropped', reason: machine };
  }
  if (!facts.from) return quarantine('unparseable', 'no readable From address', null, null);

  const user = await deps.users.findByAddress(facts.from.address);
  if (!user) {
    // SPEC 8: mail to login@ from a new address may prove that a user claimed it in Settings.
    const claimed =
      deps.handleClaim && routeRecipients(receipt.recipients, deps.inboundDomain)?.kind === 'login'
        ? await deps.handleClaim({ facts, receipt })
        : null;
    if (claimed) return claimed;
    return quarantine(
      'unknown-sender',
      'the From address is not a registered Tend user',
      facts.from.address,
      null,
    );
  }
  if (!senderAuthenticated(receipt.verdicts)) {
    return quarantine(
      'failed-authentication',
      `spf ${receipt.verdicts.spf}, dkim ${receipt.verdicts.dkim}, dmarc ${receipt.verdicts.dmarc}`,
      facts.from.address,
      user,
    );
  }

  const route = routeRecipients(receipt.recipients, deps.inboundDomain);
  if (route?.kind === 'reply')
    return deps.handleReply({ user, token: route.token, facts, receipt });
  if (route?.kind === 'login' && deps.handleLogin)
    return deps.handleLogin({ user, facts, receipt });
  if (route?.kind === 'news' && deps.handleNews) return deps.handleNews({ user, facts, receipt });
  const hints = (route?.kind === 'log' ? route.hints : null) ?? {
    cadenceDays: null,
    thanks: null,
    tags: [],
  };

  const now = deps.clock.now();
  const markers = mailMarkers(facts.messageId, receipt.s3Key, now);
  const idBase = markers.messageIdHash ?? sha256Hex(receipt.s3Key).slice(0, 32);

  // SPEC 9: a calendar invite is a meeting with its attendees rather than an email to its
  // recipients; one Tend cannot use is logged as the email it came in.
  const meeting = facts.calendar
    ? planMeeting({
        calendar: facts.calendar,
        facts,
        user,
        hints,
        inboundDomain: deps.inboundDomain,
        now,
      })
    : null;
  if (meeting?.kind === 'not-a-meeting') logger.info('calendar not used', { why: meeting.why });
  const meetingId =
    meeting && 'uid' in meeting ? sha256Hex(meeting.uid ?? idBase).slice(0, 32) : null;
  if (meeting && meetingId && (meeting.kind === 'schedule' || meeting.kind === 'cancel'))
    return laterMeeting(deps, user, { ...meeting, id: meetingId }, hints, markers);

  const plan =
    meeting?.kind === 'log' || meeting?.kind === 'quarantine'
      ? meeting
      : planIngest({
          facts,
          user,
          hints,
          inboundDomain: deps.inboundDomain,
          receivedAt: receipt.receivedAt,
          forwardedAt: await forwardedAt(facts, user, receipt.receivedAt),
        });
  if (plan.kind === 'quarantine')
    return quarantine(plan.reason, plan.detail, facts.from.address, user);
  // SPEC 9: an introduction records its introducer on the new people (a meeting is not one).
  const found = meeting
    ? null
    : detectIntroduction({ facts, user, inboundDomain: deps.inboundDomain });
  const introduction = found
    ? { introducer: found.introducer.address, introduced: found.introduced.map((m) => m.address) }
    : null;
  // A meeting's interactions are the event's: the same invite forwarded again logs nothing new.
  const interactionIdOf = (address: string) =>
    meetingId
      ? meetingInteractionId(meetingId, address)
      : sha256Hex(`${idBase}#${address}`).slice(0, 26);

  // Read, decide, write; a write that lost a race to another email is decided again. The
  // contact carries a copy of its open prompt; after a lost race the prompt itself is read.
  // Role addresses are kept only if the read finds them (SPEC 2.4), so that costs no request.
  // One user's emails are written in turn within this process (per-key-queue.ts).
  return deps.userQueue.run(user.id, () =>
    retryOnConflict(async (attempt): Promise<IngestOutcome> => {
      // SPEC 9: an address merged into a contact logs to that contact (read in the same request).
      const found = await deps.contacts.getMany(
        user.id,
        plan.contacts.map((c) => c.address),
      );
      const stored = new Map([...found.values()].map((s) => [s.contact.email, s]));
      const planned = byContact(plan.contacts, (a) => found.get(a)?.contact.email ?? a);
      const { contacts, skippedRoles } = keepKnownRoles(planned, (a) => stored.has(a));
      if (contacts.length === 0)
        return quarantine('no-contacts', ONLY_ROLE_ADDRESSES, facts.from?.address ?? null, user);
      const writes: ContactWrite[] = [];
      for (const mailbox of contacts) {
        const existing = stored.get(mailbox.address) ?? null;
        const copy = existing?.contact.pendingThanks ?? null;
        const pending = copy && attempt > 1 ? await openPrompt(deps, user.id, copy) : copy;
        const interactionId = interactionIdOf(mailbox.address);
        const change = applyInteraction({
          existing: existing?.contact ?? null,
          pending,
          mailbox,
          interaction: plan.interaction,
          hints,
          user,
          now,
          introduction,
        });
        let createThanks: ThanksPrompt | null = null;
        if (change.createThanks) {
          createThanks = {
            id: ulid(now.getTime()),
            kind: 'thanks',
            contactEmail: mailbox.address,
            interactionId,
            interactionAt: plan.interaction.at,
            dueAt: change.createThanks.dueAt,
            status: 'pending',
            sentAt: null,
            attempts: 0,
            lastError: null,
            about: {
              subject: plan.interaction.subject,
              snippet: plan.interaction.snippet,
              direction: plan.interaction.direction,
            },
            contactName: null,
          };
          change.contact.pendingThanks = {
            id: createThanks.id,
            interactionAt: createThanks.interactionAt,
            dueAt: createThanks.dueAt,
          };
        }
        writes.push({
          contact: change.contact,
          version: existing?.version ?? 0,
          indexedWords: existing?.indexedWords ?? [],
          interaction: { id: interactionId, contactEmail: mailbox.address, ...plan.interaction },
          createThanks,
          cancelThanksId: change.cancelThanksId,
          reconnected: change.reconnected,
          createLoop: change.createLoop
            ? closeLoopPrompt(ulid(now.getTime()), change.createLoop, {
                contact: change.contact,
                interactionId,
                interaction: plan.interaction,
              })
            : null,
        });
      }
      const result = await deps.ledger.commit(user, writes, markers);
      if (result === 'duplicate') {
        logger.info('duplicate delivery', { s3Key: receipt.s3Key });
        return { outcome: 'duplicate' } as const;
      }
      logger.info('logged', {
        contacts: writes.length,
        direction: plan.interaction.direction,
        prompts: writes.filter((w) => w.createThanks).length,
        loops: writes.filter((w) => w.createLoop).length,
        introduced: introduction?.introduced.length ?? 0,
        cancelled: writes.filter((w) => w.cancelThanksId).length,
        skippedRoles,
        // SPEC 2.8: recipients that are not addresses (over-long, malformed) are skipped, counted.
        skippedAddresses: facts.unreadableAddresses,
      });
      return { outcome: 'logged', contacts: writes.length } as const;
    }),
  );
}

/** The contact's open prompt as it is now (null when it is no longer open). */
async function openPrompt(
  deps: IngestDeps,
  userId: string,
  copy: PendingThanks,
): Promise<OpenPrompt | null> {
  const prompt = await deps.prompts.get(userId, copy.id);
  if (!prompt || (prompt.status !== 'pending' && prompt.status !== 'claimed')) return null;
  return {
    id: prompt.id,
    interactionAt: prompt.interactionAt,
    dueAt: prompt.dueAt,
    status: prompt.status,
  };
}

/**
 * SPEC 9: a meeting still to come is kept, not logged: it counts from when it happens (the
 * dispatcher logs it then, hold-meeting.ts). A cancellation removes it while it is still to come.
 * Each is one write with the email's markers, so a redelivery changes nothing.
 */
async function laterMeeting(
  deps: IngestDeps,
  user: User,
  meeting: Exclude<MeetingPlan, { kind: 'not-a-meeting' | 'quarantine' }> & { id: string },
  hints: LogHints,
  markers: IngestMarkers,
): Promise<IngestOutcome> {
  if (meeting.kind === 'cancel') {
    const result = await deps.meetings.cancel(user.id, meeting.id, meeting.occurrenceAt, markers);
    logger.info('meeting cancellation', { result });
    if (result === 'duplicate') return { outcome: 'duplicate' };
    return { outcome: 'meeting', result, contacts: 0 };
  }
  const result = await deps.meetings.schedule(
    user.id,
    {
      id: meeting.id,
      startAt: meeting.interaction.at,
      status: 'pending',
      contacts: meeting.contacts,
      interaction: meeting.interaction,
      hints,
    },
    markers,
  );
  logger.info('meeting scheduled', { result, contacts: meeting.contacts.length });
  if (result === 'duplicate') return { outcome: 'duplicate' };
  return {
    outcome: 'meeting',
    result: result === 'applied' ? 'scheduled' : 'held',
    contacts: meeting.contacts.length,
  };
}
