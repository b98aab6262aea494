import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { type Mailer, SendDeferredError } from '../../ports/mailer';

/**
 * A mailer on an SES v2 client of its own (region and endpoint from the environment), sending
 * through the app's configuration set (TEND_CONFIGURATION_SET), when it names one. The caller
 * passes it from the app's config: the adapter reads no environment of its own.
 */
export function sesMailer(configurationSet: string | undefined): SesMailer {
  return new SesMailer(new SESv2Client({}), configurationSet);
}

/** Sends raw MIME through SES v2; the MIME itself is built by shared/domain/render/mime.ts. */
export class SesMailer implements Mailer {
  constructor(
    private readonly ses: SESv2Client,
    /** Bounces and complaints of these sends reach Tend through its event destination (SPEC 7). */
    private readonly configurationSetName?: string,
  ) {}

  async sendRaw({
    from,
    to,
    raw,
  }: {
    from: string;
    to: string;
    raw: Buffer;
  }): Promise<{ messageId: string }> {
    try {
      const out = await this.ses.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Raw: { Data: raw } },
          ...(this.configurationSetName === undefined
            ? {}
            : { ConfigurationSetName: this.configurationSetName }),
        }),
      );
      return { messageId: out.MessageId ?? '' };
    } catch (error) {
      const deferred = accountRefusal(error);
      if (deferred) throw new SendDeferredError(deferred, { cause: error });
      throw error;
    }
  }
}

/**
 * Whether SES refused the send for the account's limits rather than the message. SES answers a
 * send past the maximum rate or the daily quota with a throttling error whose message says which
 * ("Maximum sending rate exceeded", "Daily message quota exceeded"):
 * https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html. SES v2 also names
 * TooManyRequestsException (429), LimitExceededException and SendingPausedException
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html#API_SendEmail_Errors).
 */
export function accountRefusal(error: unknown): 'throttled' | 'quota' | 'paused' | null {
  if (!(error instanceof Error)) return null;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (error.name === 'SendingPausedException') return 'paused';
  if (/daily message quota/i.test(error.message) || error.name === 'LimitExceededException')
    return 'quota';
  if (
    ['ThrottlingException', 'Throttling', 'TooManyRequestsException'].includes(error.name) ||
    status === 429
  )
    return 'throttled';
  return null;
}
