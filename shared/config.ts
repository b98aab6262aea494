import * as z from 'zod/mini';
import { en } from 'zod/locales';

// zod/mini reports "Invalid input" unless given a locale: start-up errors name the problem.
z.config(en());

/**
 * The one place that reads the environment (STYLE.md). Parsed once per cold start;
 * a bad or missing value fails at start-up naming the variable. zod/mini, as every schema a
 * function loads at start: the full zod build was about a fifth of the ingest import time.
 */
export const configSchema = z.object({
  TEND_TABLE: z._default(z.string().check(z.minLength(1)), 'tend'),
  TEND_BUCKET: z._default(z.string().check(z.minLength(1)), 'tend-mail'),
  /** S3 prefix the SES receipt rule writes raw mail under; the key is prefix + SES messageId. */
  TEND_INBOUND_PREFIX: z._default(z.string(), 'inbound/'),
  TEND_INBOUND_DOMAIN: z.pipe(
    z._default(z.string().check(z.minLength(1)), 'in.tend.localhost'),
    z.transform((d: string) => d.toLowerCase()),
  ),
  TEND_FROM: z._default(z.email(), 'tend@in.tend.localhost'),
  /** Time travel for demos and tests: the clock for handlers, CLI and the local dispatcher. */
  TEND_NOW: z.optional(z.iso.datetime({ offset: true })),
  /**
   * The SES configuration set Tend's sends go through (deployed): its event destination reports
   * bounces and complaints to the ses-feedback function. Absent locally: no feedback to route.
   */
  TEND_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** The web app's public base URL (SPEC 8): sign-in links point there. The local stack sets
   * it from TEND_WEB_PORT (local/env.ts); deployed, the function URL or custom domain. */
  TEND_WEB_URL: z.optional(z.url({ protocol: /^https?$/ })),
  /**
   * SES sends a second to pace the dispatcher to, instead of asking SES (GetAccount): the local
   * stack and the bench simulate an account's rate with it (SPEC 3, scale).
   */
  TEND_SES_RATE: z.optional(
    z
      .pipe(
        z.string().check(z.regex(/^\d+(\.\d+)?$/)),
        z.transform((v: string) => Number(v)),
      )
      .check(z.refine((n: number) => n > 0, 'must be a positive number of sends a second')),
  ),
  /** Reply-token secret given directly (local stack, tests)… */
  TEND_TOKEN_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** …or the name of the SSM SecureString parameter holding it (deployed). */
  TEND_TOKEN_SECRET_PARAM: z.optional(z.string().check(z.minLength(1))),
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
