import type { SESv2Client } from '@aws-sdk/client-sesv2';

/**
 * Local SES has no account, so an SES v2 client here answers GetAccount in process with this
 * send quota (the rate the tests' TEND_SES_RATE gives, no daily quota) and passes every other
 * command on. It stands where the service would, behind the IAM check (enforce-iam.ts runs
 * first): the tier proves the dispatcher may read the limits it paces itself to.
 */
export function localSendQuota(client: SESv2Client, maxSendRate: number): SESv2Client {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'GetAccountCommand') return next(args);
      return {
        output: {
          ProductionAccessEnabled: true,
          SendQuota: { MaxSendRate: maxSendRate, Max24HourSend: -1, SentLast24Hours: 0 },
          $metadata: {},
        },
        response: {},
      } as never;
    },
    { step: 'initialize', name: 'localSendQuota', priority: 'low' },
  );
  return client;
}
