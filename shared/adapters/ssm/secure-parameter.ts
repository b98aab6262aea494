import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/**
 * The decrypted value of an SSM SecureString parameter. Its own module so that token-secret.ts
 * can load it on demand: a dynamic import of the SDK package itself would bring every SSM
 * command along.
 */
export async function readSecureParameter(
  name: string,
  ssm: SSMClient = new SSMClient({}),
): Promise<string | undefined> {
  const out = await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  return out.Parameter?.Value;
}
