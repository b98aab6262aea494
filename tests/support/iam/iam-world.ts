import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { S3Client } from '@aws-sdk/client-s3';
import { LOCAL_REGION } from '../../../local/env';
import { rawMailS3Client } from '../../../shared/adapters/s3/s3-raw-mail-store';
import { enforceIam, type RolePolicy } from './enforce-iam';
import { localParameters } from './local-parameters';
import { localSendQuota } from './local-send-quota';

/** The send rate the world's SES account reports: one no test reaches. */
const WORLD_SES_RATE = 1000;
import { synthesizedApp } from './synthesized-app';
import type { SendingIdentity } from './sdk-requests';
import { functionStatements, type DeploymentWorld } from './template-policy';

/**
 * The functions whose flows the tests run, by construct id (a TendFunction's path in the
 * stateless stack). A new function is one more entry.
 */
export const TEND_FUNCTIONS = ['Ingest', 'Dispatch', 'Web', 'FeedbackHandler'] as const;
export type TendFunctionId = (typeof TEND_FUNCTIONS)[number];

/** The test account the ARNs are written in (any twelve digits: IAM compares strings). */
export const IAM_ACCOUNT = '123456789012';

/**
 * The configuration set's name in the test world. CloudFormation names the deployed one (the
 * template has only its Ref); the local SES accepts any name.
 */
export const WORLD_CONFIGURATION_SET = 'tend-feedback';

/** What the test world is: its table, bucket, inbound domain and From (a test context's env). */
export interface WorldNames {
  readonly table: string;
  readonly bucket: string;
  readonly inboundDomain: string;
  readonly fromAddress: string;
}

/** The S3, SES and SSM clients of the test world, each behind the role of the running flow. */
export interface RoleClients {
  readonly s3: S3Client;
  readonly ses: SESv2Client;
  readonly ssm: SSMClient;
}

export interface IamWorld {
  /** The SSM parameter the template grants (the deployed TEND_TOKEN_SECRET_PARAM). */
  readonly tokenParameter: string;
  readonly configurationSet: string;
  role(fn: TendFunctionId): RolePolicy;
  /** Runs `flow` as the function: every enforced client call it makes is checked with its role. */
  as<T>(fn: TendFunctionId, flow: () => T): T;
  /** The role of the flow running now; undefined outside one (setup, the CLI). */
  current(): RolePolicy | undefined;
  /** Puts the running flow's role in front of a DynamoDB client (the harness's counted one). */
  enforceDynamoDb(client: DynamoDBClient): DynamoDBClient;
  /** S3, SES and SSM clients behind the running flow's role; SSM answers with `tokenSecret`. */
  clients(tokenSecret: string): RoleClients;
}

/**
 * The one place the test world meets the template: the world's table and bucket are the
 * stateful stack's Table and RawMail, the world's configuration set is the stateless stack's
 * Feedback set, and its SSM parameter is the one the template names. Roles are read once per
 * world and keep the grants their flows used. Which role applies is the flow's: `as` runs it in
 * an AsyncLocalStorage context, which every await and callback inside it keeps, so flows of
 * different functions may run side by side on the same clients and caches, as the tests had them.
 */
export async function iamWorld(names: WorldNames): Promise<IamWorld> {
  const s = await synthesizedApp(names.inboundDomain, names.fromAddress);
  const scope = { partition: 'aws', region: LOCAL_REGION, account: IAM_ACCOUNT };
  const stateful = {
    template: s.stateful,
    physicalNames: { [s.tableId]: names.table, [s.bucketId]: names.bucket },
  };
  const stateless = {
    template: s.stateless,
    physicalNames: { [s.configurationSetId]: WORLD_CONFIGURATION_SET },
  };
  const deployment: DeploymentWorld = { stacks: [stateful, stateless], scope };
  // SES checks the identity the From is verified as: its address when the template verifies
  // the address itself, else its domain.
  const sendingIdentity: SendingIdentity = Object.values(s.stateless.Resources ?? {}).some(
    (r) =>
      r.Type === 'AWS::SES::EmailIdentity' && r.Properties?.EmailIdentity === names.fromAddress,
  )
    ? 'address'
    : 'domain';
  const roles = new Map<TendFunctionId, RolePolicy>();
  const role = (fn: TendFunctionId): RolePolicy => {
    let r = roles.get(fn);
    if (!r) {
      r = {
        functionId: fn,
        statements: functionStatements(deployment, stateless, fn),
        scope: { ...scope, sendingIdentity },
        used: new Map(),
      };
      roles.set(fn, r);
    }
    return r;
  };
  const running = new AsyncLocalStorage<RolePolicy>();
  const current = () => running.getStore();
  return {
    tokenParameter: s.tokenParameter,
    configurationSet: WORLD_CONFIGURATION_SET,
    role,
    as: (fn, flow) => running.run(role(fn), flow),
    current,
    enforceDynamoDb: (client) => enforceIam(client, 'dynamodb', current),
    clients(tokenSecret) {
      return {
        s3: enforceIam(rawMailS3Client(), 's3', current),
        ses: enforceIam(localSendQuota(new SESv2Client({}), WORLD_SES_RATE), 'ses', current),
        ssm: enforceIam(
          localParameters(new SSMClient({}), { [s.tokenParameter]: tokenSecret }),
          'ssm',
          current,
        ),
      };
    },
  };
}
