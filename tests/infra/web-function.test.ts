import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BUNDLE_ENTRY_FILE, bundleFunction } from '../../infra/bundling';
import { localDynamoDbClient, type LocalServices, startLocalServices } from '../../local/services';
import { ensureTable } from '../../shared/adapters/dynamodb/table-definition';
import { createApp } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import { issueLoginLink } from '../../shared/use-cases/login-links';
import { registerUser } from '../../shared/use-cases/users';
import type { ProvidedLocalServices } from '../support/provided-context';

/**
 * The web app as it is deployed (issue 12): the bundle infra/bundling.ts builds for the web
 * function, loaded with the deployed environment in a process of its own, invoked with Lambda
 * function URL events (payload format 2.0, as documented in "Invoking Lambda function URLs")
 * against a real DynamoDB Local table. Checks what the function URL adds to `npm start`:
 * hono/aws-lambda's reading of the event, the https origin (Secure cookies, the CSRF Origin
 * check) and cookies answered in the `cookies` field.
 */

/** A function URL's host: <url-id>.lambda-url.<region>.on.aws. */
const URL_ID = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6';
const DOMAIN = `${URL_ID}.lambda-url.eu-west-1.on.aws`;
const ORIGIN = `https://${DOMAIN}`;

/** Where nothing listens (port 9, discard): a call to a service the web app must not use fails. */
const NOWHERE = 'http://127.0.0.1:9';

interface UrlRequest {
  cookies?: string[];
  headers?: Record<string, string>;
  /** A urlencoded form, sent base64-encoded as Lambda does for a non-text body. */
  form?: Record<string, string>;
}

/** A function URL request event (payload format 2.0) as Lambda sends it for AuthType NONE. */
function urlEvent(method: 'GET' | 'POST', rawPath: string, request: UrlRequest = {}) {
  const now = new Date();
  const body =
    request.form === undefined
      ? undefined
      : Buffer.from(new URLSearchParams(request.form).toString()).toString('base64');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath,
    rawQueryString: '',
    ...(request.cookies === undefined ? {} : { cookies: request.cookies }),
    headers: {
      host: DOMAIN,
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-forwarded-for': '203.0.113.7',
      'x-amzn-trace-id': `Root=1-${Math.floor(now.getTime() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
      accept: 'text/html',
      'user-agent': 'Mozilla/5.0',
      ...(body === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
      ...request.headers,
    },
    requestContext: {
      accountId: 'anonymous',
      apiId: URL_ID,
      domainName: DOMAIN,
      domainPrefix: URL_ID,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.7',
        userAgent: 'Mozilla/5.0',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: body !== undefined,
  };
}

/** What the handler answers a function URL with (payload format 2.0). */
interface UrlResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

/** Loads the bundle once (one cold start) and runs each event sent to it, in order. */
const DRIVER = `
const { handler } = await import(process.argv[2]);
process.on('message', async ({ id, event }) => {
  try {
    process.send({ id, result: await handler(event, {}) });
  } catch (error) {
    process.send({ id, error: String(error && error.stack ? error.stack : error) });
  }
});
process.send({ ready: typeof handler });
`;

let workDir: string;
let ownServices: LocalServices | undefined;
let child: ChildProcess;
let nextId = 0;
let token: string;

function invoke(event: ReturnType<typeof urlEvent>): Promise<UrlResult> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = (message: { id?: number; result?: UrlResult; error?: string }) => {
      if (message.id !== id) return;
      child.off('message', onMessage);
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(message.result as UrlResult);
    };
    child.on('message', onMessage);
    child.send({ id, event });
  });
}

const header = (result: UrlResult, name: string) =>
  Object.entries(result.headers).find(([key]) => key.toLowerCase() === name)?.[1];

beforeAll(async () => {
  // DynamoDB Local from tests/support/global-setup.ts; the infra tier (vitest.infra.config.ts)
  // has no global setup, so there the file starts one of its own (DynamoDB only).
  let provided = inject('localServices') as ProvidedLocalServices | undefined;
  if (provided === undefined) {
    ownServices = await startLocalServices({ external: { s3: NOWHERE, ses: NOWHERE } });
    provided = { endpoints: ownServices.endpoints, env: ownServices.env };
  }
  const table = `tend-web-function-${randomBytes(4).toString('hex')}`;
  const dynamodb = localDynamoDbClient(provided.endpoints.dynamodb);
  await ensureTable(dynamodb, table);

  // The variables the stack gives the web function (infra/stateless-stack.ts): the secret's
  // parameter name, never the secret; SSM, S3 and SES lead nowhere.
  const deployed = {
    TEND_TABLE: table,
    TEND_BUCKET: 'tend-mail',
    TEND_INBOUND_PREFIX: 'inbound/',
    TEND_INBOUND_DOMAIN: 'in.example.com',
    TEND_FROM: 'tend@example.com',
    TEND_TOKEN_SECRET_PARAM: '/TendStateless/reply-token-secret',
  };

  // A registered user and a sign-in link, as `login@` or `tend login-link` would issue it.
  const app = createApp(parseConfig(deployed), { dynamodb });
  const now = new Date();
  const user = await registerUser(
    app.users,
    { email: 'ada@example.com', timezone: 'Europe/London', also: [] },
    now,
  );
  const link = await issueLoginLink(app, user, `${ORIGIN}/`, now);
  token = new URL(link.url).pathname.split('/').at(-1) ?? '';

  // Outside the repository: no node_modules in reach, so the bundle must be complete.
  workDir = mkdtempSync(path.join(tmpdir(), 'tend-web-function-'));
  bundleFunction('web', path.join(workDir, 'bundle'));
  writeFileSync(path.join(workDir, 'driver.mjs'), DRIVER);
  child = fork(
    path.join(workDir, 'driver.mjs'),
    [path.join(workDir, 'bundle', BUNDLE_ENTRY_FILE)],
    {
      cwd: workDir,
      execArgv: [],
      env: {
        PATH: process.env.PATH ?? '',
        ...deployed,
        AWS_REGION: 'eu-west-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'example',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        POWERTOOLS_LOG_LEVEL: 'WARN',
        AWS_ENDPOINT_URL: NOWHERE,
        AWS_ENDPOINT_URL_DYNAMODB: provided.endpoints.dynamodb,
      },
    },
  );
  const ready = await new Promise<unknown>((resolve, reject) => {
    child.once('message', (message: { ready?: unknown }) => resolve(message.ready));
    child.once('exit', (code) => reject(new Error(`the bundle did not load (exit ${code})`)));
  });
  expect(ready).toBe('function');
}, 180_000);

afterAll(async () => {
  child?.kill();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
  await ownServices?.stop();
});

describe('the web function behind a function URL (payload format 2.0)', () => {
  it('sends a visitor without a session from / to the sign-in page', async () => {
    const result = await invoke(urlEvent('GET', '/'));
    expect(result.statusCode).toBe(303);
    expect(header(result, 'location')).toBe('/signin');
    expect(result.cookies ?? []).toEqual([]);
  });

  it('serves the sign-in page as HTML', async () => {
    const result = await invoke(urlEvent('GET', '/signin'));
    expect(result.statusCode).toBe(200);
    expect(header(result, 'content-type')).toMatch(/^text\/html/);
    expect(result.isBase64Encoded).toBe(false);
    expect(result.body).toContain('<h1>Sign in to Tend</h1>');
    expect(header(result, 'content-security-policy')).toContain("default-src 'none'");
  });

  it('refuses a sign-in form posted from another site', async () => {
    const result = await invoke(
      urlEvent('POST', '/login', {
        form: { token },
        headers: { origin: 'https://evil.example' },
      }),
    );
    expect(result.statusCode).toBe(403);
    expect(result.cookies ?? []).toEqual([]);
  });

  it('signs in with an emailed link: the GET shows a button, the POST sets a Secure session cookie', async () => {
    const page = await invoke(urlEvent('GET', `/login/${token}`));
    expect(page.statusCode).toBe(200);
    expect(header(page, 'cache-control')).toBe('no-store');
    expect(page.body).toContain(`value="${token}"`);

    // The form posts to its own origin, the function URL's https one.
    const signIn = await invoke(
      urlEvent('POST', '/login', { form: { token }, headers: { origin: ORIGIN } }),
    );
    expect(signIn.statusCode).toBe(303);
    expect(header(signIn, 'location')).toBe('/today');
    const [cookie, ...others] = signIn.cookies ?? [];
    expect(others).toEqual([]);
    expect(cookie).toMatch(/^tend_session=[^;]+;/);
    const attributes = (cookie ?? '').split(/;\s*/).slice(1);
    expect(attributes).toEqual(
      expect.arrayContaining(['Path=/', 'HttpOnly', 'Secure', 'SameSite=Lax']),
    );
    expect(attributes).toContain(`Max-Age=${30 * 86_400}`);
    // Answered in the `cookies` field, which Lambda turns into Set-Cookie headers.
    expect(header(signIn, 'set-cookie')).toBeUndefined();

    // The browser sends it back in the event's `cookies`: the session is read from the table.
    const session = (cookie ?? '').split(';')[0] ?? '';
    const home = await invoke(urlEvent('GET', '/', { cookies: [session] }));
    expect(home.statusCode).toBe(303);
    expect(header(home, 'location')).toBe('/today');
    const today = await invoke(urlEvent('GET', '/today', { cookies: [session] }));
    expect(today.statusCode).toBe(200);
    expect(today.body).toContain('ada@example.com');

    // A link works once.
    const again = await invoke(
      urlEvent('POST', '/login', { form: { token }, headers: { origin: ORIGIN } }),
    );
    expect(again.statusCode).toBe(400);
    expect(again.cookies ?? []).toEqual([]);
  });
});
