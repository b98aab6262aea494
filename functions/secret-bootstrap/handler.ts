import { randomBytes } from 'node:crypto';
import { ParameterAlreadyExists, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import * as z from 'zod/mini';
import { customResourceEventSchema, respond } from '../../shared/events/custom-resource';
import { logger } from '../../shared/logger';

/**
 * CloudFormation custom resource (infra/constructs/token-secret.ts): creates the reply-token
 * secret as an SSM SecureString if it does not exist yet. The value is generated here, so it
 * never appears in a template, a CloudFormation event or an environment variable. An existing
 * value is never overwritten (that would invalidate every reply link already sent), and on
 * delete the parameter is kept for the same reason.
 */

/** 32 random bytes: the full strength of the HMAC-SHA256 key the tokens are signed with. */
const SECRET_BYTES = 32;

const eventSchema = customResourceEventSchema(
  z.object({ ParameterName: z.string().check(z.minLength(1)) }),
);

const ssm = new SSMClient({});

export async function handler(event: unknown): Promise<void> {
  const parsed = eventSchema.safeParse(event);
  if (!parsed.success) {
    // Without a ResponseURL there is no one to answer; CloudFormation times out on its own.
    logger.error('not a custom resource event', { issues: parsed.error.issues.slice(0, 5) });
    return;
  }
  const request = parsed.data;
  const name = request.ResourceProperties.ParameterName;
  try {
    if (request.RequestType !== 'Delete') await createIfMissing(name);
    await respond(request, 'SUCCESS', name);
  } catch (error) {
    logger.error('token secret bootstrap failed', { error: String(error) });
    await respond(request, 'FAILED', request.PhysicalResourceId ?? name, String(error));
  }
}

async function createIfMissing(name: string): Promise<void> {
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Type: 'SecureString',
        Value: randomBytes(SECRET_BYTES).toString('base64url'),
        Overwrite: false,
        Description: 'Tend reply-token HMAC secret (created by the deploy; never overwritten)',
      }),
    );
    logger.info('token secret created', { name });
  } catch (error) {
    if (!(error instanceof ParameterAlreadyExists)) throw error;
    logger.info('token secret already exists', { name });
  }
}
