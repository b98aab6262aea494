import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
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
 */
export function createApp(
  config: Config,
  overrides: Partial<Pick<App, 'mailer' | 'clock' | 'rawMail' | 'sendingLimits'>> & {
    dynamodb?: DynamoDBClient;
  } = {},
): App {
  const dynamodb = overrides.dynamodb ?? new DynamoDBClient({});
  return {
    config,
    ...dynamoStores(dynamodb, config.TEND_TABLE),
    rawMail: overrides.rawMail ?? rawMailOnFirstUse(config.TEND_BUCKET),
    mailer: overrides.mailer ?? mailerOnFirstUse(config.TEND_CONFIGURATION_SET),
    sendingLimits: overrides.sendingLimits ?? sendingLimitsOf(config),
    clock: overrides.clock ?? clockFrom(config.TEND_NOW),
    userQueue: new PerKeyQueue(),
    tokenSecret: onFirstUse(() => loadTokenSecret(config)),
  };
}

function rawMailOnFirstUse(bucket: string): RawMailStore {
  const store = onFirstUse(async () =>
    (await import('./adapters/s3/s3-raw-mail-store')).s3RawMailStore(bucket),
  );
  return {
    get: async (key) => (await store()).get(key),
    list: async (prefix) => (await store()).list(prefix),
    delete: async (keys) => (await store()).delete(keys),
  };
}

function mailerOnFirstUse(configurationSet: string | undefined): Mailer {
  const mailer = onFirstUse(async () =>
    (await import('./adapters/ses/ses-mailer')).sesMailer(configurationSet),
  );
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
