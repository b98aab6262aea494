import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { dynamoStores } from './adapters/dynamodb';
import { loadTokenSecret } from './adapters/ssm/token-secret';
import type { Config } from './config';
import type { App } from './ports/app-context';
import { onFirstUse } from './on-first-use';
import { clockFrom } from './ports/clock';
import type { Mailer } from './ports/mailer';
import type { RawMailStore } from './ports/raw-mail-store';
import type { SendingLimits } from './ports/sending-limits';
import { configuredSendingLimits } from './adapters/configured-sending-limits';
import { PerKeyQueue } from './use-cases/per-key-queue';

export type { App };

/**
 * The adapters one process needs, built once (at module scope in each handler, once per CLI run).
 * SDK clients find local services through the standard AWS_ENDPOINT_URL_<SERVICE> variables,
 * so there is no local-only path here.
 *
 * Every store is on DynamoDB, which each path uses, so its client is built here. S3, SES and SSM
 * are used by some paths only (the dispatcher never reads raw mail; ingest sends only to answer
 * a reply or tell of quarantined mail): unless the caller passes its own (a handler whose every
 * invocation needs it, so that it loads with the function), each is loaded on its first use.
 * A dynamic import keeps their code out of a cold start that does not need it (issue 9).
 * A caller may hand in the SDK clients themselves (the tests' IAM tier puts each function's
 * role in front of them); the adapters still load on first use, only the client is given.
 */
export function createApp(
  config: Config,
  overrides: Partial<Pick<App, 'mailer' | 'clock' | 'rawMail' | 'userQueue' | 'sendingLimits'>> & {
    dynamodb?: DynamoDBClient;
    s3?: S3Client;
    ses?: SESv2Client;
    ssm?: SSMClient;
  } = {},
): App {
  const dynamodb = overrides.dynamodb ?? new DynamoDBClient({});
  const { s3, ses, ssm } = overrides;
  return {
    config,
    ...dynamoStores(dynamodb, config.TEND_TABLE),
    rawMail: overrides.rawMail ?? rawMailOnFirstUse(config.TEND_BUCKET, s3),
    mailer: overrides.mailer ?? mailerOnFirstUse(config.TEND_CONFIGURATION_SET, ses),
    sendingLimits: overrides.sendingLimits ?? sendingLimitsOf(config),
    clock: overrides.clock ?? clockFrom(config.TEND_NOW),
    userQueue: overrides.userQueue ?? new PerKeyQueue(),
    tokenSecret: onFirstUse(() => loadTokenSecret(config, ssm)),
  };
}

function rawMailOnFirstUse(bucket: string, s3: S3Client | undefined): RawMailStore {
  const store = onFirstUse(async () => {
    const { S3RawMailStore, s3RawMailStore } = await import('./adapters/s3/s3-raw-mail-store');
    return s3 ? new S3RawMailStore(s3, bucket) : s3RawMailStore(bucket);
  });
  return {
    get: async (key) => (await store()).get(key),
    list: async (prefix) => (await store()).list(prefix),
    delete: async (keys) => (await store()).delete(keys),
  };
}

function mailerOnFirstUse(
  configurationSet: string | undefined,
  ses: SESv2Client | undefined,
): Mailer {
  const mailer = onFirstUse(async () => {
    const { SesMailer, sesMailer } = await import('./adapters/ses/ses-mailer');
    return ses ? new SesMailer(ses, configurationSet) : sesMailer(configurationSet);
  });
  return { sendRaw: async (message) => (await mailer()).sendRaw(message) };
}

/**
 * TEND_SES_RATE when set (the local stack, the bench, tests). Otherwise the account's own limits,
 * which only the dispatcher reads: its handler (and `tend tick`) pass an SES GetAccount reader,
 * so no other function carries that code.
 */
function sendingLimitsOf(config: Config): SendingLimits {
  const rate = config.TEND_SES_RATE;
  if (rate !== undefined) return configuredSendingLimits(rate);
  return {
    read: () =>
      Promise.reject(
        new Error('no SES sending limits here: set TEND_SES_RATE, or pass an SES reader'),
      ),
  };
}
