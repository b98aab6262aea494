import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The environment for running Tend on one machine (SPEC 6), shared by `npm start` and the CLI,
 * so both reach the same local services and the same table.
 */

/** SPEC 6: the documented default port of each local service. */
export const DEFAULT_LOCAL_PORTS = {
  smtp: 2525,
  ses: 8005,
  dynamodb: 8000,
  s3: 4569,
  web: 8080,
} as const;

export type LocalService = keyof typeof DEFAULT_LOCAL_PORTS;
export type LocalPorts = Record<LocalService, number>;

/** The variable that overrides each port: named in every "port in use" error. */
export const PORT_VARIABLES: Record<LocalService, string> = {
  smtp: 'TEND_SMTP_PORT',
  ses: 'TEND_SES_PORT',
  dynamodb: 'TEND_DYNAMODB_PORT',
  s3: 'TEND_S3_PORT',
  web: 'TEND_WEB_PORT',
};

/** The services `npm start` can leave to one already running elsewhere (SPEC 6); SMTP and the
 * web app it always runs. */
export type ExternalService = Exclude<LocalService, 'smtp' | 'web'>;
export type ExternalEndpoints = Partial<Record<ExternalService, string>>;

/** The variable that names an already-running service's URL, for each service that can have one. */
export const ENDPOINT_VARIABLES: Record<ExternalService, string> = {
  dynamodb: 'TEND_DYNAMODB_ENDPOINT',
  s3: 'TEND_S3_ENDPOINT',
  ses: 'TEND_SES_ENDPOINT',
};

export const DEFAULT_DATA_DIR = '.tend/';
export const LOCAL_REGION = 'us-east-1';
/** DynamoDB Local, s3rver and aws-ses-v2-local accept any credentials; the SDK insists on some. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_HOST = '127.0.0.1';

export interface ServiceEndpoints {
  dynamodb: string;
  s3: string;
  ses: string;
}

/** The variables that point the AWS SDK at these endpoints, with the local region and credentials. */
export function sdkEnv(endpoints: ServiceEndpoints, region = LOCAL_REGION): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    AWS_ENDPOINT_URL_SESV2: endpoints.ses,
    // aws-ses-v2-local serves the v1 API too; set it so a v1 client cannot reach real SES.
    AWS_ENDPOINT_URL_SES: endpoints.ses,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
}
/** 32 random bytes: the reply-token HMAC key (SPEC 4) for this machine's data directory. */
const TOKEN_SECRET_BYTES = 32;
const TOKEN_SECRET_FILE = 'token-secret';

export class LocalEnvError extends Error {
  override name = 'LocalEnvError';
}

type Env = Record<string, string | undefined>;

/** The ports, from the TEND_*_PORT variables or the defaults; a bad value names its variable. */
export function localPorts(base: Env = process.env): LocalPorts {
  const ports = {} as LocalPorts;
  for (const service of Object.keys(DEFAULT_LOCAL_PORTS) as LocalService[]) {
    const variable = PORT_VARIABLES[service];
    const raw = base[variable]?.trim();
    if (raw === undefined || raw === '') {
      ports[service] = DEFAULT_LOCAL_PORTS[service];
      continue;
    }
    const port = Number(raw);
    if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
      throw new LocalEnvError(`${variable} must be a port number (1-65535), got "${raw}"`);
    }
    ports[service] = port;
  }
  return ports;
}

/**
 * The already-running services named by the TEND_*_ENDPOINT variables (unset or empty: none);
 * a value that is not an http(s) URL names its variable.
 */
export function externalEndpoints(base: Env = process.env): ExternalEndpoints {
  const endpoints: ExternalEndpoints = {};
  for (const service of Object.keys(ENDPOINT_VARIABLES) as ExternalService[]) {
    const variable = ENDPOINT_VARIABLES[service];
    const raw = base[variable]?.trim();
    if (raw === undefined || raw === '') continue;
    if (!URL.canParse(raw) || !['http:', 'https:'].includes(new URL(raw).protocol)) {
      throw new LocalEnvError(
        `${variable} must be an http(s) URL such as http://127.0.0.1:8000, got "${raw}"`,
      );
    }
    endpoints[service] = raw;
  }
  return endpoints;
}

/**
 * The environment to run Tend against the local stack: `base` plus the AWS endpoint variables,
 * region, dummy credentials, data directory and token secret, each only where `base` has none
 * (a TEND_*_ENDPOINT, though, always sets its service's endpoint variables).
 * With `TEND_TARGET=aws` it changes nothing: the CLI then talks to a deployed stack.
 */
export function localEnv(base: Env = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  if (env.TEND_TARGET === 'aws') return env;

  const ports = localPorts(env);
  const url = (port: number) => `http://${LOCAL_HOST}:${port}`;
  const defaults: Record<string, string> = {
    ...sdkEnv(
      { dynamodb: url(ports.dynamodb), s3: url(ports.s3), ses: url(ports.ses) },
      env.AWS_DEFAULT_REGION ?? LOCAL_REGION,
    ),
    // The SDK's notice that it will need Node 22 in 2027 is for maintainers, not every local run.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  for (const [key, value] of Object.entries(defaults)) if (!env[key]) env[key] = value;

  // A TEND_*_ENDPOINT names the service to use outright: it wins over any AWS_ENDPOINT_URL_*.
  const external = externalEndpoints(env);
  if (external.dynamodb) env.AWS_ENDPOINT_URL_DYNAMODB = external.dynamodb;
  if (external.s3) env.AWS_ENDPOINT_URL_S3 = external.s3;
  if (external.ses) {
    env.AWS_ENDPOINT_URL_SESV2 = external.ses;
    env.AWS_ENDPOINT_URL_SES = external.ses;
  }

  // Local SES has no account to ask its rate of: the dispatcher paces itself to this one.
  env.TEND_SES_RATE ||= String(LOCAL_SES_RATE);

  // Sign-in links (`tend login-link`) point at the web app `npm start` serves.
  env.TEND_WEB_URL ||= url(ports.web);

  // Absolute, so the CLI run from another directory still finds the same data.
  const dataDir = resolve(env.TEND_DATA_DIR || DEFAULT_DATA_DIR);
  env.TEND_DATA_DIR = dataDir;
  if (!env.TEND_TOKEN_SECRET) env.TEND_TOKEN_SECRET = readOrCreateTokenSecret(dataDir);
  return env;
}

/**
 * Sends a second the local dispatcher paces itself to, unless TEND_SES_RATE says otherwise: the
 * rate SES gives an account when it leaves the sandbox
 * (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas.html).
 */
export const LOCAL_SES_RATE = 14;

/** The token secret kept in the data directory, created (owner-only) the first time. */
export function readOrCreateTokenSecret(dataDir: string): string {
  const file = join(dataDir, TOKEN_SECRET_FILE);
  const existing = tryRead(file);
  if (existing) return existing;
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(TOKEN_SECRET_BYTES).toString('hex');
  try {
    // 'wx': if `npm start` and the CLI race to create it, the loser reads the winner's secret.
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = tryRead(file);
    if (!winner) throw new LocalEnvError(`${file} exists but is empty`, { cause: error });
    return winner;
  }
}

function tryRead(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
