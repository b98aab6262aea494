import type { SSMClient } from '@aws-sdk/client-ssm';
import type { Config } from '../../config';

/**
 * The reply-token secret: from the environment locally, from SSM SecureString when deployed.
 * The SSM client loads here, on the one call per process that needs it, not when the function
 * starts: most emails and dispatcher ticks never sign or verify a token.
 */
export async function loadTokenSecret(config: Config, ssm?: SSMClient): Promise<string> {
  if (config.TEND_TOKEN_SECRET) return config.TEND_TOKEN_SECRET;
  const name = config.TEND_TOKEN_SECRET_PARAM as string;
  const { readSecureParameter } = await import('./secure-parameter');
  const value = await readSecureParameter(name, ssm);
  if (!value) throw new Error(`the SSM parameter ${name} has no value`);
  return value;
}
