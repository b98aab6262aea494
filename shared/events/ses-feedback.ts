import * as z from 'zod/mini';

/**
 * What SES says about an email Tend sent (SPEC 7): a bounce or a complaint, published to SNS by
 * the configuration set's event destination ("eventType") or an identity's feedback
 * notifications ("notificationType"), and delivered to Lambda inside an SNS record. Only the
 * fields Tend reads are required: SES adds fields over time. zod/mini, like every schema a
 * function loads at start (issue 9).
 */
const recipient = z.object({ emailAddress: z.string(), diagnosticCode: z.optional(z.string()) });

const feedbackMessageSchema = z.object({
  notificationType: z.optional(z.string()),
  eventType: z.optional(z.string()),
  bounce: z.optional(
    z.object({
      bounceType: z.string(),
      bounceSubType: z.optional(z.string()),
      bouncedRecipients: z.array(recipient),
      timestamp: z.string(),
    }),
  ),
  complaint: z.optional(
    z.object({
      complainedRecipients: z.array(recipient),
      timestamp: z.string(),
      complaintFeedbackType: z.optional(z.string()),
    }),
  ),
});

export const snsEventSchema = z.object({
  Records: z.array(
    z.object({
      EventSource: z.literal('aws:sns'),
      Sns: z.object({ Message: z.string() }),
    }),
  ),
});

export interface DeliveryFeedback {
  kind: 'bounce' | 'complaint';
  /** A permanent bounce or any complaint: Tend must stop emailing these recipients. */
  stop: boolean;
  recipients: string[];
  at: string;
  /** The first diagnostic the receiving server gave, or the complaint's feedback type. */
  detail: string | null;
}

/** The feedback in one SNS message, or null when it is not a bounce or a complaint at all. */
export function feedbackOf(message: string): DeliveryFeedback | null {
  let json: unknown;
  try {
    json = JSON.parse(message);
  } catch {
    return null;
  }
  const parsed = feedbackMessageSchema.safeParse(json);
  if (!parsed.success) return null;
  const { bounce, complaint } = parsed.data;
  const type = parsed.data.eventType ?? parsed.data.notificationType;
  if (type === 'Bounce' && bounce)
    return {
      kind: 'bounce',
      // Transient and Undetermined bounces may go through later: only Permanent stops email.
      stop: bounce.bounceType === 'Permanent',
      recipients: bounce.bouncedRecipients.map((r) => addressOf(r.emailAddress)),
      at: bounce.timestamp,
      detail: bounce.bouncedRecipients.find((r) => r.diagnosticCode)?.diagnosticCode ?? null,
    };
  if (type === 'Complaint' && complaint)
    return {
      kind: 'complaint',
      stop: true,
      recipients: complaint.complainedRecipients.map((r) => addressOf(r.emailAddress)),
      at: complaint.timestamp,
      detail: complaint.complaintFeedbackType ?? null,
    };
  return null;
}

/** "Name <a@b.example>" or "a@b.example", lower-cased. */
function addressOf(value: string): string {
  return (/<([^>]+)>\s*$/.exec(value)?.[1] ?? value).trim().toLowerCase();
}
