import { randomBytes } from 'node:crypto';
import { ParameterAlreadyExists, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { z } from 'zod';
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

const eventSchema = z.object({
  RequestType: z.enum(['Create', 'Update', 'Delete']),
  ResponseURL: z.string().url(),
  StackId: z.string(),
  RequestId: z.string(),
  LogicalResourceId: z.string(),
  PhysicalResourceId: z.string().optional(),
  ResourceProperties: z.object({ ParameterName: z.string().min(1) }),
});

type CustomResourceEvent = z.infer<typeof eventSchema>;

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

async function respond(
  request: CustomResourceEvent,
  status: 'SUCCESS' | 'FAILED',
  physicalResourceId: string,
  reason?: string,
): Promise<void> {
  const body = JSON.stringify({
    Status: status,
    Reason: reason ?? 'see the function logs',
    PhysicalResourceId: physicalResourceId,
    StackId: request.StackId,
    RequestId: request.RequestId,
    LogicalResourceId: request.LogicalResourceId,
    // No Data: nothing about the secret goes back to CloudFormation.
  });
  const response = await fetch(request.ResponseURL, {
    method: 'PUT',
    // The response URL is a presigned S3 URL signed for an empty content type.
    headers: { 'content-type': '' },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation response rejected: ${response.status}`);
}
