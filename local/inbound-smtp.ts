import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { simpleParser, type AddressObject } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { MAX_MESSAGE_BYTES } from '../shared/domain/limits';

/**
 * The local stand-in for SES inbound (SPEC 6): an SMTP server that, like a receipt rule with an
 * S3 action then a Lambda action, stores each raw message at `prefix + messageId` and hands an
 * SES receipt event of the real shape to `deliver` (the ingest handler).
 */

/** SES inbound refuses messages over 40 MB (SES quotas: "maximum message size, including attachments"). */
export const SES_MAX_MESSAGE_BYTES = MAX_MESSAGE_BYTES;

/** The function a local receipt rule "invokes"; the account id is the conventional local one. */
export const LOCAL_INGEST_FUNCTION_ARN =
  'arn:aws:lambda:us-east-1:000000000000:function:tend-ingest-local';

/** How long close() lets an open SMTP session finish before cutting it. */
const CLOSE_TIMEOUT_MS = 1_000;

/** Length of an SES inbound message id (they look like `o3vrnil0e2ic28trm7dfhrc2v0clambda4nbp0g01`). */
const SES_MESSAGE_ID_LENGTH = 40;

export interface SesVerdict {
  status: 'PASS' | 'FAIL' | 'GRAY' | 'PROCESSING_FAILED' | 'DISABLED';
}

export interface SesCommonHeaders {
  returnPath: string;
  from?: string[];
  date?: string;
  to?: string[];
  cc?: string[];
  messageId?: string;
  subject?: string;
}

/** The SES receipt event a Lambda action receives (see ../shared/corpus/events/awsdocs/lambda-action-event.json). */
export interface SesReceiptEvent {
  Records: Array<{
    eventSource: 'aws:ses';
    eventVersion: '1.0';
    ses: {
      mail: {
        timestamp: string;
        source: string;
        messageId: string;
        destination: string[];
        headersTruncated: boolean;
        headers: Array<{ name: string; value: string }>;
        commonHeaders: SesCommonHeaders;
      };
      receipt: {
        timestamp: string;
        processingTimeMillis: number;
        recipients: string[];
        spamVerdict: SesVerdict;
        virusVerdict: SesVerdict;
        spfVerdict: SesVerdict;
        dkimVerdict: SesVerdict;
        dmarcVerdict: SesVerdict;
        action: { type: 'Lambda'; functionArn: string; invocationType: 'Event' };
      };
    };
  }>;
}

export interface InboundSmtpOptions {
  port: number;
  /** Loopback only: this server trusts everything it receives (verdicts PASS). */
  host?: string;
  /** The inbound domain: any other recipient is refused at RCPT with 550. */
  domain: string;
  s3: S3Client;
  bucket: string;
  prefix: string;
  deliver: (event: SesReceiptEvent) => Promise<void>;
  now?: () => Date;
  /** Defaults to the SES limit; tests lower it to stay fast. */
  maxMessageBytes?: number;
  /** Where delivery failures are reported (the client only sees 451). */
  onError?: (error: unknown, context: { messageId?: string }) => void;
}

export interface InboundSmtp {
  port: number;
  close(): Promise<void>;
}

/** An error smtp-server turns into a reply with this code. */
export class SmtpReplyError extends Error {
  override name = 'SmtpReplyError';
  constructor(
    readonly responseCode: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export function isLoopbackAddress(address: string): boolean {
  const a = address
    .trim()
    .toLowerCase()
    .replace(/^::ffff:/, '');
  if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}

/** The onConnect rule: only this machine may hand mail to the local inbound server. */
export function refuseNonLoopback(
  session: Pick<SMTPServerSession, 'remoteAddress'>,
  callback: (err?: Error | null) => void,
): void {
  if (isLoopbackAddress(session.remoteAddress)) return callback();
  callback(
    new SmtpReplyError(
      554,
      'Connection refused: the local inbound server accepts loopback connections only',
    ),
  );
}

/** True for `anything@DOMAIN` (case-insensitive), the only mail a receipt rule for DOMAIN receives. */
export function isInboundRecipient(address: string, domain: string): boolean {
  const at = address.lastIndexOf('@');
  return at > 0 && address.slice(at + 1).toLowerCase() === domain.toLowerCase();
}

/** A random id of the shape SES gives inbound messages (also the S3 object name). */
export function sesMessageId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(SES_MESSAGE_ID_LENGTH);
  let id = '';
  for (const b of bytes) id += alphabet[b % alphabet.length];
  return id;
}

export interface ReceiptInput {
  raw: Buffer;
  messageId: string;
  /** Envelope MAIL FROM ('' for the null sender `<>`). */
  mailFrom: string;
  /** Envelope RCPT TOs. */
  rcptTo: string[];
  receivedAt: Date;
  processingTimeMillis: number;
}

/** Builds the SES receipt event for one stored message, headers parsed with mailparser. */
export async function buildSesReceiptEvent(input: ReceiptInput): Promise<SesReceiptEvent> {
  const head = headerSection(input.raw);
  const parsed = await simpleParser(head, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const headers = parsed.headerLines.map(({ line }) => {
    const colon = line.indexOf(':');
    const name = colon >= 0 ? line.slice(0, colon) : line;
    const value = colon >= 0 ? line.slice(colon + 1) : '';
    return { name: name.trim(), value: value.replace(/\r?\n[ \t]+/g, ' ').trim() };
  });
  const header = (name: string) => headers.find((h) => h.name.toLowerCase() === name)?.value;

  const returnPathHeader = header('return-path')?.replace(/^<|>$/g, '');
  const commonHeaders: SesCommonHeaders = { returnPath: returnPathHeader ?? input.mailFrom };
  const from = formatAddresses(parsed.from);
  if (from) commonHeaders.from = from;
  const date = header('date');
  if (date !== undefined) commonHeaders.date = date;
  const to = formatAddresses(parsed.to);
  if (to) commonHeaders.to = to;
  const cc = formatAddresses(parsed.cc);
  if (cc) commonHeaders.cc = cc;
  const messageId = header('message-id');
  if (messageId !== undefined) commonHeaders.messageId = messageId;
  if (parsed.subject !== undefined) commonHeaders.subject = parsed.subject;

  const timestamp = input.receivedAt.toISOString();
  const pass: SesVerdict = { status: 'PASS' };
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: {
            timestamp,
            source: input.mailFrom,
            messageId: input.messageId,
            destination: input.rcptTo,
            headersTruncated: false,
            headers,
            commonHeaders,
          },
          receipt: {
            timestamp,
            processingTimeMillis: input.processingTimeMillis,
            recipients: input.rcptTo,
            // Locally every check passes: the server only accepts mail from this machine.
            spamVerdict: { ...pass },
            virusVerdict: { ...pass },
            spfVerdict: { ...pass },
            dkimVerdict: { ...pass },
            dmarcVerdict: { ...pass },
            action: {
              type: 'Lambda',
              functionArn: LOCAL_INGEST_FUNCTION_ARN,
              invocationType: 'Event',
            },
          },
        },
      },
    ],
  };
}

/** The header block only: commonHeaders need nothing else, and a 40 MB body need not be parsed. */
function headerSection(raw: Buffer): Buffer {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  const ends = [crlf >= 0 ? crlf + 4 : -1, lf >= 0 ? lf + 2 : -1].filter((i) => i >= 0);
  return ends.length ? raw.subarray(0, Math.min(...ends)) : raw;
}

/** Addresses as SES lists them: `"Name" <address>` or a bare address, one string each. */
function formatAddresses(field: AddressObject | AddressObject[] | undefined): string[] | undefined {
  if (!field) return undefined;
  const out: string[] = [];
  const visit = (entries: AddressObject['value']) => {
    for (const e of entries) {
      if (e.group) visit(e.group);
      else if (e.address) out.push(e.name ? `${quoteName(e.name)} <${e.address}>` : e.address);
    }
  };
  for (const o of Array.isArray(field) ? field : [field]) visit(o.value);
  return out.length ? out : undefined;
}

function quoteName(name: string): string {
  return /[()<>[\]:;@\\,."]/.test(name) ? `"${name.replace(/(["\\])/g, '\\$1')}"` : name;
}

export async function startInboundSmtp(options: InboundSmtpOptions): Promise<InboundSmtp> {
  const now = options.now ?? (() => new Date());
  const limit = options.maxMessageBytes ?? SES_MAX_MESSAGE_BYTES;

  const server = new SMTPServer({
    // No TLS or AUTH locally: loopback only, and mail clients must not be prompted for either.
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    hideSTARTTLS: true,
    disableReverseLookup: true,
    logger: false,
    banner: 'Tend local inbound (stand-in for SES)',
    size: limit,
    rejectOversized: true,
    closeTimeout: CLOSE_TIMEOUT_MS,
    onConnect: refuseNonLoopback,
    onMailFrom(address: SMTPServerAddress, _session, callback) {
      const declared = address.args ? address.args.SIZE : undefined;
      if (typeof declared === 'string' && Number(declared) > limit) {
        return callback(
          new SmtpReplyError(552, `Message size exceeds fixed maximum message size ${limit}`),
        );
      }
      callback();
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (!isInboundRecipient(address.address, options.domain)) {
        return callback(
          new SmtpReplyError(
            550,
            `Mailbox unavailable: this server only receives mail for @${options.domain}`,
          ),
        );
      }
      callback();
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      const started = Date.now();
      const receivedAt = now();
      const chunks: Buffer[] = [];
      let length = 0;
      stream.on('data', (chunk: Buffer) => {
        length += chunk.length;
        // Past the limit the message is refused anyway: stop holding it in memory.
        if (length <= limit) chunks.push(chunk);
      });
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if (stream.sizeExceeded || length > limit) {
          return callback(
            new SmtpReplyError(552, `Message size exceeds fixed maximum message size ${limit}`),
          );
        }
        const messageId = sesMessageId();
        const raw = Buffer.concat(chunks, length);
        const { mailFrom, rcptTo } = session.envelope;
        receive(
          {
            raw,
            messageId,
            mailFrom: mailFrom ? mailFrom.address : '',
            rcptTo: rcptTo.map((r) => r.address),
            receivedAt,
            processingTimeMillis: 0,
          },
          started,
        ).then(
          () => callback(null, `Ok ${messageId}`),
          (error: unknown) => {
            options.onError?.(error, { messageId });
            // 451: a temporary failure, so the client keeps the message and tries again.
            callback(
              new SmtpReplyError(451, 'Temporary local ingest failure, try again later', {
                cause: error,
              }),
            );
          },
        );
      });
    },
  });

  async function receive(input: ReceiptInput, started: number): Promise<void> {
    await options.s3.send(
      new PutObjectCommand({
        Bucket: options.bucket,
        Key: `${options.prefix}${input.messageId}`,
        Body: input.raw,
        ContentLength: input.raw.length,
      }),
    );
    const event = await buildSesReceiptEvent({
      ...input,
      processingTimeMillis: Date.now() - started,
    });
    await options.deliver(event);
  }

  await new Promise<void>((resolve, reject) => {
    const onListenError = (error: Error) => reject(error);
    server.once('error', onListenError);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', onListenError);
      resolve();
    });
  });
  // Connection-level errors (a client hanging up mid-session) must not crash the stack.
  server.on('error', (error) => options.onError?.(error, {}));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
