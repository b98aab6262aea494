import * as z from 'zod/mini';

/**
 * A CloudFormation custom resource request, as CloudFormation sends it to a function that is the
 * resource's service token (Tend's deploy-time functions: the token secret, the receipt rule set
 * activation), and the answer CloudFormation waits for at ResponseURL.
 */
export function customResourceEventSchema<P extends z.ZodMiniType>(properties: P) {
  return z.object({
    RequestType: z.enum(['Create', 'Update', 'Delete']),
    ResponseURL: z.url(),
    StackId: z.string(),
    RequestId: z.string(),
    LogicalResourceId: z.string(),
    PhysicalResourceId: z.optional(z.string()),
    ResourceProperties: properties,
    /** Update only: the properties before this change. */
    OldResourceProperties: z.optional(z.unknown()),
  });
}

export interface CustomResourceRequest {
  StackId: string;
  RequestId: string;
  LogicalResourceId: string;
  ResponseURL: string;
}

/**
 * Answers CloudFormation. The physical id decides replacement: a new one on Update makes
 * CloudFormation delete the old resource afterwards, so a resource that must never be replaced
 * answers the same id every time. A FAILED reason is what `cdk deploy` shows.
 */
export async function respond(
  request: CustomResourceRequest,
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
    // No Data: nothing goes back to CloudFormation but the outcome.
  });
  const response = await fetch(request.ResponseURL, {
    method: 'PUT',
    // The response URL is a presigned S3 URL signed for an empty content type.
    headers: { 'content-type': '' },
    body,
  });
  if (!response.ok) throw new Error(`CloudFormation response rejected: ${response.status}`);
}
