import * as z from 'zod/mini';
import type { Receipt } from '../use-cases/ingest-email';

/**
 * The SES receipt event a Lambda action delivers (after the S3 action stored the raw mail).
 * Modelled on Powertools' parser schema for SES; only what Tend reads is required. zod/mini, as
 * every schema a function loads at start: the full zod build was about a fifth of the ingest
 * function's import time (issue 9).
 */
const verdict = z.object({ status: z.string() });
const isoTime = z.iso.datetime({ offset: true });

export const sesRecordSchema = z.object({
  eventSource: z.literal('aws:ses'),
  eventVersion: z.string(),
  ses: z.object({
    mail: z.object({
      timestamp: isoTime,
      source: z.string(),
      messageId: z.string().check(z.minLength(1)),
      destination: z.array(z.string()),
      headersTruncated: z.optional(z.boolean()),
      commonHeaders: z.optional(
        z.looseObject({
          from: z.optional(z.array(z.string())),
          subject: z.optional(z.string()),
          messageId: z.optional(z.string()),
        }),
      ),
    }),
    receipt: z.object({
      timestamp: isoTime,
      recipients: z.array(z.string()).check(z.minLength(1)),
      spamVerdict: z.optional(verdict),
      virusVerdict: z.optional(verdict),
      spfVerdict: verdict,
      dkimVerdict: verdict,
      dmarcVerdict: verdict,
      action: z.looseObject({ type: z.string() }),
    }),
  }),
});

export const sesEventSchema = z.object({
  Records: z.array(sesRecordSchema).check(z.minLength(1)),
});

export type SesEvent = z.infer<typeof sesEventSchema>;
export type SesRecord = z.infer<typeof sesRecordSchema>;

/** What one SES record tells the ingest use case (the S3 action stored it under `prefix`). */
export function receiptOf(record: SesRecord, prefix: string): Receipt {
  const { mail, receipt } = record.ses;
  return {
    s3Key: `${prefix}${mail.messageId}`,
    receivedAt: new Date(receipt.timestamp),
    recipients: receipt.recipients.map((x) => x.toLowerCase()),
    envelopeSender: mail.source,
    verdicts: {
      spf: receipt.spfVerdict.status,
      dkim: receipt.dkimVerdict.status,
      dmarc: receipt.dmarcVerdict.status,
    },
  };
}
