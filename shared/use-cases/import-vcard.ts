import { isAddress } from '../mail/parse-mail';
import { ImportFormatError, type ImportParse } from './import-contacts';

/**
 * vCard files (.vcf) from Apple Contacts, Google Contacts, Outlook and phones: vCard 3.0
 * (RFC 2426) and 4.0 (RFC 6350), plus the 2.1 quoted-printable values older phones still write.
 * Tend reads only FN (or N), EMAIL, NOTE and CATEGORIES; a card without an email is skipped.
 */

interface Property {
  name: string;
  params: Map<string, string[]>;
  value: string;
}

interface Card {
  props: Property[];
  line: number;
}

/** A tag is one word like the reply command's (shared/domain/commands.ts); categories are squeezed into one. */
const MAX_TAG_CHARS = 40;
/** More notes than this on one card is not something a digest line can show anyway. */
const MAX_NOTES_PER_CARD = 5;

export function parseVCards(input: Buffer | string): ImportParse {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const cards = splitCards(unfold(bytes.subarray(hasBom(bytes) ? 3 : 0)));
  if (cards.length === 0)
    throw new ImportFormatError(
      'this is not a vCard file: there is no BEGIN:VCARD … END:VCARD block',
    );
  const out: ImportParse = { contacts: [], problems: [] };
  for (const card of cards) {
    const where = `card at line ${card.line}`;
    const get = (name: string) => card.props.filter((p) => p.name === name);
    const emails = get('EMAIL')
      .map((p) => ({
        address: textValue(p)
          .trim()
          .replace(/^mailto:/i, '')
          .toLowerCase(),
        rank: prefRank(p),
      }))
      .filter((e) => e.address !== '');
    const valid = emails.filter((e) => isAddress(e.address)).sort((a, b) => a.rank - b.rank);
    const name = fullName(card);
    const primary = valid[0];
    if (!primary) {
      const why =
        emails.length > 0
          ? `'${emails[0]?.address}' is not an email address`
          : 'it has no email address';
      out.problems.push({ where, problem: `${name ?? 'a card'} is skipped: ${why}` });
      continue;
    }
    const tags = [
      ...new Set(
        get('CATEGORIES')
          .flatMap((p) => splitUnescaped(decoded(p), ','))
          .map(tagOf)
          .filter((t): t is string => t !== null),
      ),
    ];
    const notes = get('NOTE')
      .map((p) => textValue(p).trim())
      .filter(Boolean)
      .slice(0, MAX_NOTES_PER_CARD);
    out.contacts.push({
      key: primary.address,
      name,
      linkedinUrl: null,
      connectedAt: null,
      tags,
      notes,
      where,
    });
  }
  return out;
}

/**
 * RFC 6350 3.2: a line starting with a space or tab continues the previous one (the line break
 * and that one character are removed). Done on bytes, before decoding, because folding may fall
 * inside a multi-byte UTF-8 character. vCard 2.1 quoted-printable values instead end a line
 * with '=' and go on at the start of the next.
 */
function unfold(input: Buffer): Array<{ text: string; line: number }> {
  const logical: Array<{ bytes: Buffer[]; line: number; qp: boolean }> = [];
  let start = 0;
  let lineNo = 0;
  while (start <= input.length) {
    let end = input.indexOf(0x0a, start);
    if (end < 0) end = input.length;
    lineNo += 1;
    let raw = input.subarray(start, end);
    if (raw[raw.length - 1] === 0x0d) raw = raw.subarray(0, raw.length - 1);
    start = end + 1;
    const last = logical[logical.length - 1];
    const tail = last?.bytes[last.bytes.length - 1];
    if (last && (raw[0] === 0x20 || raw[0] === 0x09)) {
      last.bytes.push(raw.subarray(1));
    } else if (last && last.qp && tail && tail[tail.length - 1] === 0x3d) {
      last.bytes[last.bytes.length - 1] = tail.subarray(0, tail.length - 1);
      last.bytes.push(raw);
    } else if (raw.toString('latin1').trim() !== '') {
      logical.push({ bytes: [raw], line: lineNo, qp: isQuotedPrintable(raw.toString('latin1')) });
    }
  }
  return logical.map((l) => ({ text: Buffer.concat(l.bytes).toString('utf8'), line: l.line }));
}

function isQuotedPrintable(line: string): boolean {
  const colon = nameEnd(line);
  return colon > 0 && /;(encoding=)?quoted-printable(;|$)/i.test(line.slice(0, colon));
}

/** Index of the ':' that ends the name and parameters (a quoted parameter value may contain ':'). */
function nameEnd(line: string): number {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) return i;
  }
  return -1;
}

function splitCards(lines: Array<{ text: string; line: number }>): Card[] {
  const cards: Card[] = [];
  let current: Card | null = null;
  // vCard 2.1 may nest a card (AGENT); its lines belong to the inner card, which Tend ignores.
  let depth = 0;
  for (const { text, line } of lines) {
    const prop = parseProperty(text);
    if (!prop) continue;
    if (prop.name === 'BEGIN' && prop.value.trim().toUpperCase() === 'VCARD') {
      depth += 1;
      if (depth === 1) current = { props: [], line };
      continue;
    }
    if (prop.name === 'END' && prop.value.trim().toUpperCase() === 'VCARD') {
      depth = Math.max(0, depth - 1);
      if (depth === 0 && current) {
        cards.push(current);
        current = null;
      }
      continue;
    }
    if (depth === 1 && current) current.props.push(prop);
  }
  return cards;
}

/** `[group.]NAME[;PARAM=VALUE[,VALUE]…][;BAREPARAM]:value` */
function parseProperty(line: string): Property | null {
  const colon = nameEnd(line);
  if (colon <= 0) return null;
  const [rawName = '', ...rawParams] = splitQuoted(line.slice(0, colon), ';');
  const name = rawName
    .slice(rawName.lastIndexOf('.') + 1)
    .trim()
    .toUpperCase();
  if (!name) return null;
  const params = new Map<string, string[]>();
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    // vCard 2.1 bare parameters (`EMAIL;INTERNET;PREF:`) are TYPE values, or the encoding.
    const key =
      eq < 0
        ? /^(quoted-printable|base64|8bit|7bit|b)$/i.test(p)
          ? 'ENCODING'
          : 'TYPE'
        : p.slice(0, eq).trim().toUpperCase();
    const values = (eq < 0 ? p : p.slice(eq + 1))
      .split(',')
      .map((v) => v.trim().replace(/^"(.*)"$/, '$1'))
      .filter(Boolean);
    params.set(key, [...(params.get(key) ?? []), ...values]);
  }
  return { name, params, value: line.slice(colon + 1) };
}

/** Splits on `sep` outside double quotes (parameter values may be quoted). */
function splitQuoted(text: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (ch === sep && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

/** Splits a value on `sep` where it is not escaped with a backslash, then unescapes each part. */
function splitUnescaped(value: string, sep: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i] as string;
    if (ch === '\\' && i + 1 < value.length) {
      current += ch + (value[i + 1] as string);
      i += 1;
    } else if (ch === sep) {
      parts.push(unescapeText(current));
      current = '';
    } else current += ch;
  }
  parts.push(unescapeText(current));
  return parts;
}

/** RFC 6350 3.4: `\n` (or `\N`) is a newline, `\,` `\;` `\\` stand for themselves. */
function unescapeText(value: string): string {
  return value.replace(/\\([\s\S])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

/** A text property's value: decoded (2.1 quoted-printable) and unescaped. */
function textValue(p: Property): string {
  return unescapeText(decoded(p));
}

function decoded(p: Property): string {
  const encoding = (p.params.get('ENCODING') ?? []).map((e) => e.toLowerCase());
  if (!encoding.includes('quoted-printable')) return p.value;
  const bytes: number[] = [];
  const raw = Buffer.from(p.value, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const hex = raw[i] === 0x3d ? raw.subarray(i + 1, i + 3).toString('latin1') : '';
    if (/^[0-9a-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i] as number);
  }
  const charset = p.params.get('CHARSET')?.[0] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(Uint8Array.from(bytes));
  } catch {
    return new TextDecoder('utf-8').decode(Uint8Array.from(bytes));
  }
}

/** FN, else N's given and family names. */
function fullName(card: Card): string | null {
  const fn = card.props.find((p) => p.name === 'FN');
  const formatted = fn ? textValue(fn).replace(/\s+/g, ' ').trim() : '';
  if (formatted) return formatted;
  const n = card.props.find((p) => p.name === 'N');
  if (!n) return null;
  // N = family;given;additional;prefixes;suffixes; each may be a comma list.
  const [family = '', given = '', additional = '', prefix = '', suffix = ''] = splitUnescaped(
    decoded(n),
    ';',
  ).map((c) => c.replace(/,/g, ' ').trim());
  return (
    [prefix, given, additional, family, suffix].filter(Boolean).join(' ').replace(/\s+/g, ' ') ||
    null
  );
}

/** Lower is more preferred: 4.0 `PREF=1`…`100`, 3.0 `TYPE=pref`, 2.1 bare `PREF`; no preference last. */
function prefRank(p: Property): number {
  const pref = Number(p.params.get('PREF')?.[0]);
  if (Number.isInteger(pref) && pref >= 1) return pref;
  if ((p.params.get('TYPE') ?? []).some((t) => t.toLowerCase() === 'pref')) return 1;
  return 101;
}

/** "Work Friends" → "work-friends": the shape reply commands accept for tags. */
function tagOf(category: string): string | null {
  const tag = category
    .trim()
    .toLowerCase()
    .replace(/[\s.]+/g, '-')
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, MAX_TAG_CHARS);
  return tag || null;
}

function hasBom(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}
