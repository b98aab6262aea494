import { MARKER_TTL_DAYS } from '../domain/limits';
import { sha256Hex } from '../logger';
import type { App } from '../ports/app-context';
import type { IngestMarkers } from '../ports/ingest-ledger';
import type { IngestOutcome } from './ingest-email';

/**
 * The exactly-once markers of one received email: its Message-ID (hashed; a mail may have none)
 * and the S3 key SES stored it under, each kept MARKER_TTL_DAYS. Written with what the email
 * did, so a redelivery or the platform's retry finds them and does nothing twice.
 */
export function mailMarkers(messageId: string | null, s3Key: string, now: Date): IngestMarkers {
  return {
    messageIdHash: messageId ? sha256Hex(messageId).slice(0, 32) : null,
    s3Key,
    expiresAt: markersExpireAt(now),
  };
}

/** When markers written now expire (DynamoDB TTL, seconds since the epoch). */
export function markersExpireAt(now: Date): number {
  return Math.floor(now.getTime() / 1000) + MARKER_TTL_DAYS * 86_400;
}

/**
 * Answers an email to one of Tend's own addresses (login@, news@) once: nothing if its markers
 * exist; otherwise the answer, then the markers. A send that fails throws before the markers
 * are written, so the platform's retry answers again; one that succeeds is never repeated.
 */
export async function answerOnce(
  app: Pick<App, 'ledger'>,
  userId: string,
  markers: IngestMarkers,
  answer: () => Promise<IngestOutcome>,
): Promise<IngestOutcome> {
  if (await app.ledger.seen(userId, markers)) return { outcome: 'duplicate' };
  const outcome = await answer();
  await app.ledger.mark(userId, markers);
  return outcome;
}
