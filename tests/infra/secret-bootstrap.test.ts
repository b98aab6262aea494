import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ParameterAlreadyExists, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

process.env.AWS_REGION ??= 'us-east-1';
const { handler } = await import('../../functions/secret-bootstrap/handler');

// SSM is mocked: the point here is what the custom resource asks of it and answers CloudFormation.
const ssm = mockClient(SSMClient);

/** Stands in for CloudFormation's presigned response URL and records each response. */
let server: Server;
let responses: Array<{ headers: Record<string, unknown>; body: Record<string, unknown> }>;
let responseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      responses.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  responseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/response`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  ssm.reset();
  responses = [];
});

const event = (RequestType: 'Create' | 'Update' | 'Delete') => ({
  RequestType,
  ResponseURL: responseUrl,
  StackId: 'arn:aws:cloudformation:us-east-1:123456789012:stack/TendStateless/guid',
  RequestId: 'request-1',
  LogicalResourceId: 'TokenSecret',
  ResourceType: 'Custom::TendTokenSecret',
  ServiceToken: 'arn:aws:lambda:us-east-1:123456789012:function:bootstrap',
  ...(RequestType === 'Create' ? {} : { PhysicalResourceId: '/TendStateless/reply-token-secret' }),
  ResourceProperties: { ServiceToken: 'x', ParameterName: '/TendStateless/reply-token-secret' },
});

describe('secret bootstrap custom resource', () => {
  it('creates a random SecureString without overwriting, and answers SUCCESS with no data', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    await handler(event('Create'));
    const calls = ssm.commandCalls(PutParameterCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: '/TendStateless/reply-token-secret',
      Type: 'SecureString',
      Overwrite: false,
    });
    expect(input?.Value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(responses).toHaveLength(1);
    expect(responses[0]?.body).toEqual({
      Status: 'SUCCESS',
      Reason: 'see the function logs',
      PhysicalResourceId: '/TendStateless/reply-token-secret',
      StackId: event('Create').StackId,
      RequestId: 'request-1',
      LogicalResourceId: 'TokenSecret',
    });
    expect(JSON.stringify(responses[0]?.body)).not.toContain(input?.Value ?? 'no value');
    expect(responses[0]?.headers['content-type']).toBe('');
  });

  it('generates a different value each time it creates one', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    await handler(event('Create'));
    await handler(event('Create'));
    const [a, b] = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input.Value);
    expect(a).not.toBe(b);
  });

  it('keeps an existing secret (reply links in flight stay valid) and still succeeds', async () => {
    ssm
      .on(PutParameterCommand)
      .rejects(new ParameterAlreadyExists({ message: 'exists', $metadata: {} }));
    await handler(event('Update'));
    expect(responses[0]?.body.Status).toBe('SUCCESS');
  });

  it('leaves the parameter in place on delete', async () => {
    await handler(event('Delete'));
    expect(ssm.calls()).toHaveLength(0);
    expect(responses[0]?.body).toMatchObject({
      Status: 'SUCCESS',
      PhysicalResourceId: '/TendStateless/reply-token-secret',
    });
  });

  it('answers FAILED with the reason when SSM refuses, so the deploy stops instead of hanging', async () => {
    ssm.on(PutParameterCommand).rejects(new Error('AccessDeniedException: not allowed'));
    await handler(event('Create'));
    expect(responses[0]?.body).toMatchObject({
      Status: 'FAILED',
      Reason: expect.stringContaining('not allowed'),
    });
  });

  it('ignores an event that is not a custom resource request', async () => {
    await expect(handler({ hello: 'world' })).resolves.toBeUndefined();
    expect(responses).toHaveLength(0);
  });
});
