import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../../config';

/** The reply-token secret: from the environment locally, from SSM SecureString when deployed. */
export async function loadTokenSecret(config: Config, ssm: () => SSMClient): Promise<string> {
  if (config.TEND_TOKEN_SECRET) return config.TEND_TOKEN_SECRET;
  const name = config.TEND_TOKEN_SECRET_PARAM as string;
  const out = await ssm().send(new GetParameterCommand({ Name: name, WithDecryption: true }));
  const value = out.Parameter?.Value;
  if (!value) throw new Error(`the SSM parameter ${name} has no value`);
  return value;
}
