import { connect } from 'node:net';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  isInboundRecipient,
  isLoopbackAddress,
  LOCAL_INGEST_FUNCTION_ARN,
  refuseNonLoopback,
  SES_MAX_MESSAGE_BYTES,
  type InboundSmtp,
  type SesReceiptEvent,
  startInboundSmtp,
} from '../../local/inbound-smtp';
import { sesEventSchema } from '../../shared/events/ses-event';
import { createTestContext, type TestContext } from '../support/test-context';

const DOMAIN = 'in.tend.localhost';
/** Small enough to exceed quickly in a test; the real default is checked separately. */
const SMALL_LIMIT = 64 * 1024;

let ctx: TestContext;
let server: InboundSmtp;
let small: InboundSmtp;
const delivered: SesReceiptEvent[] = [];
let failDelivery: Error | undefined;

beforeAll(async () => {
  ctx = await createTestContext({ name: 'inbound-smtp' });
  const common = {
    port: 0,
    host: '127.0.0.1',
    domain: DOMAIN,
    s3: ctx.s3,
    bucket: ctx.bucket,
    prefix: ctx.prefix,
    deliver: async (event: SesReceiptEvent) => {
      if (failDelivery) throw failDelivery;
      delivered.push(event);
    },
  };
  server = await startInboundSmtp({ ...common, now: () => new Date('2025-03-04T05:06:07.000Z') });
  small = await startInboundSmtp({ ...common, maxMessageBytes: SMALL_LIMIT });
});

afterAll(async () => {
  await server?.close();
  await small?.close();
});

beforeEach(() => {
  delivered.length = 0;
  failDelivery = undefined;
});

function transport(port: number) {
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
}

async function compose(options: ConstructorParameters<typeof MailComposer>[0]): Promise<Buffer> {
  return new MailComposer(options).compile().build();
}

async function storedBytes(key: string): Promise<Buffer> {
  const out = await ctx.s3.send(new GetObjectCommand({ Bucket: ctx.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

function only<T>(items: T[]): T {
  expect(items).toHaveLength(1);
  return items[0]!;
}

describe('inbound SMTP (local stand-in for SES inbound)', () => {
  it('stores the exact bytes under prefix + messageId and delivers an SES receipt event of the real shape', async () => {
    const raw = await compose({
      from: 'Me Myself <me@example.com>',
      to: 'Ana Example <ana@example.org>',
      cc: 'bo@example.net',
      subject: 'Coffee next week?',
      messageId: '<coffee-1@example.com>',
      date: new Date('2025-03-04T05:00:00Z'),
      // A line starting with a dot: SMTP dot-stuffing must not change the stored bytes.
      text: 'Hi Ana,\r\n.great to meet you.\r\n\r\nMe\r\n',
    });

    const info = await transport(server.port).sendMail({
      envelope: { from: 'me@example.com', to: ['ana@example.org', `log+mentor@${DOMAIN}`] },
      raw,
    });

    // ana@example.org is refused (outside the domain); the BCC'd log address is accepted.
    expect(info.accepted).toEqual([`log+mentor@${DOMAIN}`]);
    expect(info.rejected).toEqual(['ana@example.org']);
    const event = only(delivered);
    expect(sesEventSchema.safeParse(event).success).toBe(true);

    const record = only(event.Records);
    expect(record.eventSource).toBe('aws:ses');
    expect(record.eventVersion).toBe('1.0');
    const { mail, receipt } = record.ses;
    expect(mail.messageId).toMatch(/^[a-z0-9]{40}$/);
    expect(info.response).toContain(mail.messageId);
    expect(await storedBytes(`${ctx.prefix}${mail.messageId}`)).toEqual(raw);

    expect(mail.source).toBe('me@example.com');
    expect(mail.destination).toEqual([`log+mentor@${DOMAIN}`]);
    expect(mail.timestamp).toBe('2025-03-04T05:06:07.000Z');
    expect(mail.headersTruncated).toBe(false);
    expect(mail.headers).toContainEqual({ name: 'Subject', value: 'Coffee next week?' });
    expect(mail.headers).toContainEqual({ name: 'Message-ID', value: '<coffee-1@example.com>' });
    expect(mail.commonHeaders).toEqual({
      returnPath: 'me@example.com',
      from: ['Me Myself <me@example.com>'],
      date: 'Tue, 04 Mar 2025 05:00:00 +0000',
      to: ['Ana Example <ana@example.org>'],
      cc: ['bo@example.net'],
      messageId: '<coffee-1@example.com>',
      subject: 'Coffee next week?',
    });

    expect(receipt.timestamp).toBe('2025-03-04T05:06:07.000Z');
    expect(receipt.recipients).toEqual([`log+mentor@${DOMAIN}`]);
    expect(receipt.processingTimeMillis).toBeGreaterThanOrEqual(0);
    for (const verdict of [
      receipt.spamVerdict,
      receipt.virusVerdict,
      receipt.spfVerdict,
      receipt.dkimVerdict,
      receipt.dmarcVerdict,
    ]) {
      expect(verdict).toEqual({ status: 'PASS' });
    }
    expect(receipt.action).toEqual({
      type: 'Lambda',
      functionArn: LOCAL_INGEST_FUNCTION_ARN,
      invocationType: 'Event',
    });
  });

  it('quotes display names with commas as SES does and keeps every envelope recipient', async () => {
    const raw = await compose({
      from: '"Doe, John" <john@example.com>',
      to: ['x@example.org', 'y@example.org'],
      subject: 'Intro',
      text: 'hello\r\n',
    });
    await transport(server.port).sendMail({
      envelope: { from: 'john@example.com', to: [`LOG@${DOMAIN}`, `reply+abc@${DOMAIN}`] },
      raw,
    });
    const { mail } = only(only(delivered).Records).ses;
    expect(mail.destination).toEqual([`LOG@${DOMAIN}`, `reply+abc@${DOMAIN}`]);
    expect(mail.commonHeaders.from).toEqual(['"Doe, John" <john@example.com>']);
    expect(mail.commonHeaders.to).toEqual(['x@example.org', 'y@example.org']);
    expect(mail.commonHeaders.cc).toBeUndefined();
  });

  it('refuses a recipient outside the inbound domain with 550', async () => {
    const raw = await compose({
      from: 'me@example.com',
      to: 'ana@example.org',
      subject: 'x',
      text: 'x',
    });
    await expect(
      transport(server.port).sendMail({
        envelope: { from: 'me@example.com', to: ['ana@example.org'] },
        raw,
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    await expect(
      transport(server.port).sendMail({
        envelope: { from: 'me@example.com', to: [`log@evil-${DOMAIN}`] },
        raw,
      }),
    ).rejects.toMatchObject({ responseCode: 550 });
    expect(delivered).toHaveLength(0);
  });

  it('refuses a message over the limit with 552 when it streams past it', async () => {
    const raw = await compose({
      from: 'me@example.com',
      to: 'ana@example.org',
      subject: 'big',
      text: 'x'.repeat(SMALL_LIMIT * 2),
    });
    await expect(
      transport(small.port).sendMail({
        envelope: { from: 'me@example.com', to: [`log@${DOMAIN}`] },
        raw,
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
    expect(delivered).toHaveLength(0);
  });

  it('refuses a message whose declared SIZE is over the limit with 552, before any data', async () => {
    const reply = await smtpConversation(small.port, [
      'EHLO test.localhost',
      `MAIL FROM:<me@example.com> SIZE=${SMALL_LIMIT + 1}`,
      'QUIT',
    ]);
    expect(reply).toMatch(/^552 /m);
  });

  it('accepts a message just under the limit on the small server', async () => {
    const raw = await compose({
      from: 'me@example.com',
      to: 'a@example.org',
      subject: 'ok',
      text: 'x'.repeat(1000),
    });
    await transport(small.port).sendMail({
      envelope: { from: 'me@example.com', to: [`log@${DOMAIN}`] },
      raw,
    });
    expect(delivered).toHaveLength(1);
  });

  it('answers 451 when delivery to ingest fails, so the client retries, and accepts the retry', async () => {
    const raw = await compose({
      from: 'me@example.com',
      to: 'ana@example.org',
      subject: 'retry',
      text: 'x',
    });
    const send = () =>
      transport(server.port).sendMail({
        envelope: { from: 'me@example.com', to: [`log@${DOMAIN}`] },
        raw,
      });

    failDelivery = new Error('table unavailable');
    await expect(send()).rejects.toMatchObject({ responseCode: 451 });
    expect(delivered).toHaveLength(0);

    failDelivery = undefined;
    await send();
    expect(delivered).toHaveLength(1);
  });

  it('advertises neither STARTTLS nor AUTH and requires no login', async () => {
    const reply = await smtpConversation(server.port, ['EHLO test.localhost', 'QUIT']);
    expect(reply).toMatch(/^250[- ]SIZE 41943040/m);
    expect(reply).not.toMatch(/STARTTLS/);
    expect(reply).not.toMatch(/AUTH/);
  });
});

describe('inbound SMTP rules', () => {
  it('uses the SES inbound limit of 40 MB by default', () => {
    expect(SES_MAX_MESSAGE_BYTES).toBe(40 * 1024 * 1024);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['203.0.113.5', false],
    ['10.0.0.1', false],
    ['::ffff:192.168.1.2', false],
    ['fe80::1', false],
    ['1127.0.0.1', false],
  ])('treats %s as loopback: %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  it('refuses a connection from a non-loopback address with 554', () => {
    let refusal: (Error & { responseCode?: number }) | null | undefined;
    refuseNonLoopback({ remoteAddress: '203.0.113.5' }, (err) => {
      refusal = err;
    });
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal?.responseCode).toBe(554);
  });

  it('lets a loopback connection through', () => {
    let result: Error | null | undefined = new Error('not called');
    refuseNonLoopback({ remoteAddress: '127.0.0.1' }, (err) => {
      result = err;
    });
    expect(result).toBeUndefined();
  });

  it.each([
    ['log@in.tend.localhost', true],
    ['log+mentor.monthly@IN.TEND.LOCALHOST', true],
    ['reply+tok@in.tend.localhost', true],
    ['log@sub.in.tend.localhost', false],
    ['log@in.tend.localhost.evil.com', false],
    ['ana@example.org', false],
    ['in.tend.localhost', false],
  ])('%s is an inbound recipient: %s', (address, inbound) => {
    expect(isInboundRecipient(address, DOMAIN)).toBe(inbound);
  });
});

/** Sends SMTP commands one at a time, each after the previous reply; resolves with the transcript. */
function smtpConversation(port: number, commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let transcript = '';
    let pending = '';
    const queue = [...commands];
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      transcript += chunk;
      pending += chunk;
      // A complete reply ends with a line "NNN text" (no hyphen after the code).
      if (!/(^|\r\n)\d{3} [^\r\n]*\r\n$/.test(pending)) return;
      pending = '';
      const next = queue.shift();
      if (next === undefined) socket.end();
      else socket.write(`${next}\r\n`);
    });
    socket.on('error', reject);
    socket.on('close', () => resolve(transcript));
  });
}
