import ICAL from 'ical.js';
import { isAddress } from '../domain/address';
import {
  type CalendarDate,
  calendarDateProblem,
  type DateKind,
  formatCalendarDate,
  type ImportantDate,
  MIN_DATE_YEAR,
} from '../domain/important-dates';
import { ImportFormatError, type ImportParse } from './import-contacts';

/**
 * vCard files (.vcf) from Apple Contacts, Google Contacts, Outlook and phones: vCard 3.0
 * (RFC 2426) and 4.0 (RFC 6350) are read by ical.js; a small pre-pass turns the 2.1 that older
 * phones and Outlook still write (bare parameters, quoted-printable values) into 3.0 first.
 * Tend reads only FN (or N), EMAIL, NOTE, CATEGORIES, BDAY and ANNIVERSARY (and the names
 * 3.0 writers give an anniversary); a card without an email is skipped.
 */

/** A tag is one word like the reply command's (shared/domain/commands.ts); categories are squeezed into one. */
const MAX_TAG_CHARS = 40;
/** More notes than this on one card is not something a digest line can show anyway. */
const MAX_NOTES_PER_CARD = 5;

/** `now` says which years are still to come (a birthday in 2090 is a typo, not a date). */
export function parseVCards(input: Buffer | string, now?: Date): ImportParse {
  const blocks = cardBlocks(input);
  if (blocks.length === 0)
    throw new ImportFormatError(
      'this is not a vCard file: there is no BEGIN:VCARD … END:VCARD block',
    );
  const out: ImportParse = { contacts: [], problems: [] };
  for (const block of blocks) {
    const where = `card at line ${block.line}`;
    let card: ICAL.Component | undefined;
    try {
      card = components(ICAL.parse(block.text)).find((c) => c.name === 'vcard');
    } catch (error) {
      // ical.js is strict: one malformed card is reported and skipped, not the whole file.
      const why = error instanceof Error ? error.message : String(error);
      out.problems.push({ where, problem: `a card is skipped: it cannot be read (${why})` });
      continue;
    }
    if (!card) continue;
    const emails = card
      .getAllProperties('email')
      .map((p) => ({
        address: text(p.getFirstValue())
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
        card
          .getAllProperties('categories')
          .flatMap((p) => p.getValues().map(text))
          .map(tagOf)
          .filter((t): t is string => t !== null),
      ),
    ];
    const notes = card
      .getAllProperties('note')
      .map((p) => text(p.getFirstValue()).trim())
      .filter(Boolean)
      .slice(0, MAX_NOTES_PER_CARD);
    const dates: ImportantDate[] = [];
    for (const [kind, prop] of datedProperties(card)) {
      const read = vcardDate(prop, now);
      if ('problem' in read)
        out.problems.push({
          where,
          problem: `${name ?? primary.address}: ${kind} ${read.problem}`,
        });
      else dates.push({ kind, ...read.date });
    }
    out.contacts.push({
      key: primary.address,
      name,
      linkedinUrl: null,
      connectedAt: null,
      tags,
      notes,
      ...(dates.length > 0 ? { dates } : {}),
      where,
    });
  }
  return out;
}

/**
 * The top-level cards, each with the line it starts on (ical.js keeps no line numbers) and its
 * text as ical.js should see it. Each card is parsed on its own so that a broken one, or text
 * between cards, costs only that card. A nested 2.1 AGENT card stays inside its outer card.
 */
function cardBlocks(input: Buffer | string): Array<{ line: number; text: string }> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  // latin1 keeps one character per byte, so lines can be unfolded before UTF-8 decoding.
  const lines = bytes
    .subarray(hasBom(bytes) ? 3 : 0)
    .toString('latin1')
    .split(/\r?\n/);
  const blocks: Array<{ line: number; text: string }> = [];
  let depth = 0;
  let start = 0;
  lines.forEach((line, i) => {
    const marker = /^(BEGIN|END):VCARD\s*$/i.exec(line)?.[1]?.toUpperCase();
    if (marker === 'BEGIN' && depth++ === 0) start = i;
    if (marker === 'END' && depth > 0 && --depth === 0)
      blocks.push({ line: start + 1, text: prepare(lines.slice(start, i + 1)) });
  });
  return blocks;
}

/**
 * Unfolds on bytes (RFC 6350 3.2: a line starting with a space or tab continues the previous
 * one), because writers fold inside multi-byte UTF-8 characters and ical.js only sees text.
 * A 2.1 quoted-printable value ending in '=' also goes on at the start of the next line.
 */
function prepare(lines: string[]): string {
  const logical: string[] = [];
  for (const line of lines) {
    const prev = logical[logical.length - 1];
    if (prev !== undefined && /^[ \t]/.test(line))
      logical[logical.length - 1] = prev + line.slice(1);
    else if (prev !== undefined && prev.endsWith('=') && quotedPrintable(prev))
      logical[logical.length - 1] = prev.slice(0, -1) + line;
    else if (line.trim() !== '') logical.push(line);
  }
  return logical.map(from21).join('\r\n');
}

/** Whether a line's name and parameters (up to its first ':') say quoted-printable. */
function quotedPrintable(line: string): boolean {
  return /^[^:]*;(ENCODING=)?QUOTED-PRINTABLE(;|:|$)/i.test(line);
}

/**
 * A 2.1 line as 3.0 (a 3.0 or 4.0 line passes unchanged): bare parameters (`EMAIL;INTERNET;PREF:`)
 * become TYPE (or ENCODING) values, and a quoted-printable value is decoded in its CHARSET,
 * its line breaks escaped.
 */
function from21(line: string): string {
  const colon = line.indexOf(':');
  if (colon <= 0) return utf8(line);
  const head = line
    .slice(0, colon)
    .replace(/;([^;="]+)(?=;|$)/g, (_, p: string) =>
      /^(quoted-printable|base64|8bit|7bit|b)$/i.test(p) ? `;ENCODING=${p}` : `;TYPE=${p}`,
    );
  if (!quotedPrintable(head)) return utf8(head + line.slice(colon));
  const charset = /;CHARSET=([^;]+)/i.exec(head)?.[1] ?? 'utf-8';
  const value = decodeQuotedPrintable(line.slice(colon + 1), charset).replace(/\r\n|\r|\n/g, '\\n');
  return `${head.replace(/;(ENCODING|CHARSET)=[^;]*/gi, '')}:${value}`;
}

function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes = Buffer.from(
    value.replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function utf8(latin1: string): string {
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** ICAL.parse gives one jCard for a single component and an array of them for several. */
function components(jcard: unknown): ICAL.Component[] {
  if (!Array.isArray(jcard) || jcard.length === 0) return [];
  const list: unknown[] = typeof jcard[0] === 'string' ? [jcard] : jcard;
  return list.map((c) => new ICAL.Component(c as unknown[]));
}

/**
 * A text value as a string. ical.js follows RFC 6350, where only structured values escape ';',
 * but 3.0 writers (RFC 2426) escape it in every text value.
 */
function text(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\\;/g, ';') : '';
}

/** FN, else N's given and family names. */
function fullName(card: ICAL.Component): string | null {
  const formatted = text(card.getFirstPropertyValue('fn')).replace(/\s+/g, ' ').trim();
  if (formatted) return formatted;
  const n: unknown = card.getFirstProperty('n')?.getFirstValue();
  if (!Array.isArray(n)) return null;
  // N = family;given;additional;prefixes;suffixes; each may be a comma list.
  const [family = '', given = '', additional = '', prefix = '', suffix = ''] = n.map((c: unknown) =>
    (Array.isArray(c) ? c : [c]).map(text).join(' ').trim(),
  );
  return (
    [prefix, given, additional, family, suffix].filter(Boolean).join(' ').replace(/\s+/g, ' ') ||
    null
  );
}

/** Lower is more preferred: 4.0 `PREF=1`…`100`, 3.0 `TYPE=pref`, 2.1 bare `PREF`; no preference last. */
function prefRank(p: ICAL.Property): number {
  const param = (name: string) => [(p.getParameter(name) as unknown) ?? []].flat().map(String);
  const pref = Number(param('pref')[0]);
  if (Number.isInteger(pref) && pref >= 1) return pref;
  if (param('type').some((t) => t.toLowerCase() === 'pref')) return 1;
  return 101;
}

/**
 * Where address books keep an anniversary: vCard 4.0's ANNIVERSARY; in 3.0, Outlook's, KDE's
 * and Evolution's X- names, and Apple's X-ABDATE in a group labelled "Anniversary".
 */
const ANNIVERSARY_NAMES = [
  'anniversary',
  'x-anniversary',
  'x-ms-anniversary',
  'x-evolution-anniversary',
] as const;

/** The card's birthday and anniversary properties, each kind at most once. */
function datedProperties(card: ICAL.Component): Array<[DateKind, ICAL.Property]> {
  const found: Array<[DateKind, ICAL.Property]> = [];
  const birthday = card.getFirstProperty('bday');
  if (birthday) found.push(['birthday', birthday]);
  const anniversary =
    ANNIVERSARY_NAMES.map((n) => card.getFirstProperty(n)).find((p) => p !== null) ??
    appleAnniversary(card);
  if (anniversary) found.push(['anniversary', anniversary]);
  return found;
}

/** Apple writes `item1.X-ABDATE:2012-09-01` and `item1.X-ABLabel:_$!<Anniversary>!$_`. */
function appleAnniversary(card: ICAL.Component): ICAL.Property | null {
  const labelled = new Set(
    card
      .getAllProperties('x-ablabel')
      .filter((p) => /anniversary/i.test(text(p.getFirstValue())))
      .map((p) => String(p.getParameter('group'))),
  );
  return (
    card.getAllProperties('x-abdate').find((p) => labelled.has(String(p.getParameter('group')))) ??
    null
  );
}

/** `1990-05-04`, `19900504`, `--0504`, `--05-04`, with or without a time. */
const DATE_TEXT = /^(\d{4}|--)-?(\d{2})-?(\d{2})(?:T[\d:.+Z-]*)?$/i;

/**
 * A vCard date as a day of the year: RFC 6350's `--MMDD` (no year), 2.1's and 3.0's full dates,
 * Apple's 1604 with X-APPLE-OMIT-YEAR, and placeholder years (1900, 0000) read as no year. The
 * value as written (ical.js's jCard form of it): ical.js throws on a text BDAY ("circa 1800")
 * when asked for a date.
 */
function vcardDate(
  p: ICAL.Property,
  now: Date | undefined,
): { date: CalendarDate } | { problem: string } {
  const written = text((p.jCal as unknown[])[3]).trim();
  const m = DATE_TEXT.exec(written);
  if (!m) return { problem: `'${written.slice(0, 40)}' is not a day of the year; skipped` };
  const [, y = '--', month = '', day = ''] = m;
  const given = y === '--' ? null : Number(y);
  const omitted = given !== null && String(p.getParameter('x-apple-omit-year')) === y;
  const year = given === null || omitted || given < MIN_DATE_YEAR ? null : given;
  const date: CalendarDate = { month: Number(month), day: Number(day), year };
  // The UTC year: a date in the first hours of a new year somewhere is no typo either way.
  const problem = calendarDateProblem(date, now ? now.getUTCFullYear() : Infinity);
  return problem === null
    ? { date }
    : { problem: `${formatCalendarDate(date)} is skipped: ${problem}` };
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
