import * as dns from 'node:dns/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { CloudFormationStackReader } from '../../shared/adapters/cloudformation/cloudformation-stack-reader';
import { DnsMxLookup } from '../../shared/adapters/dns/dns-mx-lookup';
import { dynamoStores } from '../../shared/adapters/dynamodb';
import { LambdaAccountQuotaReader } from '../../shared/adapters/lambda/lambda-quota-reader';
import { SesV2AccountReader } from '../../shared/adapters/ses/ses-account-reader';
import { SesReceiptRuleReader } from '../../shared/adapters/ses/ses-receipt-rule-reader';
import { SesSuppressionList } from '../../shared/adapters/ses/ses-suppression-list';
import type { DeploymentProbes } from '../../shared/ports/deployment-probes';
import type { SuppressionList } from '../../shared/ports/suppression-list';
import { UserInputError } from '../../shared/use-cases/users';

/**
 * The adapters only the CLI uses, and only against a deployment: SES's suppression list
 * (`users resume`) and what `tend doctor` reads. Imported on first use, so other commands load
 * none of these SDK clients. Each client takes its region, credentials and endpoint from the
 * AWS environment, as the operator's own `aws` commands do.
 */
export function suppressionList(): SuppressionList {
  return new SesSuppressionList(new SESv2Client({}));
}

export function deploymentProbes(): DeploymentProbes {
  const sesv2 = new SESv2Client({});
  return {
    async region() {
      try {
        return await sesv2.config.region();
      } catch (error) {
        throw new UserInputError(
          'no AWS region: set AWS_REGION to the region Tend is deployed in (or a profile that names one)',
          { cause: error },
        );
      }
    },
    stacks: new CloudFormationStackReader(new CloudFormationClient({})),
    ses: new SesV2AccountReader(sesv2),
    receipt: new SesReceiptRuleReader(new SESClient({})),
    dns: new DnsMxLookup(dns),
    lambda: new LambdaAccountQuotaReader(new LambdaClient({})),
    suppressions: new SesSuppressionList(sesv2),
    users: (tableName) => dynamoStores(new DynamoDBClient({}), tableName).users,
  };
}
