import {
  DeleteSuppressedDestinationCommand,
  GetSuppressedDestinationCommand,
  type SESv2Client,
} from '@aws-sdk/client-sesv2';
import type { SuppressionList } from '../../ports/suppression-list';
import { isNotFound, translated } from '../aws-errors';

/**
 * SES v2's account-level suppression list. A NotFoundException means SES does not hold the
 * address (https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_GetSuppressedDestination.html,
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_DeleteSuppressedDestination.html).
 */
export class SesSuppressionList implements SuppressionList {
  constructor(private readonly ses: SESv2Client) {}

  async find(address: string) {
    try {
      const out = await this.ses.send(
        new GetSuppressedDestinationCommand({ EmailAddress: address }),
      );
      const entry = out.SuppressedDestination;
      return {
        reason: entry?.Reason ?? 'UNKNOWN',
        since: entry?.LastUpdateTime?.toISOString() ?? null,
      };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw translated(error, 'ses:GetSuppressedDestination');
    }
  }

  async remove(address: string): Promise<'removed' | 'not-listed'> {
    try {
      await this.ses.send(new DeleteSuppressedDestinationCommand({ EmailAddress: address }));
      return 'removed';
    } catch (error) {
      if (isNotFound(error)) return 'not-listed';
      throw translated(error, 'ses:DeleteSuppressedDestination');
    }
  }
}
