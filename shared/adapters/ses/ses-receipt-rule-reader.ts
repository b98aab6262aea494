import { DescribeActiveReceiptRuleSetCommand, type SESClient } from '@aws-sdk/client-ses';
import type { ReceiptRuleReader } from '../../ports/deployment-probes';
import { translated } from '../aws-errors';

/**
 * Receipt rules exist in SES v1 only; with no active set the answer has no Metadata
 * (https://docs.aws.amazon.com/ses/latest/APIReference/API_DescribeActiveReceiptRuleSet.html).
 */
export class SesReceiptRuleReader implements ReceiptRuleReader {
  constructor(private readonly ses: SESClient) {}

  async activeRuleSetName(): Promise<string | null> {
    try {
      const out = await this.ses.send(new DescribeActiveReceiptRuleSetCommand({}));
      return out.Metadata?.Name ?? null;
    } catch (error) {
      throw translated(error, 'ses:DescribeActiveReceiptRuleSet');
    }
  }
}
