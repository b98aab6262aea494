import { randomBytes } from 'node:crypto';
import { DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInboundSmtp, type InboundSmtp } from '../../local/inbound-smtp';
import { keys, shardOf, TABLE_KEYS, UNKNOWN_SENDER_SHARDS } from '../../shared/keys';
import { MAX_HEADER_LINE_CHARS, QUARANTINE_TTL_DAYS } from '../../shared/domain/limits';
import type { User } from '../../shared/domain/types';
import { logger } from '../../shared/logger';
import { applySetting } from '../../shared/use-cases/settings';
import { applyUserCommand } from '../../shared/use-cases/user-commands';
import type { IngestOutcome } from '../../shared/use-cases/ingest-email';
import { sesEvent } from '../support/ses-event';
import { createHarness, mail, type Harness } from '../support/tend-harness';

/**
 * The three defects issue 10 found, each pinned by a test that fails on the code before the fix:
 * over-long addresses and giant headers (SPEC 2.8), digest slots after a gap (SPEC 3), and
 * retention of quarantine records (SPEC 2.9). The property suites beside this file hunt for more.
 */

const DOMAIN = 'in.tend.localhost';
const LOG = `log@${DOMAIN}`;
const long = (n: number, ch = 'a') => ch.repeat(n);

describe('over-long addresses and giant headers, through the ingest Lambda handler (SPEC 2.8)', () => {
  const ME = 'long-user@reliability.example';
  let h: Harness;
  let user: User;
  let handler: (event: unknown) => Promise<IngestOutcome[]>;

  beforeAll(async () => {
    h = await createHarness('long-addresses', new Date().toISOString());
    user = await h.register(ME, 'UTC');
    // The harness pointed the environment at this file's table and bucket; the handler reads it once.
    ({ handler } = await import('../../functions/ingest/handler'));
  });

  /** As SES does it: the raw bytes into the bucket, then the Lambda action's event. */
  async function deliver(
    raw: string | Buffer,
    envelope: { source?: string; recipients?: string[] } = {},
  ): Promise<{ outcome: IngestOutcome; s3Key: string }> {
    const id = randomBytes(12).toString('hex');
    await h.ctx.s3.send(
      new PutObjectCommand({ Bucket: h.ctx.bucket, Key: `${h.ctx.prefix}${id}`, Body: raw }),
    );
    const event = sesEvent(id, envelope.recipients ?? [LOG]);
    if (envelope.source !== undefined) event.Records[0].ses.mail.source = envelope.source;
    const outcomes = await handler(event);
    expect(outcomes).toHaveLength(1);
    return { outcome: outcomes[0]!, s3Key: `${h.ctx.prefix}${id}` };
  }

  async function quarantined(s3Key: string) {
    const all = await h.app.quarantine.list(user.id);
    return all.find((r) => r.s3Key === s3Key);
  }

  it.each([
    ['an address over 254 characters', `${long(250)}@example.com`],
    ['a local part over 64 characters', `${long(65)}@example.com`],
    ['an address of 1,000 characters before a registered one', `${long(990)}@example.com, ${ME}`],
  ])('quarantines a From with %s as unparseable, keeping the record', async (_label, from) => {
    const { outcome, s3Key } = await deliver(mail({ from, to: 'Ana <ana@example.org>' }));
    expect(outcome).toEqual({ outcome: 'quarantined', reason: 'unparseable' });
    expect(await quarantined(s3Key)).toMatchObject({ reason: 'unparseable', s3Key });
  });

  it('skips an over-long recipient, logs the others, and counts the skipped one in the log', async () => {
    const info = vi.spyOn(logger, 'info');
    try {
      const { outcome } = await deliver(
        mail({ from: ME, to: `Huge <${long(1000)}@example.org>, Ana <ana@example.org>` }),
      );
      expect(outcome).toEqual({ outcome: 'logged', contacts: 1 });
      expect(info).toHaveBeenCalledWith('logged', expect.objectContaining({ skippedAddresses: 1 }));
    } finally {
      info.mockRestore();
    }
    expect((await h.app.contacts.list(user.id)).map((c) => c.email)).toContain('ana@example.org');
  });

  it('quarantines an email whose only recipients are over-long as no-contacts, saying why', async () => {
    const { outcome, s3Key } = await deliver(
      mail({ from: ME, to: `${long(300)}@example.org, ${long(70)}@example.org` }),
    );
    expect(outcome).toEqual({ outcome: 'quarantined', reason: 'no-contacts' });
    expect((await quarantined(s3Key))?.detail).toMatch(/2 not an address/);
  });

  it.each([
    ['a 1 MB subject', { subject: long(1_000_000, 's') }],
    ['a 1 MB display name', { to: `"${long(1_000_000, 'n')}" <named@example.org>` }],
    ['a 1 MB Message-ID', { messageId: `<${long(1_000_000, 'm')}@example.com>` }],
    ['a 1 MB References header', { headers: { References: `<${long(1_000_000, 'r')}@x>` } }],
    ['a 1 MB Date header', { date: `${long(1_000_000, ' ')}Mon, 23 Nov 2026 10:00:00 +0000` }],
  ])('logs an email with %s, keeping at most one header line of it', async (_label, options) => {
    const { outcome } = await deliver(
      mail({ from: ME, to: 'Big Header <big@example.org>', ...options }),
    );
    expect(outcome).toMatchObject({ outcome: 'logged' });
    for (const c of await h.app.contacts.list(user.id)) {
      expect(c.name?.length ?? 0).toBeLessThanOrEqual(MAX_HEADER_LINE_CHARS);
      expect(c.lastSubject?.length ?? 0).toBeLessThanOrEqual(MAX_HEADER_LINE_CHARS);
    }
  });

  it('quarantines mail with an over-long envelope sender and no readable From, the sender cut short', async () => {
    const { outcome, s3Key } = await deliver(mail({ from: 'nobody' }), {
      source: `${long(16_000)}@example.com`,
    });
    expect(outcome).toEqual({ outcome: 'quarantined', reason: 'unparseable' });
    const stranger = (await h.app.quarantine.list(null)).find((r) => r.s3Key === s3Key);
    expect(stranger?.from.length).toBeLessThanOrEqual(254);
  });

  it('takes no hints from an over-long log+ address and refuses an over-long reply token', async () => {
    const hinted = await deliver(mail({ from: ME, to: 'Hint <hint@example.org>' }), {
      recipients: [`log+${Array.from({ length: 5000 }, (_, i) => `t${i}`).join('.')}@${DOMAIN}`],
    });
    expect(hinted.outcome).toEqual({ outcome: 'logged', contacts: 1 });
    expect((await h.app.contacts.get(user.id, 'hint@example.org'))?.contact.tags).toEqual([]);
    const reply = await deliver(mail({ from: ME, to: 'x@example.org' }), {
      recipients: [`reply+${long(5000, 'z')}@${DOMAIN}`],
    });
    expect(reply.outcome).toEqual({ outcome: 'quarantined', reason: 'bad-token' });
  });

  describe('through the local SMTP stand-in', () => {
    let smtp: InboundSmtp;
    beforeAll(async () => {
      const { localS3Client } = await import('../../local/services');
      smtp = await startInboundSmtp({
        port: 0,
        domain: DOMAIN,
        s3: localS3Client(h.ctx.endpoints.s3),
        bucket: h.ctx.bucket,
        prefix: h.ctx.prefix,
        deliver: async (event) => {
          await handler(event);
        },
      });
    });
    afterAll(() => smtp.close());

    it('answers 250, not 451 forever, for mail with over-long addresses and giant headers', async () => {
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      try {
        for (const raw of [
          mail({ from: `${long(2000)}@example.com`, subject: long(1_000_000, 's') }),
          mail({
            from: ME,
            to: `${long(2000)}@example.org, Real <real@example.org>`,
            subject: long(1_000_000, 's'),
          }),
        ]) {
          const info = await transport.sendMail({ envelope: { from: ME, to: [LOG] }, raw });
          expect(info.response).toMatch(/^250 /);
        }
      } finally {
        transport.close();
      }
    });
  });
});

describe('digest slots (SPEC 3)', () => {
  /** A user with contacts long gone cold, so every digest slot has something to say. */
  async function coldUser(name: string, start: string, zone: string) {
    const h = await createHarness(name, start);
    const me = `${name}@reliability.example`;
    const user = await h.register(me, zone);
    for (const who of ['old1', 'old2'])
      await h.deliver(
        mail({ from: me, to: `${who}@example.org`, date: 'Mon, 01 Jun 2026 12:00:00 +0000' }),
        { recipients: [`log+nothanks@${DOMAIN}`] },
      );
    const digestsSent = async () => (await h.ctx.sentTo(me)).length;
    return { h, me, user, digestsSent };
  }

  it('skips a slot missed by weeks: one digest, at the next slot, not two within minutes', async () => {
    // Registered Tuesday 1 Dec 2026; the first slot is Monday 7 Dec, 08:00 UTC.
    const { h, user, digestsSent } = await coldUser('gap', '2026-12-01T12:00:00Z', 'UTC');
    // The dispatcher was down for three weeks and comes back just before Monday's slot.
    expect(await h.tick('2026-12-28T07:55:00Z')).toMatchObject({ sent: 0 });
    expect(await h.tick('2026-12-28T08:00:00Z')).toMatchObject({ sent: 1 });
    await h.tick('2026-12-28T08:05:00Z');
    expect(await digestsSent()).toBe(1);
    const [digest] = await h.app.digests.list(user.id);
    expect(digest?.scheduledFor).toBe('2026-12-28T08:00:00.000Z');
  });

  it('sends a slot missed by less than a day late, once', async () => {
    const { h, digestsSent } = await coldUser('late', '2026-12-01T12:00:00Z', 'UTC');
    expect(await h.tick('2026-12-08T06:00:00Z')).toMatchObject({ sent: 1 });
    await h.tick('2026-12-08T06:05:00Z');
    expect(await digestsSent()).toBe(1);
  });

  it('never sends two digests within 6 days when the digest is turned off, then on for a sooner day', async () => {
    const { h, user, digestsSent } = await coldUser('offon', '2026-12-01T12:00:00Z', 'UTC');
    expect(await h.tick('2026-12-07T08:01:00Z')).toMatchObject({ sent: 1 });
    let u = (
      await applyUserCommand(
        h.app,
        user,
        { kind: 'digest', mode: 'off' },
        new Date('2026-12-08T10:00:00Z'),
      )
    ).user;
    u = (
      await applyUserCommand(
        h.app,
        u,
        { kind: 'digest', mode: 'set', schedule: { day: 'friday', hour: 9 } },
        new Date('2026-12-09T10:00:00Z'),
      )
    ).user;
    // Friday 11 Dec is 4 days after Monday's digest: skipped; the next Friday is the one.
    expect(await h.tick('2026-12-11T09:01:00Z')).toMatchObject({ sent: 0 });
    expect(await digestsSent()).toBe(1);
    expect((await h.app.digests.getSchedule(u.id))?.dueAt).toBe('2026-12-18T09:00:00.000Z');
    expect(await h.tick('2026-12-18T09:01:00Z')).toMatchObject({ sent: 1 });
  });

  it('never sends two digests within 6 days when a new timezone brings the slot a day closer', async () => {
    // Monday 08:00 in Kiritimati (UTC+14) is Sunday 18:00 UTC; in Pago Pago (UTC-11), Monday 19:00 UTC.
    const { h, user, digestsSent } = await coldUser(
      'zone',
      '2026-12-01T12:00:00Z',
      'Pacific/Kiritimati',
    );
    expect(await h.tick('2026-12-06T18:01:00Z')).toMatchObject({ sent: 1 });
    await applySetting(
      h.app,
      user,
      { key: 'timezone', timezone: 'Pacific/Pago_Pago' },
      new Date('2026-12-06T20:00:00Z'),
    );
    expect(await h.tick('2026-12-07T19:01:00Z')).toMatchObject({ sent: 0 });
    expect(await digestsSent()).toBe(1);
    expect(await h.tick('2026-12-14T19:01:00Z')).toMatchObject({ sent: 1 });
  });

  it('keeps the last digest time while the digest is off, and not only on the schedule it had', async () => {
    const { h, user } = await coldUser('keep', '2026-12-01T12:00:00Z', 'UTC');
    await h.tick('2026-12-07T08:01:00Z');
    await applyUserCommand(
      h.app,
      user,
      { kind: 'digest', mode: 'off' },
      new Date('2026-12-07T09:00:00Z'),
    );
    expect(await h.app.digests.getSchedule(user.id)).toBeNull();
    await applyUserCommand(
      h.app,
      user,
      { kind: 'digest', mode: 'on' },
      new Date('2026-12-07T10:00:00Z'),
    );
    expect(await h.app.digests.getSchedule(user.id)).toMatchObject({
      lastSentAt: '2026-12-07T08:01:00.000Z',
    });
  });
});

describe('retention (SPEC 2.9)', () => {
  let h: Harness;
  let doc: DynamoDBDocumentClient;
  const ME = 'kept@reliability.example';
  beforeAll(async () => {
    h = await createHarness('retention', '2026-11-26T10:00:00Z');
    await h.register(ME, 'UTC');
    doc = DynamoDBDocumentClient.from(h.ctx.dynamodb);
  });

  it('expires items on expiresAt locally too, as the deployed table does (TTL on)', async () => {
    const { TimeToLiveDescription } = await h.ctx.dynamodb.send(
      new DescribeTimeToLiveCommand({ TableName: h.ctx.table }),
    );
    expect(TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: TABLE_KEYS.ttl,
    });
  });

  it('gives quarantine records, a user’s and a stranger’s, an expiry 90 days after receipt', async () => {
    const receivedAt = new Date('2026-11-26T10:00:00Z');
    const expires = Math.floor(receivedAt.getTime() / 1000) + QUARANTINE_TTL_DAYS * 86_400;
    const sesId = `stranger-${randomBytes(4).toString('hex')}`;
    await h.deliver(mail({ from: 'stranger@example.net' }), { sesId, receivedAt });
    const key = `${h.ctx.prefix}${sesId}`;
    const stranger = await doc.send(
      new GetCommand({
        TableName: h.ctx.table,
        Key: keys.unknownQuarantine(
          shardOf(key, UNKNOWN_SENDER_SHARDS),
          receivedAt.toISOString(),
          key,
        ),
      }),
    );
    expect(stranger.Item?.expiresAt).toBe(expires);

    const user = (await h.app.users.findByAddress(ME))!;
    const failedSesId = `failed-${randomBytes(4).toString('hex')}`;
    await h.deliver(mail({ from: ME }), {
      sesId: failedSesId,
      receivedAt,
      verdicts: { spf: 'FAIL', dkim: 'FAIL' },
    });
    const failedKey = `${h.ctx.prefix}${failedSesId}`;
    const own = await doc.send(
      new GetCommand({
        TableName: h.ctx.table,
        Key: keys.userQuarantine(user.id, receivedAt.toISOString(), failedKey),
      }),
    );
    expect(own.Item).toMatchObject({ reason: 'failed-authentication', expiresAt: expires });
  });

  it('spreads strangers’ quarantine records over the partitions, never one hot partition', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => h.deliver(mail({ from: `spam${i}@example.net` }))),
    );
    const sizes = await Promise.all(
      Array.from({ length: UNKNOWN_SENDER_SHARDS }, async (_, shard) => {
        const out = await doc.send(
          new QueryCommand({
            TableName: h.ctx.table,
            KeyConditionExpression: 'pk = :p',
            ExpressionAttributeValues: { ':p': keys.unknownQuarantinePartition(shard) },
            Select: 'COUNT',
          }),
        );
        return out.Count ?? 0;
      }),
    );
    expect(sizes.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(40);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sizes)).toBeLessThan(20);
    const legacy = await doc.send(
      new QueryCommand({
        TableName: h.ctx.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': keys.legacyQuarantinePartition },
        Select: 'COUNT',
      }),
    );
    expect(legacy.Count).toBe(0);
  });
});
