import { QUARANTINE_TTL_DAYS } from '../domain/limits';
import type { QuarantineReason } from '../domain/types';
import { logger, redact } from '../logger';
import type { QuarantineStore } from '../ports/quarantine-store';
import type { Receipt } from './ingest-email';

/**
 * Keeps mail Tend cannot use, with the reason and what SES said on receipt (so `tend
 * reprocess` can run it again as it arrived), for as long as the raw mail is kept (SPEC 2.9).
 * Logs carry the sender's domain only.
 */
export async function quarantineMail(
  store: QuarantineStore,
  receipt: Receipt,
  why: { reason: QuarantineReason; detail: string; from: string | null; userId: string | null },
): Promise<{ outcome: 'quarantined'; reason: QuarantineReason }> {
  const from = why.from ?? receipt.envelopeSender;
  await store.put(
    {
      receivedAt: receipt.receivedAt.toISOString(),
      from,
      s3Key: receipt.s3Key,
      reason: why.reason,
      userId: why.userId,
      detail: why.detail,
      receipt: {
        recipients: receipt.recipients,
        envelopeSender: receipt.envelopeSender,
        verdicts: receipt.verdicts,
      },
    },
    Math.floor(receipt.receivedAt.getTime() / 1000) + QUARANTINE_TTL_DAYS * 86_400,
  );
  logger.info('quarantined', {
    reason: why.reason,
    detail: why.detail,
    s3Key: receipt.s3Key,
    from: redact(from),
  });
  return { outcome: 'quarantined', reason: why.reason };
}
