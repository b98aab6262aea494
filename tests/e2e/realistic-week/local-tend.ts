import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { runCli } from '../../../functions/cli/run';
import { type InboundSmtp, startInboundSmtp } from '../../../local/inbound-smtp';
import { sesStore, type SesStoredEmail } from '../../../local/services';
import { createApp } from '../../../shared/app';
import { parseConfig } from '../../../shared/config';
import { receiptOf, sesEventSchema } from '../../../shared/events/ses-event';
import { ingestDeps } from '../../../shared/use-cases/ingest-deps';
import { ingestEmail, type IngestOutcome } from '../../../shared/use-cases/ingest-email';
import { createTestContext, type TestContext } from '../../support/test-context';

/**
 * Tend on this machine the way `npm start` wires it (local/stack.ts): the SMTP stand-in for SES
 * inbound stores each message in the local S3 and hands an SES receipt event to the ingest use
 * case; the dispatcher is `tend tick --now …`; the CLI is the real program. One difference: the
 * clock is the test's, so a week passes in seconds (`npm start` pins it with TEND_NOW).
 * Every email this Tend sends is told apart in the shared local SES by a From of its own.
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** A spawned `tend` starts in a fraction of a second; a machine busy with other suites is slower. */
const CLI_PROCESS_TIMEOUT_MS = 60_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface Delivery {
  /** What SMTP answered for each envelope recipient at the inbound domain. */
  accepted: string[];
  /** The ingest outcome of each message the stand-in received. */
  outcomes: IngestOutcome[];
}

export interface LocalTend {
  ctx: TestContext;
  domain: string;
  /** The From of every email this Tend sends. */
  from: string;
  now(): Date;
  setNow(iso: string): void;
  /** Hands a raw message to the SMTP stand-in, as the sender's mail server relays it to Tend's MX. */
  deliver(raw: Buffer, envelope: { from: string; to: string[] }): Promise<Delivery>;
  /** `tend ARGS…` in this process (functions/cli/run.ts, the binary's program), at the clock's time. */
  tend(args: string[]): Promise<CliResult>;
  /** `tend ARGS…` as `npx tend` runs it (node bin/tend.mjs), at the clock's time. */
  tendProcess(args: string[]): Promise<CliResult>;
  /** Every email this Tend has sent so far, oldest first. */
  sent(): Promise<SesStoredEmail[]>;
  /** Every email local SES accepted since this Tend started, whoever sent it. */
  sesSinceStart(): Promise<SesStoredEmail[]>;
  stop(): Promise<void>;
}

/** The environment of a CLI run: this machine's PATH and HOME, none of its AWS_* or TEND_*. */
function cliBaseEnv(): Record<string, string> {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env))
    if (value !== undefined && !key.startsWith('AWS_') && !key.startsWith('TEND_'))
      base[key] = value;
  return base;
}

export async function startLocalTend(startAt: string): Promise<LocalTend> {
  const from = `tend-week-${randomBytes(4).toString('hex')}@in.tend.localhost`;
  // Local SES keeps what every test file sent (real epoch seconds): read from our start on.
  const since = Math.floor(Date.now() / 1000) - 1;
  const ctx = await createTestContext({ name: 'realistic-week', env: { TEND_FROM: from } });
  ctx.applyEnv();
  let clock = new Date(startAt);
  const app = createApp(parseConfig(ctx.env), { clock: { now: () => clock } });
  const deps = ingestDeps(app);

  let outcomes: IngestOutcome[] = [];
  let failure: unknown;
  const smtp: InboundSmtp = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    domain: ctx.domain,
    s3: ctx.s3,
    bucket: ctx.bucket,
    prefix: ctx.prefix,
    now: () => clock,
    // What functions/ingest/handler.ts does with the event, on this clock.
    deliver: async (event) => {
      for (const record of sesEventSchema.parse(event).Records)
        outcomes.push(await ingestEmail(deps, receiptOf(record, ctx.prefix)));
    },
    onError: (error) => {
      failure = error;
    },
  });
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
  });

  const cliEnv = () => ({ ...cliBaseEnv(), ...ctx.env, TEND_NOW: clock.toISOString() });

  return {
    ctx,
    domain: ctx.domain,
    from,
    now: () => clock,
    setNow(iso) {
      clock = new Date(iso);
    },
    async deliver(raw, envelope) {
      outcomes = [];
      failure = undefined;
      const info = await transport.sendMail({ envelope, raw });
      if (failure) throw failure as Error;
      return { accepted: info.accepted.map(String), outcomes };
    },
    async tend(args) {
      let stdout = '';
      let stderr = '';
      const code = await runCli(args, {
        env: cliEnv(),
        out: (text) => (stdout += text),
        err: (text) => (stderr += text),
      });
      return { code, stdout, stderr };
    },
    tendProcess(args) {
      return new Promise((resolve) => {
        execFile(
          process.execPath,
          ['bin/tend.mjs', ...args],
          { cwd: ROOT, env: cliEnv(), timeout: CLI_PROCESS_TIMEOUT_MS },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
      });
    },
    async sent() {
      return (await sesStore(ctx.endpoints.ses, since)).filter((e) => e.from.includes(from));
    },
    sesSinceStart: () => sesStore(ctx.endpoints.ses, since),
    async stop() {
      transport.close();
      await smtp.close();
    },
  };
}
