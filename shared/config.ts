import { z } from 'zod';

/**
 * The one place that reads the environment (STYLE.md). Parsed once per cold start;
 * a bad or missing value fails at start-up naming the variable.
 */
export const configSchema = z.object({
  TEND_TABLE: z.string().min(1).default('tend'),
  TEND_BUCKET: z.string().min(1).default('tend-mail'),
  /** S3 prefix the SES receipt rule writes raw mail under; the key is prefix + SES messageId. */
  TEND_INBOUND_PREFIX: z.string().default('inbound/'),
  TEND_INBOUND_DOMAIN: z
    .string()
    .min(1)
    .default('in.tend.localhost')
    .transform((d) => d.toLowerCase()),
  TEND_FROM: z.string().email().default('tend@in.tend.localhost'),
  /** Time travel for demos and tests: the clock for handlers, CLI and the local dispatcher. */
  TEND_NOW: z.string().datetime({ offset: true }).optional(),
  /** Reply-token secret given directly (local stack, tests)… */
  TEND_TOKEN_SECRET: z.string().min(16).optional(),
  /** …or the name of the SSM SecureString parameter holding it (deployed). */
  TEND_TOKEN_SECRET_PARAM: z.string().min(1).optional(),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const config = result.data;
  if (!config.TEND_TOKEN_SECRET && !config.TEND_TOKEN_SECRET_PARAM) {
    throw new ConfigError(
      'invalid configuration: TEND_TOKEN_SECRET or TEND_TOKEN_SECRET_PARAM must be set',
    );
  }
  return config;
}

let cached: Config | undefined;

/** The configuration of this process, read from the environment on first use. */
export function config(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** For tests that change the environment between cases. */
export function resetConfig(): void {
  cached = undefined;
}
