import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { dynamoStores } from './adapters/dynamodb';
import { S3RawMailStore } from './adapters/s3/s3-raw-mail-store';
import { SesMailer } from './adapters/ses/ses-mailer';
import { loadTokenSecret } from './adapters/ssm/token-secret';
import type { Config } from './config';
import type { App } from './ports/app-context';
import { clockFrom } from './ports/clock';
import { PerKeyQueue } from './use-cases/per-key-queue';

export type { App };

/**
 * The adapters one process needs, built once (at module scope in each handler, once per CLI run).
 * SDK clients find local services through the standard AWS_ENDPOINT_URL_<SERVICE> variables,
 * so there is no local-only path here.
 */
export function createApp(
  config: Config,
  overrides: Partial<Pick<App, 'mailer' | 'clock'>> & { dynamodb?: DynamoDBClient } = {},
): App {
  const dynamodb = overrides.dynamodb ?? new DynamoDBClient({});
  // Path-style addressing works against S3 and s3rver alike; the ingest function only reads, so
  // checksums are computed only where S3 requires them (s3rver predates the default ones).
  const s3 = new S3Client({
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  let secret: Promise<string> | undefined;
  return {
    config,
    ...dynamoStores(dynamodb, config.TEND_TABLE),
    rawMail: new S3RawMailStore(s3, config.TEND_BUCKET),
    mailer: overrides.mailer ?? new SesMailer(new SESv2Client({})),
    clock: overrides.clock ?? clockFrom(config.TEND_NOW),
    userQueue: new PerKeyQueue(),
    tokenSecret() {
      secret ??= loadTokenSecret(config, () => new SSMClient({})).catch((error: unknown) => {
        secret = undefined;
        throw error;
      });
      return secret;
    },
  };
}
