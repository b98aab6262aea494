import { GetAccountCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SendingLimits, SendQuota } from '../../ports/sending-limits';

/**
 * The account's limits as SES v2 GetAccount reports them (one call per dispatcher run):
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html. A new account in
 * the sandbox reports 1 message a second and 200 a day.
 */
export class SesSendingLimits implements SendingLimits {
  constructor(private readonly ses: SESv2Client) {}

  async read(): Promise<SendQuota> {
    const { SendQuota: q } = await this.ses.send(new GetAccountCommand({}));
    const max = q?.Max24HourSend ?? 0;
    return {
      maxSendRate: q?.MaxSendRate ?? SANDBOX_RATE,
      max24HourSend: max < 0 ? null : max,
      sentLast24Hours: q?.SentLast24Hours ?? 0,
    };
  }
}

/** The sandbox's rate, assumed when SES reports none: the slowest an account sends. */
const SANDBOX_RATE = 1;
