import { readFileSync } from 'node:fs';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { dynamoStores } from '../../shared/adapters/dynamodb';
import { createApp } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import { redact } from '../../shared/logger';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { ingestEmail, type Receipt } from '../../shared/use-cases/ingest-email';
import { sesEvent } from '../support/ses-event';
import { createTestContext, type TestContext } from '../support/test-context';
import { createHarness, mail } from '../support/tend-harness';

describe('the ingest Lambda handler', () => {
  let ctx: TestContext;
  let handler: (event: unknown) => Promise<unknown[]>;

  beforeAll(async () => {
    ctx = await createTestContext({ name: 'handler' });
    ctx.applyEnv();
    ({ handler } = await import('../../functions/ingest/handler'));
    const app = createApp(parseConfig(ctx.env));
    await (
      await import('../../shared/use-cases/users')
    ).registerUser(
      app.users,
      { email: 'handler@example.com', timezone: 'UTC', also: [] },
      new Date(),
    );
  });

  /** Raw mail where the SES receipt rule's S3 action puts it: the prefix, then the SES message id. */
  async function stored(messageId: string, raw: string): Promise<void> {
    await ctx.s3.send(
      new PutObjectCommand({ Bucket: ctx.bucket, Key: `${ctx.prefix}${messageId}`, Body: raw }),
    );
  }

  it('logs a message from an SES receipt event of the documented shape (S3 key = prefix + messageId)', async () => {
    await stored(
      'evt-1',
      mail({
        from: 'handler@example.com',
        to: 'Pat <pat@example.org>',
        date: 'Mon, 23 Nov 2026 10:00:00 +0000',
      }),
    );
    expect(await handler(sesEvent('evt-1', ['log@in.tend.localhost']))).toEqual([
      { outcome: 'logged', contacts: 1 },
    ]);
  });

  it('quarantines, without throwing, when the verdicts fail', async () => {
    await stored('evt-2', mail({ from: 'handler@example.com', to: 'pat@example.org' }));
    expect(await handler(sesEvent('evt-2', ['log@in.tend.localhost'], 'FAIL'))).toEqual([
      { outcome: 'quarantined', reason: 'failed-authentication' },
    ]);
  });

  it.each([
    ['an empty object', {}],
    [
      'an S3 notification',
      JSON.parse(
        readFileSync(
          new URL('../../../shared/corpus/events/aws-lambda-go/s3-event.json', import.meta.url),
          'utf8',
        ),
      ),
    ],
    [
      'a record without verdicts',
      {
        Records: [{ eventSource: 'aws:ses', eventVersion: '1.0', ses: { mail: {}, receipt: {} } }],
      },
    ],
  ])(
    'ignores %s without crashing (nothing to quarantine, retrying cannot help)',
    async (_label, event) => {
      expect(await handler(event)).toEqual([]);
    },
  );

  it('throws a failure for the retry with no address in it: the Lambda runtime logs it as is', async () => {
    await stored('evt-3', mail({ from: 'handler@example.com', to: 'pat@example.org' }));
    // A fault DynamoDB Local cannot make: an error whose text names an address.
    const send = vi
      .spyOn(DynamoDBDocumentClient.prototype, 'send')
      .mockRejectedValue(
        Object.assign(new Error('request for handler@example.com failed'), { name: 'Unavailable' }),
      );
    try {
      const thrown = await handler(sesEvent('evt-3', ['log@in.tend.localhost'])).catch(
        (e: unknown) => e,
      );
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).name).toBe('Unavailable');
      expect((thrown as Error).message).toBe(`request for ${redact('handler@example.com')} failed`);
      expect((thrown as Error).stack).not.toContain('handler@example.com');
    } finally {
      send.mockRestore();
    }
  });
});

describe('outages', () => {
  const receipt = (key: string): Receipt => ({
    s3Key: key,
    receivedAt: new Date('2026-11-26T10:00:00Z'),
    recipients: ['log@in.tend.localhost'],
    envelopeSender: 'me@example.com',
    verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
  });

  it('throws when the database is unreachable, so SES/Lambda retries', async () => {
    const h = await createHarness('outage-db');
    await h.ctx.s3.send(
      new PutObjectCommand({ Bucket: h.ctx.bucket, Key: 'inbound/down', Body: mail({}) }),
    );
    const deadDb = new DynamoDBClient({ endpoint: 'http://127.0.0.1:9', maxAttempts: 1 });
    const stores = dynamoStores(deadDb, h.ctx.table);
    await expect(ingestEmail(ingestDeps(h.app, stores), receipt('inbound/down'))).rejects.toThrow();
  });

  it('sends a transaction again that real DynamoDB cancelled for a conflict, and logs once', async () => {
    const h = await createHarness('outage-conflict');
    await h.register('me@example.com', 'UTC');
    // DynamoDB Local never reports TransactionConflict; AWS does when transactions overlap.
    const faulty = new DynamoDBClient({});
    let transactions = 0;
    faulty.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions <= 2) {
          throw new TransactionCanceledException({
            message:
              'Transaction cancelled, please refer cancellation reasons for specific reasons',
            $metadata: {},
            CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict' }],
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectConflict' },
    );
    const raw = mail({ to: 'Ana <ana@example.org>, Bo <bo@example.org>' });
    await h.ctx.s3.send(
      new PutObjectCommand({ Bucket: h.ctx.bucket, Key: 'inbound/conflict', Body: raw }),
    );
    const stores = dynamoStores(faulty, h.ctx.table);
    expect(await ingestEmail(ingestDeps(h.app, stores), receipt('inbound/conflict'))).toEqual({
      outcome: 'logged',
      contacts: 2,
    });
    expect(transactions).toBe(3);
    const user = (await h.app.users.findByAddress('me@example.com'))!;
    const contacts = await h.app.contacts.list(user.id);
    expect(contacts.map((c) => [c.email, c.interactionCount])).toEqual([
      ['ana@example.org', 1],
      ['bo@example.org', 1],
    ]);
  });

  it('throws when S3 is unreachable (not a quarantine: the mail is not lost)', async () => {
    const h = await createHarness('outage-s3', '2026-11-26T10:00:00Z', {
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9',
    });
    await expect(h.deliver(mail({}))).rejects.toThrow();
  });

  it('a retry after a failure half-way through a large email logs every contact exactly once', async () => {
    const h = await createHarness('outage-partial');
    await h.register('me@example.com', 'UTC');
    const to = Array.from({ length: 40 }, (_, i) => `p${i}@example.org`).join(', ');
    const raw = mail({ to, messageId: '<partial@example.com>' });
    // Fault injection a local engine cannot make on cue: the second transaction of this email fails.
    const faulty = new DynamoDBClient({});
    let transactions = 0;
    faulty.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions === 2) {
          throw Object.assign(new Error('Throughput exceeds the current capacity'), {
            name: 'ProvisionedThroughputExceededException',
          });
        }
        return next(args);
      },
      { step: 'initialize', name: 'injectFault' },
    );
    const stores = dynamoStores(faulty, h.ctx.table);
    await h.ctx.s3.send(
      new PutObjectCommand({ Bucket: h.ctx.bucket, Key: 'inbound/partial', Body: raw }),
    );
    await expect(
      ingestEmail(ingestDeps(h.app, stores), receipt('inbound/partial')),
    ).rejects.toThrow('capacity');
    const after1 = await h.app.contacts.list(
      (await h.app.users.findByAddress('me@example.com'))!.id,
    );
    // The first transaction landed: 75 contact items (dynamodb-ingest-ledger.ts), 5 a contact
    // (it, its interaction and its 3 word items: p0, example, org).
    expect(after1.length).toBe(15);

    // The retry's chunks are not the first attempt's: the 15 contacts it finds write 2 items
    // each, so its first chunk holds them and 9 new ones. Only the 15 are left out as logged.
    expect(await h.deliver(raw, { sesId: 'partial' })).toEqual({ outcome: 'logged', contacts: 40 });
    expect(await h.deliver(raw, { sesId: 'partial' })).toEqual({ outcome: 'duplicate' });
    const user = (await h.app.users.findByAddress('me@example.com'))!;
    const contacts = await h.app.contacts.list(user.id);
    expect(contacts).toHaveLength(40);
    expect(contacts.every((c) => c.interactionCount === 1)).toBe(true);
    for (const c of contacts.slice(0, 3))
      expect(await h.app.contacts.listInteractions(user.id, c.email)).toHaveLength(1);
    // Each is in the word index once: p3 and p30 to p39.
    const p3 = await h.app.contacts.contactsWithWord(user.id, 'p3', 100);
    expect(p3.emails.sort()).toEqual(
      ['p3', ...Array.from({ length: 10 }, (_, i) => `p3${i}`)]
        .map((p) => `${p}@example.org`)
        .sort(),
    );
  });
});
