import { GetAccountSettingsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaConcurrencyFacts } from '../../domain/doctor/facts';
import type { LambdaQuotaReader } from '../../ports/deployment-probes';
import { translated } from '../aws-errors';

/** The region's Lambda concurrency quota
 * (https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html). */
export class LambdaAccountQuotaReader implements LambdaQuotaReader {
  constructor(private readonly lambda: LambdaClient) {}

  async concurrency(): Promise<LambdaConcurrencyFacts> {
    try {
      const out = await this.lambda.send(new GetAccountSettingsCommand({}));
      return {
        concurrentExecutions: out.AccountLimit?.ConcurrentExecutions ?? 0,
        unreservedConcurrentExecutions: out.AccountLimit?.UnreservedConcurrentExecutions ?? 0,
      };
    } catch (error) {
      throw translated(error, 'lambda:GetAccountSettings');
    }
  }
}
