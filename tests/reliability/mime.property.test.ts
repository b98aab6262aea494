import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { QUARANTINE_REASONS, type User } from '../../shared/domain/types';
import { keys } from '../../shared/keys';
import type { IngestOutcome } from '../../shared/use-cases/ingest-email';
import { sesEvent } from '../support/ses-event';
import { createHarness, type Harness } from '../support/tend-harness';
import { corpusMail, fcParameters, timeoutFor, withFrom } from './support';

/**
 * SPEC 2.8: no input of any size or shape makes the ingest handler fail. Real mail from the
 * shared corpus, mutated the ways broken and hostile mail is broken, and synthetic monsters
 * (deep nesting, thousands of parts), go through the real Lambda handler on the local engines.
 * Every message must end logged, dropped, a duplicate or quarantined with a reason, within a
 * time budget, and the store must stay consistent.
 */

const RUNS = 60;
/** Per message, on a busy 2-core machine. The ingest function's timeout is 60 s. */
const BUDGET_MS = 15_000;
const USER = 'mime-user@reliability.example';
const LOG = 'log@in.tend.localhost';
const CRLF = '\r\n';

const corpus = corpusMail();

type Mutation = { label: string; apply: (raw: Buffer) => Buffer };

/** The header block's lines (continuations kept with their header) and the rest. */
function splitHead(raw: Buffer): { headers: string[]; nl: string; rest: string } {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const nl = head.includes('\r\n') ? '\r\n' : '\n';
  const headers: string[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length > 0) headers[headers.length - 1] += nl + line;
    else headers.push(line);
  }
  return { headers, nl, rest: end < 0 ? '' : text.slice(end) };
}

function joinHead(headers: string[], nl: string, rest: string): Buffer {
  return Buffer.from(headers.join(nl) + rest, 'latin1');
}

function insertHeader(raw: Buffer, line: string): Buffer {
  const { headers, nl, rest } = splitHead(raw);
  headers.splice(1, 0, line);
  return joinHead(headers, nl, rest);
}

const big = (n: number, ch: string) => ch.repeat(n);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({
    label: `truncate at ${(f * 100).toFixed(0)}%`,
    apply: (raw: Buffer) => raw.subarray(0, Math.floor(raw.length * f)),
  })),
  fc
    .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 })
    .map((flips) => ({
      label: `${flips.length} byte flips`,
      apply: (raw: Buffer) => {
        const out = Buffer.from(raw);
        if (out.length > 0) for (const [at, byte] of flips) out[at % out.length] = byte;
        return out;
      },
    })),
  fc.nat().map((k) => ({
    label: 'a header removed',
    apply: (raw: Buffer) => {
      const { headers, nl, rest } = splitHead(raw);
      headers.splice(k % Math.max(1, headers.length), 1);
      return joinHead(headers, nl, rest);
    },
  })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 50 })).map(([k, times]) => ({
    label: `a header repeated ${times} times`,
    apply: (raw: Buffer) => {
      const { headers, nl, rest } = splitHead(raw);
      const i = k % Math.max(1, headers.length);
      headers.splice(i, 0, ...Array<string>(times).fill(headers[i] ?? 'X-Empty:'));
      return joinHead(headers, nl, rest);
    },
  })),
  fc
    .constantFrom('closing boundary dropped', 'boundary garbled', 'boundary parameter removed')
    .map((how) => ({
      label: how,
      apply: (raw: Buffer) => {
        const text = raw.toString('latin1');
        const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
        if (!boundary) return raw;
        const b = boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        const out =
          how === 'closing boundary dropped'
            ? text.replace(new RegExp(`--${b}--`, 'g'), '')
            : how === 'boundary garbled'
              ? text.replace(new RegExp(`--${b}`, 'g'), () => `--${b}x${Math.random()}`)
              : text.replace(/;\s*boundary="?[^";\r\n]+"?/i, '');
        return Buffer.from(out, 'latin1');
      },
    })),
  fc.array(fc.nat(), { minLength: 1, maxLength: 30 }).map((positions) => ({
    label: `${positions.length} NUL bytes`,
    apply: (raw: Buffer) => {
      const bytes = [...raw];
      for (const p of positions) bytes.splice(p % (bytes.length + 1), 0, 0);
      return Buffer.from(bytes);
    },
  })),
  fc
    .constantFrom('x-unknown-42', 'utf-16', 'utf-7', 'NONE', 'iso-2022-jp', '', 'utf-32be')
    .map((charset) => ({
      label: `charset ${charset || '(empty)'}`,
      apply: (raw: Buffer) => {
        const text = raw.toString('latin1').replace(/charset="?[^";\s]*"?/gi, `charset=${charset}`);
        // An encoded word in that charset, with an odd number of bytes (a lone surrogate in UTF-16).
        const word = `=?${charset || 'x'}?B?${Buffer.from([0xd8, 0x3d, 0x41, 0xff, 0xfe]).toString('base64')}?=`;
        return insertHeader(Buffer.from(text, 'latin1'), `Subject: ${word} ${word}`);
      },
    })),
  fc
    .tuple(
      fc.constantFrom(10_000, 100_000, 1_100_000),
      fc.constantFrom('Subject', 'X-Junk', 'To name', 'References', 'Message-ID', 'Date'),
    )
    .map(([size, where]) => ({
      label: `a ${size}-character ${where} line`,
      apply: (raw: Buffer) => {
        const line =
          where === 'To name'
            ? `To: "${big(size, 'n')}" <giant-name@example.org>`
            : where === 'References' || where === 'Message-ID'
              ? `${where}: <${big(size, 'r')}@example.org>`
              : `${where}: ${big(size, where === 'Date' ? ' ' : 'x')}`;
        return insertHeader(raw, line);
      },
    })),
  fc
    .tuple(
      fc.integer({ min: 65, max: 20_000 }),
      fc.constantFrom('From', 'To', 'Cc', 'Reply-To'),
      fc.boolean(),
    )
    .map(([size, header, named]) => ({
      label: `a ${size}-character address in ${header}`,
      apply: (raw: Buffer) => {
        const address = `${big(size, 'l')}@example.org`;
        const value = named ? `"${big(size, 'N')}" <${address}>` : address;
        return insertHeader(raw, `${header}: ${value}, Real Person <real@example.org>`);
      },
    })),
);

/** A message nested `depth` multiparts deep. */
function deeplyNested(depth: number, from: string): Buffer {
  const lines = [
    `From: ${from}`,
    'To: Deep <deep@example.org>',
    'Subject: deep',
    'MIME-Version: 1.0',
  ];
  for (let d = 0; d < depth; d++) {
    lines.push(`Content-Type: multipart/mixed; boundary="b${d}"`, '', `--b${d}`);
  }
  lines.push('Content-Type: text/plain', '', 'the bottom');
  for (let d = depth - 1; d >= 0; d--) lines.push(`--b${d}--`);
  return Buffer.from(lines.join(CRLF));
}

/** A multipart message with `count` parts. */
function manyParts(count: number, from: string): Buffer {
  const lines = [
    `From: ${from}`,
    'To: Parts <parts@example.org>',
    'Subject: parts',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary="p"',
    '',
  ];
  for (let i = 0; i < count; i++)
    lines.push(
      '--p',
      `Content-Type: ${i % 2 ? 'text/plain' : 'application/octet-stream'}`,
      '',
      `part ${i}`,
    );
  lines.push('--p--');
  return Buffer.from(lines.join(CRLF));
}

const sender = fc.constantFrom(USER, `Someone Else <stranger@example.net>`);

/** A header value of a size from ordinary to over a megabyte. */
const anySize = fc.oneof(
  fc.integer({ min: 0, max: 300 }),
  fc.integer({ min: 300, max: 20_000 }),
  fc.constantFrom(250, 254, 255, 998, 999, 65_536, 500_000, 1_100_000),
);
const mailbox = fc
  .tuple(fc.integer({ min: 1, max: 400 }), anySize, fc.nat())
  .map(([local, name, n]) => `"${big(name, 'N')}" <${big(local, 'a')}${n}@example.org>`);

/** An email written to be too big in every field a header has: sizes around every limit. */
const giantFields = fc
  .record({
    from: fc.oneof(sender, mailbox),
    to: fc.array(mailbox, { minLength: 1, maxLength: 4 }),
    subject: anySize,
    messageId: anySize,
    references: anySize,
  })
  .map((f) => ({
    label: `giant fields: subject ${f.subject}, Message-ID ${f.messageId}, References ${f.references}, To ${f.to.map((t) => t.length).join('/')}`,
    raw: Buffer.from(
      [
        `From: ${f.from}`,
        `To: ${[...f.to, 'Real Person <real@example.org>'].join(', ')}`,
        `Subject: ${big(f.subject, 's')}`,
        `Message-ID: <${big(f.messageId, 'm')}${randomBytes(4).toString('hex')}@example.org>`,
        `References: <${big(f.references, 'r')}@example.org>`,
        'Date: Mon, 23 Nov 2026 10:00:00 +0000',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Hello there.',
      ].join(CRLF),
    ),
  }));

const message: fc.Arbitrary<{ label: string; raw: Buffer }> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.integer({ min: 0, max: corpus.length - 1 }),
        fc.boolean(),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
      )
      .map(([i, fromUser, mutations]) => {
        const source = corpus[i]!;
        let raw = fromUser ? withFrom(source.raw, USER) : source.raw;
        for (const m of mutations) raw = m.apply(raw);
        return { label: `${source.name}: ${mutations.map((m) => m.label).join(', ')}`, raw };
      }),
  },
  { weight: 3, arbitrary: giantFields },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 10, max: 600 }), sender).map(([depth, from]) => ({
      label: `nested ${depth} deep`,
      raw: deeplyNested(depth, from),
    })),
  },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 500, max: 5000 }), sender).map(([count, from]) => ({
      label: `${count} parts`,
      raw: manyParts(count, from),
    })),
  },
);

/** fast-check prints a counterexample by its label, not its megabytes. */
const labelled = message.map((m) => Object.assign(m, { [fc.toStringMethod]: () => m.label }));

describe('mutated and monstrous MIME through the ingest handler (SPEC 2.8)', () => {
  let h: Harness;
  let user: User;
  let handler: (event: unknown) => Promise<IngestOutcome[]>;
  const outcomes: IngestOutcome[] = [];
  const slowest = { ms: 0, label: '' };

  beforeAll(async () => {
    h = await createHarness('mime-property', new Date().toISOString());
    user = await h.register(USER, 'Europe/Berlin');
    ({ handler } = await import('../../functions/ingest/handler'));
  });

  async function deliver(raw: Buffer): Promise<{ outcome: IngestOutcome; s3Key: string }> {
    const id = randomBytes(12).toString('hex');
    const s3Key = `${h.ctx.prefix}${id}`;
    await h.ctx.s3.send(new PutObjectCommand({ Bucket: h.ctx.bucket, Key: s3Key, Body: raw }));
    const result = await handler(sesEvent(id, [LOG]));
    expect(result).toHaveLength(1);
    return { outcome: result[0]!, s3Key };
  }

  it(
    'ends every message logged, dropped, a duplicate or quarantined with a reason, in time',
    async () => {
      expect(corpus.length).toBeGreaterThan(200);
      await fc.assert(
        fc.asyncProperty(labelled, async ({ label, raw }) => {
          const started = performance.now();
          const { outcome, s3Key } = await deliver(raw);
          const ms = performance.now() - started;
          if (ms > slowest.ms) Object.assign(slowest, { ms, label });
          expect(ms, label).toBeLessThan(BUDGET_MS);
          outcomes.push(outcome);
          switch (outcome.outcome) {
            case 'logged':
              expect(outcome.contacts).toBeGreaterThan(0);
              break;
            case 'dropped':
              expect(outcome.reason).toMatch(/\w/);
              break;
            case 'duplicate':
              break;
            case 'quarantined': {
              expect(QUARANTINE_REASONS).toContain(outcome.reason);
              const records = [
                ...(await h.app.quarantine.list(user.id)),
                ...(await h.app.quarantine.list(null)),
              ];
              expect(records.find((r) => r.s3Key === s3Key)?.reason, label).toBe(outcome.reason);
              break;
            }
            default:
              throw new Error(`${label}: unexpected outcome ${JSON.stringify(outcome)}`);
          }
        }),
        fcParameters(RUNS),
      );
      console.info(
        `mime property: ${outcomes.length} messages, slowest ${slowest.ms.toFixed(0)} ms (${slowest.label})`,
      );
    },
    timeoutFor(RUNS, 2_000),
  );

  it('leaves the store consistent: every interaction has its contact, and the counts match', async () => {
    const doc = DynamoDBDocumentClient.from(h.ctx.dynamodb);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await doc.send(
        new QueryCommand({
          TableName: h.ctx.table,
          KeyConditionExpression: 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.userPartition(user.id) },
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const contacts = await h.app.contacts.list(user.id);
    const byEmail = new Map(contacts.map((c) => [c.email, c]));
    const interactions = items.filter((i) => i.type === 'interaction');
    const perContact = new Map<string, number>();
    for (const i of interactions) {
      const email = String(i.contactEmail);
      expect(byEmail.has(email), `interaction of ${email} without its contact`).toBe(true);
      perContact.set(email, (perContact.get(email) ?? 0) + 1);
    }
    for (const c of contacts) {
      expect(c.interactionCount, c.email).toBe(perContact.get(c.email) ?? 0);
      const newest = interactions
        .filter((i) => i.contactEmail === c.email)
        .map((i) => String(i.at))
        .sort()
        .pop();
      expect(c.lastInteractionAt, c.email).toBe(newest ?? null);
    }
    const logged = outcomes.reduce((n, o) => n + (o.outcome === 'logged' ? o.contacts : 0), 0);
    expect(interactions.length).toBe(logged);
    for (const p of items.filter((i) => i.type === 'prompt'))
      expect(byEmail.has(String(p.contactEmail)), 'a prompt without its contact').toBe(true);
  });
});
