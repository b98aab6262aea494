import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { isAddress } from '../domain/address';
import { boundedText } from '../domain/bounded-text';
import { MAX_HEADER_LINE_CHARS } from '../domain/limits';
import type { ForwardedBlock, Mailbox, MailFacts } from '../domain/mail-facts';
import { onFirstUse } from '../on-first-use';
import { calendarPart } from './calendar-part';

export class UnparseableMailError extends Error {
  override name = 'UnparseableMailError';
}

/**
 * email-forward-parser, made on the first email it could find a forward in (issue 9: it is not
 * part of every cold start of the ingest function).
 */
const forwardParser = onFirstUse(async () => {
  const { default: EmailForwardParser } = await import('email-forward-parser');
  return new EmailForwardParser();
});

/**
 * Whether the forward parser could call this email forwarded. Given a subject, it looks in the
 * body only when the subject starts a line with a forward prefix ("Fwd:", "TR:", "WG:"…), every
 * one of which ends in a colon; without one, it reads the body. So mail whose subject has no
 * colon is not a forward to it, and the parser need not load for it.
 */
function mayBeInlineForward(subject: string): boolean {
  return subject === '' || /[:：]/.test(subject);
}

/**
 * Parses raw MIME into MailFacts. Throws UnparseableMailError when it is not an email at all.
 * What it keeps is bounded whatever the input (SPEC 2.8): header text to one header line, an
 * address to the lengths SMTP allows (anything longer is not an address: a From is then
 * unreadable, a recipient skipped and counted).
 */
export async function parseMail(raw: Buffer): Promise<MailFacts> {
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  } catch (cause) {
    throw new UnparseableMailError('mailparser could not read the message', { cause });
  }
  if (parsed.headerLines.length === 0) {
    throw new UnparseableMailError('the message has no headers');
  }
  const headers = headerMap(parsed);
  const from = readMailboxes(parsed.from);
  const to = readMailboxes(parsed.to);
  const cc = readMailboxes(parsed.cc);
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  // mailparser already derives text from an HTML-only body (html-to-text).
  const forwarded = await forwardedBlock(parsed, text);
  return {
    // The first From as written: when that is not an address, the sender is unknown.
    from: from.firstIsAddress ? (from.mailboxes[0] ?? null) : null,
    fromAll: from.mailboxes,
    to: to.mailboxes,
    cc: cc.mailboxes,
    unreadableAddresses: to.unreadable + cc.unreadable + (forwarded?.unreadable ?? 0),
    subject: headerText(parsed.subject),
    date: validDate(parsed.date),
    rawDate: oneLine(headers.get('date')),
    messageId: oneLine(parsed.messageId),
    inReplyTo: oneLine(parsed.inReplyTo),
    references: references(parsed.references),
    headers,
    text,
    html,
    forwarded: forwarded?.block ?? null,
    calendar: await calendarPart(parsed.attachments),
  };
}

/** Header text as kept: trimmed, at most one header line, null when empty. */
function headerText(value: string | null | undefined): string | null {
  const text = value?.trim();
  return text ? boundedText(text, MAX_HEADER_LINE_CHARS) : null;
}

/** A value that cannot be folded (a Message-ID, a date): one longer than a header line is not
 * one at all. */
function oneLine(value: string | undefined): string | null {
  const text = value?.trim();
  return text && text.length <= MAX_HEADER_LINE_CHARS
    ? boundedText(text, MAX_HEADER_LINE_CHARS)
    : null;
}

function headerMap(parsed: ParsedMail): Map<string, string> {
  const map = new Map<string, string>();
  for (const { key, line } of parsed.headerLines) {
    if (map.has(key)) continue;
    const colon = line.indexOf(':');
    map.set(
      key.toLowerCase(),
      (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim(),
    );
  }
  return map;
}

interface ReadMailboxes {
  mailboxes: Mailbox[];
  /** Entries with something in the address slot that is not an address (too long, malformed). */
  unreadable: number;
  /** Whether the first entry with an address has a readable one. */
  firstIsAddress: boolean;
}

function readMailboxes(field: AddressObject | AddressObject[] | undefined): ReadMailboxes {
  const out: ReadMailboxes = { mailboxes: [], unreadable: 0, firstIsAddress: false };
  if (!field) return out;
  let seenAny = false;
  const visit = (entries: Array<{ address?: string; name?: string; group?: unknown[] }>) => {
    for (const entry of entries) {
      if (Array.isArray(entry.group)) visit(entry.group as typeof entries);
      const address = entry.address?.trim().toLowerCase();
      if (!address) continue;
      const readable = isAddress(address);
      if (!seenAny) out.firstIsAddress = readable;
      seenAny = true;
      if (readable) out.mailboxes.push({ address, name: headerText(entry.name) });
      else out.unreadable++;
    }
  };
  for (const obj of Array.isArray(field) ? field : [field]) visit(obj.value);
  return out;
}

function validDate(date: Date | undefined): Date | null {
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

function references(value: string | string[] | undefined): string[] {
  if (!value) return [];
  return (Array.isArray(value) ? value : value.split(/\s+/))
    .map((r) => oneLine(r))
    .filter((r): r is string => r !== null);
}

async function forwardedBlock(
  parsed: ParsedMail,
  text: string,
): Promise<{ block: ForwardedBlock; unreadable: number } | null> {
  // A forward attached as message/rfc822 is the most precise form: its headers are real headers.
  const attached = parsed.attachments.find((a) => a.contentType.toLowerCase() === 'message/rfc822');
  if (attached) {
    try {
      const inner = await simpleParser(attached.content, {
        skipImageLinks: true,
        skipTextToHtml: true,
      });
      const from = readMailboxes(inner.from);
      if (from.firstIsAddress && from.mailboxes[0]) {
        const to = readMailboxes(inner.to);
        const cc = readMailboxes(inner.cc);
        return {
          block: {
            from: from.mailboxes[0],
            to: to.mailboxes,
            cc: cc.mailboxes,
            subject: headerText(inner.subject),
            date: validDate(inner.date),
            body: inner.text ?? '',
            note: text.trim() || null,
          },
          unreadable: to.unreadable + cc.unreadable,
        };
      }
    } catch {
      // An unreadable attachment is not a forward; fall through to the inline forms.
    }
  }
  const subject = parsed.subject ?? '';
  if (!text.trim() || !mayBeInlineForward(subject)) return null;
  const result = (await forwardParser()).read(withoutEchoedLinks(text), subject);
  if (!result.forwarded || !result.email) return null;
  const email = result.email;
  const to = forwardedList(email.to);
  const cc = forwardedList(email.cc);
  return {
    block: {
      from: forwardedMailbox(email.from),
      to: to.mailboxes,
      cc: cc.mailboxes,
      subject: headerText(email.subject),
      date: headerText(email.date),
      body: email.body ?? '',
      note: result.message?.trim() || null,
    },
    unreadable: to.unreadable + cc.unreadable,
  };
}

/**
 * An HTML-only forward (Gmail's, each address a mailto link) reaches us as mailparser's
 * html-to-text rendering, which echoes a link's target after its text: `lena@x.example
 * [lena@x.example]`. The forward parser reads that as no address at all; one copy is what
 * the sender's client showed.
 */
function withoutEchoedLinks(text: string): string {
  if (!text.includes('[')) return text;
  // Bounded like an address (RFC 5321): linear on any text, megabyte lines included.
  return text.replace(/([^\s<>[\]@]{1,64}@[^\s<>[\]@]{1,255})\s+\[(?:mailto:)?\1\]/gi, '$1');
}

type ForwardedField = Parameters<typeof forwardedMailbox>[0];

function forwardedList(field: ForwardedField | ForwardedField[] | undefined) {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  const mailboxes = list.map(forwardedMailbox).filter((m): m is Mailbox => m !== null);
  const unreadable = list.filter((m) => m?.address?.trim() && !forwardedMailbox(m)).length;
  return { mailboxes, unreadable };
}

function forwardedMailbox(
  m: { address?: string | null; name?: string | null } | null | undefined,
): Mailbox | null {
  const address = m?.address?.trim().toLowerCase();
  if (!address || !isAddress(address)) return null;
  return { address, name: headerText(m?.name) };
}
