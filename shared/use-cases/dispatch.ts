import { ulid } from 'ulid';
import type { DueRef } from '../adapters/dynamodb/dynamodb-store';
import type { App } from '../app';
import { DUE_SHARDS } from '../keys';
import { CLAIM_TTL_MINUTES, MAX_SEND_ATTEMPTS, TOKEN_TTL_DAYS } from '../domain/limits';
import { isDue, pickDigestContacts } from '../domain/reconnect';
import { buildMime, renderDigest, renderThanksPrompt, type RenderedEmail } from '../domain/render';
import { nextWeeklySlot } from '../domain/time';
import { issueToken, type TokenKind } from '../domain/tokens';
import type { Digest, User } from '../domain/types';
import { logger } from '../logger';

/** Due items read per shard per run; anything beyond waits for the next run (5 minutes). */
const DUE_PAGE = 100;
/** Thank-yous the digest reminds of: sent but not marked done within this many days. */
const THANKS_REMINDER_DAYS = 14;

export interface DispatchReport {
  sent: number;
  failed: number;
  skipped: number;
  empty: number;
}

/** Retry delays after a failed send: 1, 2, 4, 8 minutes… capped at an hour. */
function backoff(now: Date, attempts: number): string {
  return new Date(now.getTime() + Math.min(60, 2 ** (attempts - 1)) * 60_000).toISOString();
}

/**
 * SPEC 3: one dispatcher run. Finds due work through the sharded due index (never a Scan),
 * claims each item so overlapping runs cannot both send it, sends, then marks it sent.
 */
export async function dispatch(app: App, now: Date = app.clock.now()): Promise<DispatchReport> {
  const report: DispatchReport = { sent: 0, failed: 0, skipped: 0, empty: 0 };
  const nowIso = now.toISOString();
  const claimUntil = new Date(now.getTime() + CLAIM_TTL_MINUTES * 60_000).toISOString();
  for (let shard = 0; shard < DUE_SHARDS; shard++) {
    const refs = await app.store.queryDue(shard, nowIso, DUE_PAGE);
    for (const ref of refs) {
      if (ref.claimedUntil && ref.claimedUntil > nowIso) {
        report.skipped++;
        continue;
      }
      if (!(await app.store.claim(ref, nowIso, claimUntil))) {
        report.skipped++;
        continue;
      }
      const outcome =
        ref.kind === 'thanks' ? await sendThanks(app, ref, now) : await sendDigest(app, ref, now);
      report[outcome]++;
    }
  }
  if (report.sent + report.failed > 0) logger.info('dispatched', { ...report });
  return report;
}

type Outcome = keyof DispatchReport;

async function sendThanks(app: App, ref: DueRef, now: Date): Promise<Outcome> {
  const { store } = app;
  const [user, prompt] = await Promise.all([
    store.getUser(ref.userId),
    store.getPrompt(ref.userId, ref.id),
  ]);
  if (!user || !prompt) return 'skipped';
  const stored = await store.getContact(user.id, prompt.contactEmail);
  if (!stored || stored.contact.status === 'muted' || user.unsubscribed) {
    await store.putPrompt(user.id, { ...prompt, status: 'cancelled' });
    await store.clearPendingThanks(user.id, prompt.contactEmail, prompt.id);
    return 'skipped';
  }
  if (user.pausedUntil && user.pausedUntil > now.toISOString()) {
    // Paused: the prompt waits until the pause ends.
    await store.putPrompt(user.id, { ...prompt, status: 'pending', dueAt: user.pausedUntil });
    return 'skipped';
  }
  const interaction = (await store.listInteractions(user.id, prompt.contactEmail)).find(
    (i) => i.id === prompt.interactionId,
  );
  const email = renderThanksPrompt({
    timezone: user.timezone,
    contact: { email: stored.contact.email, name: stored.contact.name },
    interaction: interaction
      ? {
          subject: interaction.subject,
          at: interaction.at,
          snippet: interaction.snippet,
          direction: interaction.direction,
        }
      : {
          subject: stored.contact.lastSubject,
          at: prompt.interactionAt,
          snippet: '',
          direction: 'inbound',
        },
    now: now.toISOString(),
  });
  try {
    await send(app, user, email, 'thanks', prompt.id, now);
  } catch (error) {
    const attempts = prompt.attempts + 1;
    const retryAt = attempts >= MAX_SEND_ATTEMPTS ? null : backoff(now, attempts);
    await store.markPromptAttemptFailed(user.id, prompt, errorText(error), retryAt);
    logger.warn('send failed', {
      kind: 'thanks',
      attempts,
      willRetry: retryAt !== null,
      error: errorText(error),
    });
    return 'failed';
  }
  await store.markPromptSent(user.id, prompt, now.toISOString());
  await store.clearPendingThanks(user.id, prompt.contactEmail, prompt.id);
  return 'sent';
}

async function sendDigest(app: App, ref: DueRef, now: Date): Promise<Outcome> {
  const { store } = app;
  const user = await store.getUser(ref.userId);
  if (!user || !user.digest || user.unsubscribed) {
    await store.setDigestDue(ref.userId, null);
    return 'skipped';
  }
  const next = nextWeeklySlot(now, user.digest.day, user.digest.hour, user.timezone).toISOString();
  const expiresAt = Math.floor(now.getTime() / 1000) + TOKEN_TTL_DAYS * 86_400;
  if (user.pausedUntil && user.pausedUntil > now.toISOString()) {
    await store.completeDigest(user.id, null, next, expiresAt);
    return 'skipped';
  }

  const contacts = await store.listContacts(user.id);
  const picked = pickDigestContacts(contacts, user, now, user.digestMaxItems);
  const reminderSince = new Date(now.getTime() - THANKS_REMINDER_DAYS * 86_400_000).toISOString();
  const byEmail = new Map(contacts.map((c) => [c.email, c]));
  const thanks = (await store.listPrompts(user.id)).filter(
    (p) => p.status === 'sent' && (p.sentAt ?? '') >= reminderSince && byEmail.has(p.contactEmail),
  );
  if (picked.length === 0 && thanks.length === 0) {
    await store.completeDigest(user.id, null, next, expiresAt);
    return 'empty';
  }
  const week = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const activity = await store.countInteractionsSince(user.id, week);
  const digest: Digest = {
    id: ulid(now.getTime()),
    scheduledFor: ref.dueAt,
    sentAt: now.toISOString(),
    status: 'sent',
    items: picked.map((c, i) => ({ n: i + 1, contactEmail: c.email, name: c.name })),
  };
  const email = renderDigest({
    timezone: user.timezone,
    now: now.toISOString(),
    items: picked.map((c, i) => ({
      n: i + 1,
      name: c.name,
      email: c.source === 'linkedin' && c.email.startsWith('linkedin:') ? null : c.email,
      linkedinUrl: c.linkedinUrl,
      lastInteractionAt: c.lastInteractionAt,
      lastSubject: c.lastSubject,
      tags: c.tags,
      latestNote: c.latestNote,
    })),
    pendingThanks: thanks.map((p) => ({
      name: byEmail.get(p.contactEmail)?.name ?? null,
      email: p.contactEmail,
      subject: byEmail.get(p.contactEmail)?.lastSubject ?? null,
      at: p.interactionAt,
    })),
    stats: {
      loggedThisWeek: activity.logged,
      reconnectedThisWeek: activity.outbound.size,
      due: contacts.filter((c) => isDue(c, user, now)).length,
    },
  });
  try {
    await send(app, user, email, 'digest', digest.id, now);
  } catch (error) {
    const slot = await store.getScheduleSlot(user.id);
    const attempts = (slot?.attempts ?? 0) + 1;
    if (attempts >= MAX_SEND_ATTEMPTS) {
      await store.completeDigest(
        user.id,
        { ...digest, status: 'failed', sentAt: null },
        next,
        expiresAt,
      );
    } else {
      await store.digestAttemptFailed(
        user.id,
        slot?.slotDueAt ?? ref.dueAt,
        attempts,
        backoff(now, attempts),
        errorText(error),
      );
    }
    logger.warn('send failed', { kind: 'digest', attempts, error: errorText(error) });
    return 'failed';
  }
  await store.completeDigest(user.id, digest, next, expiresAt);
  return 'sent';
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
  const raw = await buildMime({
    from: app.config.TEND_FROM,
    to: user.email,
    replyTo,
    listUnsubscribe: `mailto:${replyTo}?subject=unsubscribe`,
    subject: email.subject,
    text: email.text,
    html: email.html,
    date: now,
  });
  await app.mailer.sendRaw({ from: app.config.TEND_FROM, to: user.email, raw });
}

function errorText(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`.slice(0, 300)
    : String(error).slice(0, 300);
}
