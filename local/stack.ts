/**
 * `npm start`: Tend on one machine (SPEC 6). DynamoDB Local, s3rver and aws-ses-v2-local on the
 * documented ports, an SMTP server standing in for SES inbound (raw mail to S3, then the ingest
 * handler with an SES receipt event), and the dispatch handler every minute. Ctrl-C or SIGTERM
 * stops everything, the Java child included. A service named by TEND_*_ENDPOINT is already
 * running: it is used (table and bucket created if missing), not started, and its port not checked.
 */
import { DUE_SHARDS } from '../shared/keys';
import { ensureTable } from '../shared/adapters/dynamodb/table-definition';
import {
  assertPortFree,
  ensureBucket,
  localDynamoDbClient,
  localS3Client,
  type LocalServices,
  PortInUseError,
  startLocalServices,
} from './services';
import type { ServerType } from '@hono/node-server';
import type { Config } from '../shared/config';
import { type InboundSmtp, startInboundSmtp } from './inbound-smtp';
import {
  ENDPOINT_VARIABLES,
  type ExternalEndpoints,
  type ExternalService,
  externalEndpoints,
  LOCAL_HOST,
  type LocalPorts,
  localEnv,
  localPorts,
  PORT_VARIABLES,
} from './env';

/** SPEC 6: the local dispatcher runs every minute (deployed, every 5). */
const DISPATCH_INTERVAL_MS = 60_000;
/** How long shutdown waits for a dispatch run in flight before stopping the services under it. */
const DISPATCH_DRAIN_MS = 10_000;

/** A second signal this long after the first forces the exit. */
const FORCE_STOP_AFTER_MS = 2_000;
/** How often to check that whoever started us (npm, a shell, a test) is still there. */
const ORPHAN_CHECK_MS = 1_000;

/** The e2e test waits for this line. */
const READY_LINE = 'Tend local stack ready';

class LocalStackError extends Error {
  override name = 'LocalStackError';
}

async function main(): Promise<void> {
  if (process.env.TEND_TARGET === 'aws') {
    throw new LocalStackError('npm start runs Tend locally: unset TEND_TARGET (it is "aws")');
  }
  Object.assign(process.env, localEnv(process.env));
  const ports = localPorts(process.env);
  const external = externalEndpoints(process.env);
  await assertPortsFree(ports, external);

  // Configuration is read once; load it (and the handlers) only now that the environment is set.
  const { config } = await import('../shared/config');
  const cfg = config();
  const dataDir = process.env.TEND_DATA_DIR ?? '.tend/';

  // What is running so far: shutdown may come before everything has started.
  const running: {
    services?: LocalServices;
    smtp?: InboundSmtp;
    web?: ServerType;
    dispatchTimer?: NodeJS.Timeout;
  } = {};
  let dispatchRun: Promise<void> | undefined;
  let stopping = false;
  let stoppingSince = 0;

  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stoppingSince = Date.now();
    log(`stopping (${reason})…`);
    if (running.dispatchTimer) clearInterval(running.dispatchTimer);
    if (dispatchRun) await Promise.race([dispatchRun, sleep(DISPATCH_DRAIN_MS)]);
    running.web?.close();
    await running.smtp?.close().catch((e: unknown) => log(`smtp close failed: ${String(e)}`));
    await running.services?.stop().catch((e: unknown) => log(`services stop failed: ${String(e)}`));
    log('stopped');
    process.exit(exitCode);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (!stopping) return void shutdown(signal, 0);
      // Ctrl-C reaches us twice (from the terminal and relayed by a wrapper such as tsx):
      // only a later, deliberate second signal means "stop waiting" (Java still gets SIGTERM).
      if (Date.now() - stoppingSince > FORCE_STOP_AFTER_MS) process.exit(130);
    });
  }

  // `npm start` runs us under `sh -c`; a SIGTERM to npm kills the shell but not us. Orphaned
  // (re-parented), we stop, rather than leave DynamoDB Local and the ports held.
  const parentPid = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentPid) void shutdown('parent process exited', 0);
  }, ORPHAN_CHECK_MS).unref();

  running.web = await startWebApp(ports.web, cfg);

  const services = await startLocalServices({
    dataDir,
    ports: { dynamodb: ports.dynamodb, s3: ports.s3, ses: ports.ses },
    external,
  });
  running.services = services;
  const { endpoints } = services;

  await onService(external, 'dynamodb', `create table ${cfg.TEND_TABLE}`, () =>
    ensureTable(localDynamoDbClient(endpoints.dynamodb), cfg.TEND_TABLE),
  );
  await onService(external, 's3', `create bucket ${cfg.TEND_BUCKET}`, () =>
    ensureBucket(localS3Client(endpoints.s3), cfg.TEND_BUCKET),
  );

  const ingest = await import('../functions/ingest/handler');
  const dispatch = await import('../functions/dispatch/handler');

  const tendNow = process.env.TEND_NOW;
  const smtp = await startInboundSmtp({
    port: ports.smtp,
    host: '127.0.0.1',
    domain: cfg.TEND_INBOUND_DOMAIN,
    s3: localS3Client(endpoints.s3),
    bucket: cfg.TEND_BUCKET,
    prefix: cfg.TEND_INBOUND_PREFIX,
    // SES stamps the receipt time; with TEND_NOW the whole stack lives at that moment.
    now: tendNow ? () => new Date(tendNow) : () => new Date(),
    deliver: async (event) => {
      await ingest.handler(event);
    },
    onError: (error, context) => {
      log(
        `inbound delivery failed, answered 451${context.messageId ? ` (${context.messageId})` : ''}: ${explain(error)}`,
      );
    },
  });

  const runDispatch = () => {
    if (dispatchRun || stopping) return; // the previous run is still going
    // As the deployed schedule does it: one invocation per due-work shard at once, each with a
    // Lambda-like deadline of one interval.
    const end = Date.now() + DISPATCH_INTERVAL_MS;
    const context = { getRemainingTimeInMillis: () => end - Date.now() };
    dispatchRun = Promise.all(
      Array.from({ length: DUE_SHARDS }, (_, shard) => dispatch.handler({ shard }, context)),
    )
      .then(() => undefined)
      .catch((error: unknown) =>
        log(`dispatch failed (will run again in a minute): ${explain(error)}`),
      )
      .finally(() => {
        dispatchRun = undefined;
      });
  };
  running.smtp = smtp;
  running.dispatchTimer = setInterval(runDispatch, DISPATCH_INTERVAL_MS);

  const domain = cfg.TEND_INBOUND_DOMAIN;
  // An external service is whatever runs there: promise no viewer, just say it was not ours.
  const notes = (service: ExternalService, note: string) =>
    external[service] ? `(already running; ${note})` : `(${note})`;
  process.stdout.write(
    [
      '',
      `  inbound SMTP   smtp://127.0.0.1:${smtp.port}   (mail for @${domain})`,
      external.ses
        ? `  SES            ${endpoints.ses}   (already running)`
        : `  SES viewer     ${endpoints.ses}/   (emails Tend sends; GET /store)`,
      `  web app        ${cfg.TEND_WEB_URL ?? `http://${LOCAL_HOST}:${ports.web}`}/   (sign in: npx tend login-link)`,
      `  DynamoDB       ${endpoints.dynamodb}   ${notes('dynamodb', `table ${cfg.TEND_TABLE}`)}`,
      `  S3             ${endpoints.s3}   ${notes('s3', `bucket ${cfg.TEND_BUCKET}`)}`,
      `  data           ${dataDir}`,
      `  clock          ${tendNow ?? 'real time'}; dispatcher every minute`,
      '',
      `  try: npx tend users add you@example.com, then send an email from you@example.com with Bcc log@${domain} through 127.0.0.1:${smtp.port}, then npx tend contacts list`,
      '',
      `${READY_LINE} (Ctrl-C to stop)`,
      '',
    ].join('\n'),
  );
  runDispatch();
}

/**
 * The web app (SPEC 8) on 127.0.0.1 only, with its own set of adapters. Started before the other
 * services so that a taken port fails at once; pages answer once the table exists.
 */
async function startWebApp(port: number, cfg: Config): Promise<ServerType> {
  const [{ serve }, { createWebApp }, { createApp }] = await Promise.all([
    import('@hono/node-server'),
    import('../functions/web/app'),
    import('../shared/app'),
  ]);
  const web = createWebApp(createApp(cfg));
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: web.fetch, port, hostname: LOCAL_HOST }, () => resolve(server));
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStackError(
              `port ${port} (web) is already in use: is another \`npm start\` running? ` +
                `Otherwise set ${PORT_VARIABLES.web} to a free port.`,
              { cause: error },
            )
          : error,
      );
    });
  });
}

/** The ports of the services to start: an external service's port is none of our business. */
async function assertPortsFree(ports: LocalPorts, external: ExternalEndpoints): Promise<void> {
  for (const service of Object.keys(ports) as Array<keyof LocalPorts>) {
    // The web app's port is taken by listening on it (startWebApp), the first thing started.
    if (service === 'web') continue;
    if (service !== 'smtp' && external[service]) continue;
    try {
      await assertPortFree(service, ports[service]);
    } catch (error) {
      if (!(error instanceof PortInUseError)) throw error;
      throw new LocalStackError(
        `port ${ports[service]} (${service}) is already in use: is another \`npm start\` running? ` +
          `Otherwise set ${PORT_VARIABLES[service]} to a free port.`,
        { cause: error },
      );
    }
  }
}

/** Runs `work` against a service; if that one is external, a failure names its variable. */
async function onService(
  external: ExternalEndpoints,
  service: ExternalService,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  const url = external[service];
  if (!url) return work();
  try {
    await work();
  } catch (error) {
    throw new LocalStackError(
      `could not ${what} on ${url} (${ENDPOINT_VARIABLES[service]}): is the service running there? ${explain(error)}`,
      { cause: error },
    );
  }
}

function log(message: string): void {
  process.stderr.write(`[tend local] ${message}\n`);
}

function explain(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

main().catch((error: unknown) => {
  log(explain(error));
  // Services already started are torn down by exit: the Java child by the exit hook.
  process.exit(1);
});
