import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QUARANTINE_REASONS, type QuarantineReason } from '../../shared/domain/types';
import type { IngestOutcome } from '../../shared/use-cases/ingest-email';
import { sesEvent } from '../support/ses-event';
import { createHarness, type Harness } from '../support/tend-harness';

const ROOT = fileURLToPath(new URL('../../../shared/corpus/eml/', import.meta.url));
const REASONS: readonly QuarantineReason[] = QUARANTINE_REASONS;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

const files = walk(ROOT).sort();
const USER = 'corpus-user@example.com';

/**
 * Puts the registered user in the From header (replacing it, with its folded lines, or adding
 * one), so the message gets past the sender check and exercises the rest of ingest.
 */
function fromUser(raw: Buffer): Buffer {
  const text = raw.toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const head = end < 0 ? text : text.slice(0, end);
  const rest = end < 0 ? '' : text.slice(end);
  const nl = head.includes('\r\n') ? '\r\n' : '\n';
  const lines = head.split(/\r?\n/);
  const out: string[] = [];
  let skipping = false;
  let replaced = false;
  for (const line of lines) {
    if (skipping && /^[ \t]/.test(line)) continue;
    skipping = false;
    if (/^from\s*:/i.test(line)) {
      skipping = true;
      if (!replaced) out.push(`From: Corpus User <${USER}>`);
      replaced = true;
      continue;
    }
    out.push(line);
  }
  if (!replaced) out.unshift(`From: Corpus User <${USER}>`);
  return Buffer.from(out.join(nl) + rest, 'latin1');
}

describe('every email in ../shared/corpus/eml goes through the ingest handler', () => {
  let h: Harness;
  let handler: (event: unknown) => Promise<IngestOutcome[]>;

  beforeAll(async () => {
    h = await createHarness('corpus');
    await h.register(USER, 'Europe/Berlin');
    // The harness pointed the environment at this file's table and bucket; the handler reads it once.
    ({ handler } = await import('../../functions/ingest/handler'));
  });

  /** As SES does it: the raw bytes into the bucket, then the Lambda action's event. */
  async function deliver(raw: Buffer): Promise<IngestOutcome> {
    const id = randomBytes(12).toString('hex');
    await h.ctx.s3.send(
      new PutObjectCommand({ Bucket: h.ctx.bucket, Key: `${h.ctx.prefix}${id}`, Body: raw }),
    );
    const outcomes = await handler(sesEvent(id, ['log@in.tend.localhost']));
    expect(outcomes).toHaveLength(1);
    return outcomes[0]!;
  }

  it('finds the corpus', () => {
    expect(files.length).toBeGreaterThan(200);
  });

  it.each(files.map((f) => relative(ROOT, f)))(
    '%s ends logged, dropped or quarantined with a reason',
    async (name) => {
      const raw = readFileSync(join(ROOT, name));
      for (const variant of [raw, fromUser(raw)]) {
        const out = await deliver(variant);
        switch (out.outcome) {
          case 'logged':
            expect(out.contacts).toBeGreaterThan(0);
            break;
          case 'quarantined':
            expect(REASONS).toContain(out.reason);
            break;
          case 'dropped':
            expect(out.reason).toMatch(/\w/);
            break;
          case 'duplicate':
            // Several corpus files share a Message-ID; the second is a duplicate for this user.
            expect(variant).not.toBe(raw);
            break;
          default:
            throw new Error(`unexpected outcome ${JSON.stringify(out)}`);
        }
      }
    },
  );

  it('logged or quarantined something for most of the corpus (the checks are not vacuous)', async () => {
    const user = await h.app.users.findByAddress(USER);
    const contacts = await h.app.contacts.list(user!.id);
    const quarantined = await h.app.quarantine.list(user!.id);
    expect(contacts.length).toBeGreaterThan(50);
    expect(quarantined.length).toBeGreaterThan(10);
  });
});
