import { z } from 'zod';
import type { Receipt } from '../use-cases/ingest-email';

/**
 * The SES receipt event a Lambda action delivers (after the S3 action stored the raw mail).
 * Modelled on Powertools' parser schema for SES; only what Tend reads is required.
 */
const verdict = z.object({ status: z.string() });

export const sesRecordSchema = z.object({
  eventSource: z.literal('aws:ses'),
  eventVersion: z.string(),
  ses: z.object({
    mail: z.object({
      timestamp: z.string().datetime({ offset: true }),
      source: z.string(),
      messageId: z.string().min(1),
      destination: z.array(z.string()),
      headersTruncated: z.boolean().optional(),
      commonHeaders: z
        .object({
          from: z.array(z.string()).optional(),
          subject: z.string().optional(),
          messageId: z.string().optional(),
        })
        .passthrough()
        .optional(),
    }),
    receipt: z.object({
      timestamp: z.string().datetime({ offset: true }),
      recipients: z.array(z.string()).min(1),
      spamVerdict: verdict.optional(),
      virusVerdict: verdict.optional(),
      spfVerdict: verdict,
      dkimVerdict: verdict,
      dmarcVerdict: verdict,
      action: z.object({ type: z.string() }).passthrough(),
    }),
  }),
});

export const sesEventSchema = z.object({ Records: z.array(sesRecordSchema).min(1) });

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
