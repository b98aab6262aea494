import { ulid } from 'ulid';
import type { ContactWrite, DynamoTendStore } from '../adapters/dynamodb/dynamodb-store';
import { ConcurrentUpdateError } from '../adapters/dynamodb/dynamodb-store';
import { routeRecipients } from '../domain/ingest/address-hints';
import { machineMailReason } from '../domain/ingest/machine-mail';
import { applyInteraction, planIngest } from '../domain/ingest/plan-ingest';
import { senderAuthenticated, type Verdicts } from '../domain/ingest/sender-check';
import { MARKER_TTL_DAYS, MAX_MESSAGE_BYTES } from '../domain/limits';
import type { QuarantineReason, ThanksPrompt, User } from '../domain/types';
import { logger, redact, sha256Hex } from '../logger';
import type { MailFacts } from '../mail/mail-facts';
import { parseMail, UnparseableMailError } from '../mail/parse-mail';
import type { Clock } from '../ports/clock';
import { RawMailMissingError, type RawMailStore } from '../ports/raw-mail-store';

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
  | { outcome: 'reply'; result: string };

/** A reply to one of Tend's emails, handed to the reply use case once the sender is known. */
export type ReplyHandler = (args: {
  user: User;
  token: string;
  facts: MailFacts;
  receipt: Receipt;
}) => Promise<IngestOutcome>;

export interface IngestDeps {
  store: DynamoTendStore;
  rawMail: RawMailStore;
  clock: Clock;
  inboundDomain: string;
  handleReply: ReplyHandler;
}

/** How often a write that lost an optimistic-lock race is recomputed before the platform retries. */
const CONFLICT_RETRIES = 3;

/** SPEC section 2: one received email, from raw bytes to logged interactions (or quarantine). */
export async function ingestEmail(deps: IngestDeps, receipt: Receipt): Promise<IngestOutcome> {
  const { store } = deps;
  const quarantine = async (
    reason: QuarantineReason,
    detail: string,
    from: string | null,
    user: User | null,
  ) => {
    await store.putQuarantine({
      receivedAt: receipt.receivedAt.toISOString(),
      from: from ?? receipt.envelopeSender,
      s3Key: receipt.s3Key,
      reason,
      userId: user?.id ?? null,
      detail,
      receipt: {
        recipients: receipt.recipients,
        envelopeSender: receipt.envelopeSender,
        verdicts: receipt.verdicts,
      },
    });
    logger.info('quarantined', {
      reason,
      detail,
      s3Key: receipt.s3Key,
      from: redact(from ?? receipt.envelopeSender),
    });
    return { outcome: 'quarantined', reason } as const;
  };

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

  const user = await store.findUserByAddress(facts.from.address);
  if (!user)
    return quarantine(
      'unknown-sender',
      'the From address is not a registered Tend user',
      facts.from.address,
      null,
    );
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
  const hints = route?.hints ?? { cadenceDays: null, thanks: null, tags: [] };

  const messageIdHash = facts.messageId ? sha256Hex(facts.messageId).slice(0, 32) : null;
  if (await store.alreadyIngested(user.id, messageIdHash, receipt.s3Key)) {
    logger.info('duplicate delivery', { s3Key: receipt.s3Key });
    return { outcome: 'duplicate' };
  }

  const plan = planIngest({
    facts,
    user,
    hints,
    inboundDomain: deps.inboundDomain,
    receivedAt: receipt.receivedAt,
  });
  if (plan.kind === 'quarantine')
    return quarantine(plan.reason, plan.detail, facts.from.address, user);

  const now = deps.clock.now();
  const idBase = messageIdHash ?? sha256Hex(receipt.s3Key).slice(0, 32);
  const markers = {
    messageIdHash,
    s3Key: receipt.s3Key,
    expiresAt: Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400,
  };

  for (let attempt = 1; ; attempt++) {
    const stored = await store.getContacts(
      user.id,
      plan.contacts.map((c) => c.address),
    );
    const writes: ContactWrite[] = [];
    for (const mailbox of plan.contacts) {
      const existing = stored.get(mailbox.address) ?? null;
      const pending = existing?.contact.pendingThanksId
        ? await store.getPrompt(user.id, existing.contact.pendingThanksId)
        : null;
      const interactionId = sha256Hex(`${idBase}#${mailbox.address}`).slice(0, 26);
      const change = applyInteraction({
        existing: existing?.contact ?? null,
        pending,
        mailbox,
        interaction: plan.interaction,
        hints,
        user,
        now,
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
        };
        change.contact.pendingThanksId = createThanks.id;
      }
      writes.push({
        contact: change.contact,
        version: existing?.version ?? 0,
        interaction: { id: interactionId, contactEmail: mailbox.address, ...plan.interaction },
        createThanks,
        cancelThanksId: change.cancelThanksId,
      });
    }
    try {
      const result = await store.commitIngest(user.id, writes, markers);
      if (result === 'duplicate') return { outcome: 'duplicate' };
      logger.info('logged', {
        contacts: writes.length,
        direction: plan.interaction.direction,
        prompts: writes.filter((w) => w.createThanks).length,
        cancelled: writes.filter((w) => w.cancelThanksId).length,
      });
      return { outcome: 'logged', contacts: writes.length };
    } catch (error) {
      if (error instanceof ConcurrentUpdateError && attempt < CONFLICT_RETRIES) continue;
      throw error;
    }
  }
}
