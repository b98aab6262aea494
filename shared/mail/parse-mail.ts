import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import EmailForwardParser from 'email-forward-parser';
import { isAddress } from '../domain/address';
import type { ForwardedBlock, Mailbox, MailFacts } from '../domain/mail-facts';

export class UnparseableMailError extends Error {
  override name = 'UnparseableMailError';
}

const forwardParser = new EmailForwardParser();

/** Parses raw MIME into MailFacts. Throws UnparseableMailError when it is not an email at all. */
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
  const fromAll = mailboxes(parsed.from);
  const text = parsed.text ?? '';
  const html = typeof parsed.html === 'string' ? parsed.html : null;
  return {
    from: fromAll[0] ?? null,
    fromAll,
    to: mailboxes(parsed.to),
    cc: mailboxes(parsed.cc),
    subject: parsed.subject?.trim() || null,
    date: validDate(parsed.date),
    rawDate: headers.get('date') ?? null,
    messageId: parsed.messageId?.trim() || null,
    inReplyTo: parsed.inReplyTo?.trim() || null,
    references: references(parsed.references),
    headers,
    text,
    html,
    // mailparser already derives text from an HTML-only body (html-to-text).
    forwarded: await forwardedBlock(parsed, text),
  };
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

function mailboxes(field: AddressObject | AddressObject[] | undefined): Mailbox[] {
  if (!field) return [];
  const out: Mailbox[] = [];
  const visit = (entries: Array<{ address?: string; name?: string; group?: unknown[] }>) => {
    for (const entry of entries) {
      if (Array.isArray(entry.group)) visit(entry.group as typeof entries);
      const address = entry.address?.trim().toLowerCase();
      if (address && isAddress(address)) out.push({ address, name: entry.name?.trim() || null });
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
  return (Array.isArray(value) ? value : value.split(/\s+/)).map((r) => r.trim()).filter(Boolean);
}

async function forwardedBlock(parsed: ParsedMail, text: string): Promise<ForwardedBlock | null> {
  // A forward attached as message/rfc822 is the most precise form: its headers are real headers.
  const attached = parsed.attachments.find((a) => a.contentType.toLowerCase() === 'message/rfc822');
  if (attached) {
    try {
      const inner = await simpleParser(attached.content, {
        skipImageLinks: true,
        skipTextToHtml: true,
      });
      const from = mailboxes(inner.from)[0] ?? null;
      if (from) {
        return {
          from,
          to: mailboxes(inner.to),
          cc: mailboxes(inner.cc),
          subject: inner.subject?.trim() || null,
          date: validDate(inner.date),
          body: inner.text ?? '',
          note: text.trim() || null,
        };
      }
    } catch {
      // An unreadable attachment is not a forward; fall through to the inline forms.
    }
  }
  if (!text.trim()) return null;
  const result = forwardParser.read(text, parsed.subject ?? '');
  if (!result.forwarded || !result.email) return null;
  const email = result.email;
  return {
    from: forwardedMailbox(email.from),
    to: forwardedList(email.to),
    cc: forwardedList(email.cc),
    subject: email.subject?.trim() || null,
    date: email.date?.trim() || null,
    body: email.body ?? '',
    note: result.message?.trim() || null,
  };
}

type ForwardedField = Parameters<typeof forwardedMailbox>[0];

function forwardedList(field: ForwardedField | ForwardedField[] | undefined): Mailbox[] {
  const list = Array.isArray(field) ? field : field ? [field] : [];
  return list.map(forwardedMailbox).filter((m): m is Mailbox => m !== null);
}

function forwardedMailbox(
  m: { address?: string | null; name?: string | null } | null | undefined,
): Mailbox | null {
  const address = m?.address?.trim().toLowerCase();
  if (!address || !isAddress(address)) return null;
  return { address, name: m?.name?.trim() || null };
}
