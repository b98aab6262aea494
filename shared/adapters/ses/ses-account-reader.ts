import {
  GetAccountCommand,
  GetEmailIdentityCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { EmailIdentityFacts, SesAccountFacts } from '../../domain/doctor/facts';
import type { SesAccountReader } from '../../ports/deployment-probes';
import { isNotFound, translated } from '../aws-errors';

/**
 * The SES v2 reads of `tend doctor`
 * (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetEmailIdentity.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetAccount.html).
 */
export class SesV2AccountReader implements SesAccountReader {
  constructor(private readonly ses: SESv2Client) {}

  async identity(name: string): Promise<EmailIdentityFacts | null> {
    try {
      const out = await this.ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
      return {
        verifiedForSending: out.VerifiedForSendingStatus === true,
        dkimStatus: out.DkimAttributes?.Status ?? null,
        dkimTokens: out.DkimAttributes?.Tokens ?? [],
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw translated(error, 'ses:GetEmailIdentity');
    }
  }

  async account(): Promise<SesAccountFacts> {
    try {
      const out = await this.ses.send(new GetAccountCommand({}));
      return {
        productionAccessEnabled: out.ProductionAccessEnabled === true,
        sendingEnabled: out.SendingEnabled !== false,
        enforcementStatus: out.EnforcementStatus ?? null,
        max24HourSend: out.SendQuota?.Max24HourSend ?? 0,
        maxSendRate: out.SendQuota?.MaxSendRate ?? 0,
      };
    } catch (error) {
      throw translated(error, 'ses:GetAccount');
    }
  }
}
