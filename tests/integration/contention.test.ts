import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InboundSmtp, startInboundSmtp } from '../../local/inbound-smtp';
import { createApp } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import type { User } from '../../shared/domain/types';
import { ingestDeps } from '../../shared/use-cases/ingest-deps';
import { receiptOf, sesEventSchema } from '../../shared/events/ses-event';
import { ingestEmail, type IngestOutcome } from '../../shared/use-cases/ingest-email';
import { createHarness, type Harness, mail } from '../support/tend-harness';

/**
 * SPEC 2.8: emails logged at the same moment that touch the same contacts all succeed;
 * contention is resolved inside Tend, never handed back to the sender as a 451. Before the
 * optimistic-locking retry, 50 clients sending at once to 10 shared contacts got 30% refused.
 * Everything here is real: SMTP sessions into the local SES stand-in, s3rver, DynamoDB Local.
 */

/** The burst that once got 30% answered 451: 50 clients, each its own SMTP session. */
const CLIENTS = 50;
/** Contacts every email of the burst is addressed to (To: all of them). */
const SHARED_CONTACTS = 10;
/** Redeliveries of one message racing each other (SES retries, a client resending). */
const REDELIVERIES = 20;
/**
 * Deliveries are held until the whole burst has arrived, then ingested together: the most
 * contention the burst can make. If a client never gets that far the gate opens anyway after
 * this long, so the assertions report what happened instead of the test hanging.
 */
const GATE_TIMEOUT_MS = 15_000;
/** The ingest retry budget is 40 s (retry-on-conflict.ts); leave room for it and the SMTP round trips. */
const BURST_TEST_TIMEOUT_MS = 90_000;
const REDELIVERY_TEST_TIMEOUT_MS = 40_000;

interface Burst {
  expected: number;
  arrived: number;
  open: () => void;
  opened: Promise<void>;
  outcomes: IngestOutcome[];
  deliveryErrors: string[];
}

let h: Harness;
let smtp: InboundSmtp;
let burst: Burst | undefined;
/** Transactions DynamoDB refused, by cancellation reason: observed on the test's client only. */
const refusals = { transactions: 0, reasons: {} as Record<string, number> };

function startBurst(expected: number): Burst {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const b: Burst = { expected, arrived: 0, open, opened, outcomes: [], deliveryErrors: [] };
  const timer = setTimeout(open, GATE_TIMEOUT_MS);
  void opened.then(() => clearTimeout(timer));
  refusals.transactions = 0;
  refusals.reasons = {};
  burst = b;
  return b;
}

beforeAll(async () => {
  h = await createHarness('contention');
  // Observation only: count the transactions DynamoDB cancels (lost races, duplicates) on the
  // harness's own client, the way request-counter.ts counts requests. Product code is untouched.
  h.requests.client.middlewareStack.add(
    (next, context) => async (args) => {
      try {
        return await next(args);
      } catch (error) {
        if (
          context.commandName === 'TransactWriteItemsCommand' &&
          error instanceof TransactionCanceledException
        ) {
          refusals.transactions += 1;
          for (const r of error.CancellationReasons ?? []) {
            const code = r.Code ?? 'None';
            if (code !== 'None') refusals.reasons[code] = (refusals.reasons[code] ?? 0) + 1;
          }
        }
        throw error;
      }
    },
    { step: 'initialize', name: 'countRefusedTransactions' },
  );
  const deps = ingestDeps(h.app);
  smtp = await startInboundSmtp({
    port: 0,
    host: '127.0.0.1',
    domain: h.ctx.domain,
    s3: h.ctx.s3,
    bucket: h.ctx.bucket,
    prefix: h.ctx.prefix,
    now: h.now,
    deliver: async (event) => {
      const b = burst;
      if (!b) throw new Error('a delivery outside a burst');
      b.arrived += 1;
      if (b.arrived >= b.expected) b.open();
      await b.opened;
      for (const record of sesEventSchema.parse(event).Records)
        b.outcomes.push(await ingestEmail(deps, receiptOf(record, h.ctx.prefix)));
    },
    onError: (error) => {
      burst?.deliveryErrors.push(
        error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      );
    },
  });
});

afterAll(async () => {
  await smtp?.close();
});

/** RFC 2822 date, an hour before the harness clock: inside the digest's 7-day window. */
function anHourAgo(): string {
  return new Date(h.now().getTime() - 3_600_000).toUTCString().replace(/GMT$/, '+0000');
}

/** Each raw message through its own SMTP session, all started together. */
async function sendAll(raws: string[], envelopeFrom: string) {
  const started = Date.now();
  const results = await Promise.allSettled(
    raws.map(async (raw) => {
      // Not pooled: every sendMail is a connection of its own, as separate senders would be.
      const transport = nodemailer.createTransport({
        host: '127.0.0.1',
        port: smtp.port,
        secure: false,
        ignoreTLS: true,
      });
      try {
        return await transport.sendMail({
          envelope: { from: envelopeFrom, to: [`log@${h.ctx.domain}`] },
          raw,
        });
      } finally {
        transport.close();
      }
    }),
  );
  const accepted = results.flatMap((r) =>
    r.status === 'fulfilled' && r.value.response.startsWith('250') ? [r.value.response] : [],
  );
  const refused = results.flatMap((r) =>
    r.status === 'rejected'
      ? [
          `${String((r.reason as { responseCode?: number }).responseCode)} ${String((r.reason as Error).message)}`,
        ]
      : [],
  );
  return { accepted, refused, ms: Date.now() - started };
}

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const tally = (outcomes: IngestOutcome[]) => countBy(outcomes.map((o) => o.outcome));

/** Per contact: its count, its interactions and how many distinct emails they come from. */
async function ledgerOf(userId: string, addresses: string[]) {
  const all = await h.app.contacts.list(userId);
  return Promise.all(
    addresses.map(async (email) => {
      const interactions = await h.app.contacts.listInteractions(userId, email);
      return {
        email,
        count: all.find((c) => c.email === email)?.interactionCount,
        interactions: interactions.length,
        emails: new Set(interactions.map((i) => i.subject)).size,
      };
    }),
  );
}

function contactsAt(domain: string): Array<{ name: string; address: string }> {
  return Array.from({ length: SHARED_CONTACTS }, (_, i) => ({
    name: `Contact ${i}`,
    address: `c${i}@${domain}`,
  }));
}

const toHeader = (contacts: Array<{ name: string; address: string }>) =>
  contacts.map((c) => `${c.name} <${c.address}>`).join(', ');

describe('emails logged at the same moment to the same contacts (SPEC 2.8)', () => {
  let me: User;

  beforeAll(async () => {
    me = await h.register('me@example.com', 'America/New_York');
  });

  it(
    'accepts all 50 concurrent SMTP deliveries to 10 shared contacts and logs every one exactly once',
    async ({ annotate }) => {
      const contacts = contactsAt('burst.example.org');
      const raws = Array.from({ length: CLIENTS }, (_, i) =>
        mail({
          to: toHeader(contacts),
          subject: `Burst ${i}`,
          date: anHourAgo(),
          messageId: `<burst-${i}@example.com>`,
          body: `Hi all,\n\nNote number ${i} from the burst.\n\nMe`,
        }),
      );
      const b = startBurst(CLIENTS);

      const sent = await sendAll(raws, me.email);

      await annotate(
        `${CLIENTS} sends in ${sent.ms} ms; ${refusals.transactions} transactions refused ` +
          `(${JSON.stringify(refusals.reasons)}); outcomes ${JSON.stringify(tally(b.outcomes))}`,
      );
      // Soft: when mail is refused, the state of the data below is reported as well.
      expect
        .soft({ refused: countBy(sent.refused), deliveryErrors: countBy(b.deliveryErrors) })
        .toEqual({ refused: {}, deliveryErrors: {} });
      expect.soft(sent.accepted).toHaveLength(CLIENTS);
      expect
        .soft(countBy(b.outcomes.map((o) => JSON.stringify(o))))
        .toEqual({ [JSON.stringify({ outcome: 'logged', contacts: SHARED_CONTACTS })]: CLIENTS });

      const addresses = contacts.map((c) => c.address);
      expect((await h.app.contacts.list(me.id)).map((c) => c.email).sort()).toEqual(
        [...addresses].sort(),
      );
      // Every email once on every contact: nothing lost, nothing doubled.
      expect(await ledgerOf(me.id, addresses)).toEqual(
        addresses.map((email) => ({
          email,
          count: CLIENTS,
          interactions: CLIENTS,
          emails: CLIENTS,
        })),
      );
      expect((await h.app.contacts.weekActivity(me.id, h.now())).logged).toBe(
        CLIENTS * SHARED_CONTACTS,
      );
    },
    BURST_TEST_TIMEOUT_MS,
  );
});

describe('one message delivered many times at once (SPEC 2.6 with 2.8)', () => {
  let me: User;

  beforeAll(async () => {
    me = await h.register('again@example.com', 'America/New_York');
  });

  it(
    'accepts 20 concurrent deliveries of the same Message-ID and logs it once',
    async ({ annotate }) => {
      const contacts = contactsAt('again.example.org');
      // The same bytes each time; each SMTP session stores them under its own S3 key.
      const raw = mail({
        from: 'Me <again@example.com>',
        to: toHeader(contacts),
        subject: 'Sent once, delivered twenty times',
        date: anHourAgo(),
        messageId: '<same-message@example.com>',
      });
      const b = startBurst(REDELIVERIES);

      const sent = await sendAll(
        Array.from({ length: REDELIVERIES }, () => raw),
        me.email,
      );

      await annotate(
        `${REDELIVERIES} sends in ${sent.ms} ms; ${refusals.transactions} transactions refused ` +
          `(${JSON.stringify(refusals.reasons)}); outcomes ${JSON.stringify(tally(b.outcomes))}`,
      );
      expect
        .soft({ refused: countBy(sent.refused), deliveryErrors: countBy(b.deliveryErrors) })
        .toEqual({ refused: {}, deliveryErrors: {} });
      expect(sent.accepted).toHaveLength(REDELIVERIES);
      // Distinct sessions, so distinct S3 keys: only the Message-ID says it is the same email.
      expect(new Set(sent.accepted).size).toBe(REDELIVERIES);
      expect(tally(b.outcomes)).toEqual({ logged: 1, duplicate: REDELIVERIES - 1 });

      const addresses = contacts.map((c) => c.address);
      expect((await h.app.contacts.list(me.id)).map((c) => c.email).sort()).toEqual(
        [...addresses].sort(),
      );
      expect(await ledgerOf(me.id, addresses)).toEqual(
        addresses.map((email) => ({ email, count: 1, interactions: 1, emails: 1 })),
      );
      expect((await h.app.contacts.weekActivity(me.id, h.now())).logged).toBe(SHARED_CONTACTS);
    },
    REDELIVERY_TEST_TIMEOUT_MS,
  );
});

describe('several function instances writing the same contacts at once (SPEC 2.8)', () => {
  /** Lambda instances do not share a process: each has its own app, queue and SDK client. */
  const INSTANCES = 5;
  const EACH = 6;

  it(
    'logs every email once when 5 instances each log 6 emails to the same 10 contacts together',
    async () => {
      const me = await h.register('instances@example.com', 'UTC');
      const contacts = contactsAt('instances.example.org');
      const apps = Array.from({ length: INSTANCES }, () =>
        createApp(parseConfig(h.ctx.env), { clock: { now: h.now } }),
      );
      const keys: string[][] = [];
      for (const [n] of apps.entries()) {
        keys.push([]);
        for (let i = 0; i < EACH; i++) {
          const key = `${h.ctx.prefix}instance-${n}-${i}`;
          keys[n]!.push(key);
          await h.ctx.s3.send(
            new PutObjectCommand({
              Bucket: h.ctx.bucket,
              Key: key,
              Body: mail({
                from: 'Me <instances@example.com>',
                to: toHeader(contacts),
                subject: `Instance ${n} email ${i}`,
                date: anHourAgo(),
              }),
            }),
          );
        }
      }
      const outcomes = await Promise.all(
        apps.flatMap((app, n) =>
          keys[n]!.map((key) =>
            ingestEmail(ingestDeps(app), {
              s3Key: key,
              receivedAt: h.now(),
              recipients: [`log@${h.ctx.domain}`],
              envelopeSender: 'instances@example.com',
              verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
            }),
          ),
        ),
      );
      expect(tally(outcomes)).toEqual({ logged: INSTANCES * EACH });
      const addresses = contacts.map((c) => c.address);
      const total = INSTANCES * EACH;
      expect(await ledgerOf(me.id, addresses)).toEqual(
        addresses.map((email) => ({ email, count: total, interactions: total, emails: total })),
      );
    },
    BURST_TEST_TIMEOUT_MS,
  );
});
