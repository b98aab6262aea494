import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer } from '../../ports/mailer';

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
