import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { config } from '../../config';
import type { Mailer } from '../../ports/mailer';

/**
 * A mailer on an SES v2 client of its own (region and endpoint from the environment), sending
 * through the configuration set TEND_CONFIGURATION_SET names, when it names one.
 */
export function sesMailer(): SesMailer {
  return new SesMailer(new SESv2Client({}), config().TEND_CONFIGURATION_SET);
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
  }
}
