import { ulid } from 'ulid';
import type { App } from '../ports/app-context';
import { actionLinks, type ActionLinks, type LinkTarget } from '../domain/action-links';
import {
  DIGEST_DUE_COUNT_LIMIT,
  DEFER_MINUTES,
  MAX_SEND_ATTEMPTS,
  REDISCOVER_PER_DIGEST,
  TOKEN_TTL_DAYS,
} from '../domain/limits';
import type { RenderedEmail } from '../domain/render';
import { closeLoopStillDue } from '../domain/introductions';
import { mayEmail } from '../domain/may-email';
import { decideDigest, nextDigestSlot } from '../domain/digest-slot';
import { issueToken, type TokenKind } from '../domain/tokens';
import type { Contact, Digest, ThanksPrompt, User } from '../domain/types';
import { logger } from '../logger';
import type { DigestSchedule } from '../ports/digest-store';
import type { Claimed, DueRef } from '../ports/due-work';
import { SendDeferredError } from '../ports/mailer';
import { upcomingDates } from './upcoming-dates';
import { oneClickUnsubscribeUrl } from './one-click-unsubscribe';
import { isoDay } from '../domain/date-window';
import { onFirstUse } from '../on-first-use';

/** Thank-yous the digest reminds of: sent but not marked done within this many days. */
const THANKS_REMINDER_DAYS = 14;

export interface DispatchReport {
  sent: number;
  failed: number;
  skipped: number;
  empty: number;
  /** Future meetings logged as they started (SPEC 9). */
  held: number;
  /** SES refused for the account's rate or quota: tried again later, not counted as a try. */
  deferred: number;
  /** Items whose handling threw: recorded on the item and backed off. */
  errors: number;
  /** The day's SES quota is used: the run stopped claiming (what is due stays due). */
  quotaUsed: boolean;
}

export function emptyReport(): DispatchReport {
  return {
    sent: 0,
    failed: 0,
    skipped: 0,
    empty: 0,
    held: 0,
    deferred: 0,
    errors: 0,
    quotaUsed: false,
  };
}

/**
 * What only a send needs: the renderers and the MIME builder (nodemailer). Most ticks find
 * nothing due, so these load on the first email to send, not at every cold start of the
 * dispatcher (issue 9). Loaded before a send is tried, so a failed load is not a failed send.
 */
const sendingKit = onFirstUse(async () => {
  const [{ renderDigest }, { renderThanksPrompt }, { renderCloseLoopPrompt }, { buildMime }] =
    await Promise.all([
      import('../domain/render/digest'),
      import('../domain/render/thanks-prompt'),
      import('../domain/render/close-loop-prompt'),
      import('../domain/render/mime'),
    ]);
  return { renderDigest, renderThanksPrompt, renderCloseLoopPrompt, buildMime };
});

/** Retry delays after a failed send: 1, 2, 4, 8 minutes… capped at an hour. */
function backoff(now: Date, attempts: number): string {
  return new Date(now.getTime() + Math.min(60, 2 ** (attempts - 1)) * 60_000).toISOString();
}

/**
 * One claimed due item, handled: a meeting held, a prompt or a digest sent (or skipped, or
 * deferred, or failed and retried later).
 */
export async function handleDue(
  app: App,
  ref: DueRef,
  claimed: Claimed,
  now: Date,
): Promise<Outcome> {
  if (claimed.kind === 'meeting') {
    // SPEC 9: a future meeting starts: logged now, nothing is sent. Loaded on demand: the
    // ingest rules it shares are not part of every tick's start-up (the bundle budget).
    const { holdMeeting } = await import('./hold-meeting');
    return holdMeeting(app, ref.userId, claimed.meeting, now);
  }
  if (claimed.kind === 'digest') return sendDigest(app, ref, claimed.schedule, now);
  return claimed.prompt.kind === 'loop'
    ? sendCloseLoop(app, ref.userId, claimed.prompt, now)
    : sendThanks(app, ref.userId, claimed.prompt, now);
}

/**
 * An item whose handling threw (a read refused, a store down): recorded on the item as a failed
 * try, backed off as a failed send is, so it neither blocks the run nor comes back at once. A
 * meeting keeps its claim, which expires: it is tried again then.
 */
export async function itemFailed(
  app: App,
  ref: DueRef,
  claimed: Claimed,
  error: unknown,
  now: Date,
): Promise<void> {
  if (claimed.kind === 'meeting') return;
  if (claimed.kind === 'thanks') {
    await promptSendFailed(app, ref.userId, claimed.prompt, error, now);
    return;
  }
  await digestFailed(app, ref, claimed.schedule, null, error, now);
}

type Outcome = Exclude<keyof DispatchReport, 'quotaUsed' | 'errors'>;

async function sendThanks(
  app: App,
  userId: string,
  prompt: ThanksPrompt,
  now: Date,
): Promise<Outcome> {
  const [user, stored] = await Promise.all([
    app.users.get(userId),
    app.contacts.get(userId, prompt.contactEmail),
  ]);
  if (!user) return 'skipped';
  if (!stored || stored.contact.status === 'muted' || !mayEmail(user)) {
    await app.prompts.save(user.id, { ...prompt, status: 'cancelled' });
    return 'skipped';
  }
  const contact = stored.contact;
  const about = prompt.about ?? {
    subject: contact.lastSubject,
    snippet: '',
    direction: 'inbound' as const,
  };
  const render = async () => {
    const links = await linkMaker(app, user, now);
    const { renderThanksPrompt } = await sendingKit();
    return renderThanksPrompt({
      timezone: user.timezone,
      contact: { email: contact.email, name: contact.name },
      interaction: { ...about, at: prompt.interactionAt },
      now: now.toISOString(),
      links: links({ kind: 'thanks', promptId: prompt.id }),
    });
  };
  return deliverPrompt(app, user, prompt, now, render, {
    contactName: contact.name,
    about: { ...about, subject: about.subject ?? contact.lastSubject },
  });
}

/**
 * What both kinds of prompt do once they are still worth sending: wait out the user's pause
 * (pending again, due when it ends), else render, send, and record the prompt sent with what it
 * learned (`sent`), or failed and retried later. A render that cannot load throws: not a send
 * failure.
 */
async function deliverPrompt(
  app: App,
  user: User,
  prompt: ThanksPrompt,
  now: Date,
  render: () => Promise<RenderedEmail>,
  sent: Partial<ThanksPrompt>,
): Promise<Outcome> {
  if (user.pausedUntil && user.pausedUntil > now.toISOString()) {
    await app.prompts.save(user.id, { ...prompt, status: 'pending', dueAt: user.pausedUntil });
    return 'skipped';
  }
  const email = await render();
  try {
    await send(app, user, email, 'thanks', prompt.id, now);
  } catch (error) {
    if (error instanceof SendDeferredError) {
      // Due again in a minute, its tries untouched.
      await app.prompts.save(user.id, { ...prompt, status: 'pending', dueAt: deferredTo(now) });
      return 'deferred';
    }
    return promptSendFailed(app, user.id, prompt, error, now);
  }
  await app.prompts.save(user.id, {
    ...prompt,
    ...sent,
    status: 'sent',
    sentAt: now.toISOString(),
  });
  return 'sent';
}

/** A prompt that could not be sent: retried later with backoff, after 5 tries failed for good. */
async function promptSendFailed(
  app: App,
  userId: string,
  prompt: ThanksPrompt,
  error: unknown,
  now: Date,
): Promise<Outcome> {
  const attempts = prompt.attempts + 1;
  const retryAt = attempts >= MAX_SEND_ATTEMPTS ? null : backoff(now, attempts);
  const failed = { ...prompt, attempts, lastError: errorText(error) };
  await app.prompts.save(
    userId,
    retryAt ? { ...failed, status: 'pending', dueAt: retryAt } : { ...failed, status: 'failed' },
  );
  logger.warn('send failed', {
    kind: prompt.kind,
    attempts,
    willRetry: retryAt !== null,
    error: errorText(error),
  });
  return 'failed';
}

/**
 * SPEC 9: "Tell Jordan how it went with Chris". The prompt's contact is the introducer: one read
 * of it (with the person introduced, besides the user) says whether the user wrote to them since the first interaction with
 * the person introduced, which cancels the prompt. Its token is a prompt's, so `done` (logged
 * with the introducer) and `skip` work as on a thank-you.
 *
 * Either person may have been merged into another contact since the prompt was made (or the
 * introduction recorded an address that is now an alias): both are read, in one request, as the
 * contacts their addresses belong to, so the prompt names the surviving contact, and mail to any
 * address of the introducer counts as writing to them (it logs to that one contact). The prompt
 * is kept under the surviving introducer from then on (`done` acts there, `contacts show` lists
 * it there).
 */
async function sendCloseLoop(
  app: App,
  userId: string,
  prompt: ThanksPrompt,
  now: Date,
): Promise<Outcome> {
  const asked = [prompt.contactEmail, ...(prompt.introduced ? [prompt.introduced.email] : [])];
  const [user, found] = await Promise.all([
    app.users.get(userId),
    // One BatchGetItem of both contacts with their alias items (a second only after a merge).
    app.contacts.getMany(userId, asked),
  ]);
  if (!user) return 'skipped';
  const stored = found.get(prompt.contactEmail.toLowerCase()) ?? null;
  const introducedNow = prompt.introduced
    ? (found.get(prompt.introduced.email.toLowerCase()) ?? null)
    : null;
  const introduced = introducedNow
    ? { email: introducedNow.contact.email, name: introducedNow.contact.name }
    : prompt.introduced;
  if (
    !stored ||
    !introduced ||
    // The two were merged into one contact: nobody is left to tell.
    introduced.email === stored.contact.email ||
    !mayEmail(user) ||
    !closeLoopStillDue(stored.contact, prompt.interactionAt)
  ) {
    await app.prompts.save(user.id, { ...prompt, status: 'cancelled' });
    return 'skipped';
  }
  // The prompt as it stands now: under the surviving introducer, about the surviving contact.
  const current: ThanksPrompt = { ...prompt, contactEmail: stored.contact.email, introduced };
  const render = async () => {
    const links = await linkMaker(app, user, now);
    const { renderCloseLoopPrompt } = await sendingKit();
    return renderCloseLoopPrompt({
      timezone: user.timezone,
      introducer: { email: stored.contact.email, name: stored.contact.name },
      introduced,
      interaction: {
        subject: prompt.about?.subject ?? null,
        at: prompt.interactionAt,
        direction: prompt.about?.direction ?? 'outbound',
      },
      now: now.toISOString(),
      links: links({ kind: 'thanks', promptId: prompt.id }),
    });
  };
  return deliverPrompt(app, user, current, now, render, { contactName: stored.contact.name });
}

async function sendDigest(
  app: App,
  ref: DueRef,
  schedule: DigestSchedule,
  now: Date,
): Promise<Outcome> {
  const user = await app.users.get(ref.userId);
  if (!user || !user.digest || !mayEmail(user)) {
    await app.digests.setDue(ref.userId, null);
    return 'skipped';
  }
  const expiresAt = Math.floor(now.getTime() / 1000) + TOKEN_TTL_DAYS * 86_400;
  // SPEC 3, digest slots: a slot missed by more than a day, or too soon after the last digest
  // (whatever changed in between), is skipped for the next one.
  const claimedSlot = schedule.slotDueAt ?? ref.dueAt;
  const lastSentAt = lastSent(schedule);
  const decision = decideDigest({
    now,
    slot: new Date(claimedSlot),
    lastSentAt,
    digest: user.digest,
    zone: user.timezone,
  });
  if (!decision.send) {
    await app.digests.complete(user.id, null, decision.next.toISOString(), expiresAt);
    logger.info('digest slot skipped', { why: decision.why, slot: claimedSlot });
    return 'skipped';
  }
  // The slot this digest is for: the claimed one, or after a long gap the one just passed.
  const slot = decision.slot.toISOString();
  // Nothing sent (paused, nothing to say, a failure for good): the next slot as it stands; sent:
  // the first slot far enough from this one.
  const next = nextDigestSlot(now, user.digest, user.timezone, lastSentAt).toISOString();
  const nextAfterSent = nextDigestSlot(now, user.digest, user.timezone, now).toISOString();
  if (user.pausedUntil && user.pausedUntil > now.toISOString()) {
    await app.digests.complete(user.id, null, next, expiresAt);
    return 'skipped';
  }

  const reminderSince = new Date(now.getTime() - THANKS_REMINDER_DAYS * 86_400_000).toISOString();
  const [due, sent, dates] = await Promise.all([
    app.contacts.due(user, now, user.digestMaxItems, DIGEST_DUE_COUNT_LIMIT),
    app.prompts.sentSince(user.id, reminderSince),
    upcomingDates(app.contacts, user, now),
  ]);
  // The reminder line is of thank-yous; a close-the-loop prompt was its own email.
  const thanks = sent.filter((p) => p.kind === 'thanks');
  const picked = due.contacts;
  // SPEC 9: a birthday in the next two weeks is worth a digest on its own.
  if (picked.length === 0 && thanks.length === 0 && dates.dates.length === 0) {
    await app.digests.complete(user.id, null, next, expiresAt);
    return 'empty';
  }
  // A sent digest only: suggestions ride along, they never make a digest on their own.
  const [activity, rediscover, introducers] = await Promise.all([
    app.contacts.weekActivity(user.id, now),
    app.contacts.rediscover(user, now, REDISCOVER_PER_DIGEST),
    // SPEC 9: "introduced by Jordan" on the items listed: one batch read of their introducers.
    introducerNames(app, user.id, picked),
  ]);
  // Numbered after the due items, and kept with them, so `6 done` finds its contact.
  const numbered = [...picked, ...rediscover, ...dates.dates.map((d) => d.contact)].map((c, i) => ({
    n: i + 1,
    c,
  }));
  const datesFrom = picked.length + rediscover.length;
  const digest: Digest = {
    id: ulid(now.getTime()),
    scheduledFor: slot,
    sentAt: now.toISOString(),
    status: 'sent',
    items: numbered.map(({ n, c }) => ({ n, contactEmail: c.email, name: c.name })),
  };
  // SPEC 8: each numbered item's links act on the item as `N done` in a reply would; a pending
  // thank-you's act on its prompt.
  const links = await linkMaker(app, user, now);
  const itemLinks = (n: number) => links({ kind: 'digest', digestId: digest.id, item: n });
  const { renderDigest } = await sendingKit();
  const email = renderDigest({
    timezone: user.timezone,
    now: now.toISOString(),
    items: numbered.slice(0, picked.length).map(({ n, c }) => ({
      n,
      ...reachOf(c),
      lastInteractionAt: c.lastInteractionAt,
      lastSubject: c.lastSubject,
      links: itemLinks(n),
      introducedBy: c.introducedBy ? (introducers.get(c.introducedBy) ?? c.introducedBy) : null,
    })),
    rediscover: numbered.slice(picked.length, datesFrom).map(({ n, c }) => ({
      n,
      ...reachOf(c),
      connectedAt: c.connectedAt,
      links: itemLinks(n),
    })),
    dates: dates.dates.map(({ contact: c, upcoming: u }, i) => ({
      n: datesFrom + i + 1,
      name: c.name,
      email: reachOf(c).email,
      kind: u.date.kind,
      on: isoDay(u.on),
      inDays: u.inDays,
      years: u.years,
      links: itemLinks(datesFrom + i + 1),
    })),
    moreDates: dates.more,
    pendingThanks: thanks.map((p) => ({
      name: p.contactName,
      email: p.contactEmail,
      subject: p.about?.subject ?? null,
      at: p.interactionAt,
      links: links({ kind: 'thanks', promptId: p.id }),
    })),
    stats: {
      loggedThisWeek: activity.logged,
      reconnectedThisWeek: activity.reconnected,
      due: due.due,
      dueAtLeast: due.dueAtLeast,
    },
  });
  try {
    await send(app, user, email, 'digest', digest.id, now);
  } catch (error) {
    if (error instanceof SendDeferredError) {
      // The same slot, due again in a minute, its tries untouched.
      await app.digests.retry(user.id, {
        slotDueAt: slot,
        attempts: schedule.attempts,
        retryAt: deferredTo(now),
        lastError: errorText(error),
      });
      return 'deferred';
    }
    logger.warn('send failed', {
      kind: 'digest',
      attempts: schedule.attempts + 1,
      error: errorText(error),
    });
    return digestFailed(app, ref, schedule, { digest, next }, error, now);
  }
  await app.digests.complete(user.id, digest, nextAfterSent, expiresAt);
  try {
    await app.contacts.markSuggested(user, rediscover, now.toISOString());
  } catch (error) {
    // The digest is out and kept: unrecorded suggestions only mean they may come again.
    logger.warn('suggestions not recorded', { error: errorText(error) });
  }
  return 'sent';
}

/**
 * A digest not sent (its send failed, or building it threw): retried with backoff for the same
 * slot, and after MAX_SEND_ATTEMPTS tries recorded failed (when it was built) and moved on to
 * the next slot.
 */
async function digestFailed(
  app: App,
  ref: DueRef,
  schedule: DigestSchedule,
  built: { digest: Digest; next: string } | null,
  error: unknown,
  now: Date,
): Promise<Outcome> {
  const attempts = schedule.attempts + 1;
  const slotDueAt = schedule.slotDueAt ?? ref.dueAt;
  if (attempts >= MAX_SEND_ATTEMPTS) {
    const expiresAt = Math.floor(now.getTime() / 1000) + TOKEN_TTL_DAYS * 86_400;
    const user = built ? null : await app.users.get(ref.userId);
    const next =
      built?.next ??
      (user?.digest
        ? nextDigestSlot(now, user.digest, user.timezone, lastSent(schedule)).toISOString()
        : null);
    const failed = built ? { ...built.digest, status: 'failed' as const, sentAt: null } : null;
    await app.digests.complete(ref.userId, failed, next, expiresAt);
  } else {
    await app.digests.retry(ref.userId, {
      slotDueAt,
      attempts,
      retryAt: backoff(now, attempts),
      lastError: errorText(error),
    });
  }
  return 'failed';
}

function lastSent(schedule: DigestSchedule): Date | null {
  return schedule.lastSentAt ? new Date(schedule.lastSentAt) : null;
}

function deferredTo(now: Date): string {
  return new Date(now.getTime() + DEFER_MINUTES * 60_000).toISOString();
}

/**
 * SPEC 8: makes the action links of one email to this user, signed with the reply-token secret
 * and issued at the send time. Without the web app's address (TEND_WEB_URL unset) there is no
 * page for a link to open, so every item gets none and the email offers replies only.
 */
async function linkMaker(
  app: App,
  user: User,
  now: Date,
): Promise<(target: LinkTarget) => ActionLinks | null> {
  const baseUrl = app.config.TEND_WEB_URL;
  if (!baseUrl) return () => null;
  const secret = await app.tokenSecret();
  return (target) => actionLinks({ baseUrl, secret, userId: user.id, target, issuedAt: now });
}

/** The names of the introducers of these contacts, by address (those with a name). */
async function introducerNames(
  app: App,
  userId: string,
  contacts: readonly Contact[],
): Promise<Map<string, string>> {
  const addresses = [...new Set(contacts.flatMap((c) => (c.introducedBy ? [c.introducedBy] : [])))];
  if (addresses.length === 0) return new Map();
  const stored = await app.contacts.getMany(userId, addresses);
  return new Map(
    [...stored].flatMap(([address, s]) => (s.contact.name ? [[address, s.contact.name]] : [])),
  );
}

/** Who a digest line is about and how to reach them; a LinkedIn-only contact has no address. */
function reachOf(c: Contact) {
  return {
    name: c.name,
    email: c.email.startsWith('linkedin:') ? null : c.email,
    linkedinUrl: c.linkedinUrl,
    tags: c.tags,
    latestNote: c.latestNote,
  };
}

/** Every email Tend sends goes to its own user, with a reply token for what it is about. */
export async function send(
  app: App,
  user: User,
  email: RenderedEmail,
  kind: TokenKind,
  ref: string,
  now: Date,
): Promise<void> {
  const token = issueToken(await app.tokenSecret(), user.id, { kind, ref, issuedAt: now });
  const replyTo = `reply+${token}@${app.config.TEND_INBOUND_DOMAIN}`;
  const { buildMime } = await sendingKit();
  const raw = await buildMime({
    from: app.config.TEND_FROM,
    to: user.email,
    replyTo,
    listUnsubscribe: `mailto:${replyTo}?subject=unsubscribe`,
    oneClickUnsubscribe: await oneClickUnsubscribeUrl(app, user, now),
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: now,
  });
  await app.mailer.sendRaw({ from: app.config.TEND_FROM, to: user.email, raw });
}

export function errorText(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`.slice(0, 300)
    : String(error).slice(0, 300);
}
