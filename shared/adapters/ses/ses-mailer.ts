import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../ports/mailer';

/** A mailer on an SES v2 client of its own (region and endpoint from the environment). */
export function sesMailer(): SesMailer {
  return new SesMailer(new SESv2Client({}));
}

/** Sends raw MIME through SES v2; the MIME itself is built by shared/domain/render/mime.ts. */
export class SesMailer implements Mailer {
  constructor(private readonly ses: SESv2Client) {}

  async sendRaw({
    from,
    to,
    raw,
  }: {
    from: string;
    to: string;
    raw: Buffer;
  }): Promise<{ messageId: string }> {
    const out = await this.ses.send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [to] },
        Content: { Raw: { Data: raw } },
      }),
    );
    return { messageId: out.MessageId ?? '' };
  }
}
