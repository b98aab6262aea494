import type { App } from '../ports/app-context';
import type { Verdicts } from '../domain/ingest/sender-check';
import type { QuarantineReason, QuarantineRecord } from '../domain/types';
import { RawMailMissingError } from '../ports/raw-mail-store';
import { ingestDeps } from './ingest-deps';
import { ingestEmail, type IngestOutcome } from './ingest-email';

/**
 * `tend reprocess S3KEY|--all` (SPEC 2.8, 5): runs quarantined mail through ingest again, after
 * the cause went away (the sender registered, a parser got better). The raw message is still in S3.
 */

export interface ReprocessResult {
  s3Key: string;
  /** `kept`: not re-run (it failed the sender checks). */
  outcome: IngestOutcome['outcome'] | 'kept';
  message: string;
  /** Whether the quarantine record was removed. */
  released: boolean;
}

/** Quarantines written before the sender is known: their record has no user (ingest-email.ts). */
const UNSCOPED_REASONS = new Set<QuarantineReason>(['unparseable', 'too-large', 'unknown-sender']);

/** The SES receipt verdicts cannot be re-checked after the fact: this is the one reason that stays. */
const KEEP_REASON: QuarantineReason = 'failed-authentication';

/** Verdicts that pass SPEC 2.2's check, for mail whose sender checks are known to have passed. */
const PASSED: Verdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' };

export async function reprocessQuarantined(
  app: App,
  record: QuarantineRecord,
): Promise<ReprocessResult> {
  if (record.reason === KEEP_REASON) {
    return {
      s3Key: record.s3Key,
      outcome: 'kept',
      released: false,
      message: `kept in quarantine: it failed the sender checks (${record.detail ?? 'SPF/DKIM/DMARC'}), which cannot be re-checked now`,
    };
  }
  // The record keeps what SES said on receipt; the sender checks are re-run as they were.
  const stored = record.receipt;
  let raw: Buffer | null = null;
  if (!stored) {
    try {
      raw = await app.rawMail.get(record.s3Key);
    } catch (error) {
      if (!(error instanceof RawMailMissingError)) throw error;
    }
  }
  const outcome = await ingestEmail(ingestDeps(app), {
    s3Key: record.s3Key,
    receivedAt: new Date(record.receivedAt),
    recipients:
      stored?.recipients ??
      (raw
        ? inboundRecipients(raw, app.config.TEND_INBOUND_DOMAIN)
        : [`log@${app.config.TEND_INBOUND_DOMAIN}`]),
    envelopeSender: stored?.envelopeSender ?? (raw && returnPath(raw)) ?? record.from,
    verdicts: stored?.verdicts ?? (raw && sesVerdicts(raw)) ?? PASSED,
  });

  let released = false;
  if (outcome.outcome === 'quarantined') {
    // Ingest wrote a record for the same key; the old one goes only if it sits elsewhere (another owner).
    const owner = UNSCOPED_REASONS.has(outcome.reason)
      ? null
      : ((await app.users.findByAddress(record.from.toLowerCase()))?.id ?? null);
    if (owner !== record.userId) {
      await app.quarantine.delete(record);
      released = true;
    }
  } else {
    await app.quarantine.delete(record);
    released = true;
  }
  return {
    s3Key: record.s3Key,
    outcome: outcome.outcome,
    released,
    message: describe(outcome, record.reason),
  };
}

/**
 * A key that is not in quarantine (SPEC 2.8: ingest failed after its retries, the raw mail is in S3).
 * Without a quarantine record nothing says the sender checks passed, so SES's Authentication-Results
 * header must: without it the message is refused rather than trusted.
 */
export async function reprocessKey(app: App, s3Key: string): Promise<ReprocessResult | null> {
  let raw: Buffer;
  try {
    raw = await app.rawMail.get(s3Key);
  } catch (error) {
    if (error instanceof RawMailMissingError) return null;
    throw error;
  }
  const verdicts = sesVerdicts(raw);
  if (!verdicts) {
    return {
      s3Key,
      outcome: 'kept',
      released: false,
      message:
        'not reprocessed: it is not in quarantine and has no SES Authentication-Results header, so its sender checks are unknown',
    };
  }
  const outcome = await ingestEmail(ingestDeps(app), {
    s3Key,
    receivedAt: app.clock.now(),
    recipients: inboundRecipients(raw, app.config.TEND_INBOUND_DOMAIN),
    // No record to take the sender from: SES's Return-Path, else the From address (never empty,
    // which would read as a bounce).
    envelopeSender: returnPath(raw) ?? fromAddress(raw) ?? '',
    verdicts,
  });
  return { s3Key, outcome: outcome.outcome, released: false, message: describe(outcome, null) };
}

function describe(o: IngestOutcome, before: QuarantineReason | null): string {
  switch (o.outcome) {
    case 'logged':
      return `logged ${o.contacts} contact${o.contacts === 1 ? '' : 's'}`;
    case 'duplicate':
      return 'already logged before: nothing new';
    case 'dropped':
      return `dropped as machine mail (${o.reason})`;
    case 'reply':
      return `handled as a reply: ${o.result}`;
    case 'meeting':
      return o.result === 'scheduled'
        ? `a future meeting with ${o.contacts} contact${o.contacts === 1 ? '' : 's'}: logged when it starts`
        : o.result === 'cancelled'
          ? 'a cancelled meeting: removed'
          : `a meeting: nothing to change (${o.result})`;
    case 'login':
      return o.result === 'sent'
        ? 'answered with a sign-in link'
        : o.result === 'address-added'
          ? 'proved an address claimed in Settings: added'
          : 'a sign-in request: no link sent';
    case 'news':
      return o.result === 'sent'
        ? 'answered with the news checklist'
        : o.result === 'no-news'
          ? 'news@ without any news: asked for it'
          : 'news: nothing sent';
    case 'quarantined':
      return o.reason === before
        ? `still quarantined: ${o.reason}`
        : `quarantined again, now as ${o.reason}`;
  }
}

/** The header block of raw MIME, unfolded, as [lower-case name, value] pairs in order. */
function headerLines(raw: Buffer): Array<[string, string]> {
  const text = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = text.search(/\r?\n\r?\n/);
  const block = (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const out: Array<[string, string]> = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0)
      out.push([line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()]);
  }
  return out;
}

const ADDRESS = /[^\s<>"'(),;:[\]]+@[^\s<>"'(),;:[\]]+/g;

/**
 * Which inbound addresses the message was sent to. The quarantine record does not keep SES's
 * recipient list, so it is read back from the message: the envelope recipient SES and most MTAs
 * write (`Received: … for <log+mentor@…>`, Delivered-To, X-Original-To), then To and Cc (where a
 * reply's `reply+TOKEN@` is). A BCC to `log@` leaves no trace outside the envelope: plain `log@`.
 */
export function inboundRecipients(raw: Buffer, domain: string): string[] {
  const found: string[] = [];
  for (const [name, value] of headerLines(raw)) {
    let candidates: string[] = [];
    if (name === 'received')
      candidates = [...value.matchAll(/\bfor\s+<?([^\s<>;]+@[^\s<>;]+)>?/gi)].map(
        (m) => m[1] ?? '',
      );
    else if (['delivered-to', 'x-original-to', 'to', 'cc'].includes(name))
      candidates = value.match(ADDRESS) ?? [];
    for (const c of candidates) {
      const address = c.toLowerCase().replace(/\.$/, '');
      if (address.slice(address.lastIndexOf('@') + 1) === domain && !found.includes(address))
        found.push(address);
    }
  }
  return found.length > 0 ? found : [`log@${domain}`];
}

/** The envelope sender SES wrote as Return-Path (`<>` for a bounce: empty). */
function returnPath(raw: Buffer): string | null {
  const header = headerLines(raw).find(([name]) => name === 'return-path');
  return header ? header[1].replace(/^<|>$/g, '').trim() : null;
}

function fromAddress(raw: Buffer): string | null {
  const header = headerLines(raw).find(([name]) => name === 'from');
  return header?.[1].match(ADDRESS)?.[0]?.toLowerCase() ?? null;
}

/**
 * SES's verdicts from the Authentication-Results header it adds on receipt (authserv-id
 * `amazonses.com`). Only the topmost such header counts: one further down came with the message.
 */
export function sesVerdicts(raw: Buffer): Verdicts | null {
  const header = headerLines(raw).find(
    ([name, value]) => name === 'authentication-results' && /^amazonses\.com\s*;/i.test(value),
  );
  if (!header) return null;
  const result = (method: string) =>
    new RegExp(`\\b${method}=(\\w+)`, 'i').exec(header[1])?.[1]?.toUpperCase() ?? 'NONE';
  return { spf: result('spf'), dkim: result('dkim'), dmarc: result('dmarc') };
}
