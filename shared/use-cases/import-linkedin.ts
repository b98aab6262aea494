import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { isAddress } from '../domain/address';
import { ImportFormatError, type ImportParse } from './import-contacts';

/**
 * LinkedIn's "Connections.csv" (Settings → Data privacy → Get a copy of your data): a few
 * "Notes:" lines, then `First Name,Last Name,URL,Email Address,Company,Position,Connected On`.
 * Email addresses are there only for connections who allow it; the others are keyed by their
 * profile slug (`linkedin:jane-doe-1a2b3c`).
 */

const HEADER_START = /^\s*"?first name"?\s*,/i;
const REQUIRED_COLUMNS = ['First Name', 'Last Name', 'URL'] as const;
/** "Connected On" as LinkedIn writes it ("12 Mar 2024"), and ISO dates, which some exports use. */
const DATE_FORMATS = ['d LLL yyyy', 'd LLLL yyyy', 'yyyy-MM-dd'];
/** SPEC 4's reading of a date without a time: 09:00 local. */
const DATE_ONLY_HOUR = 9;

export function parseLinkedInConnections(
  text: string,
  ctx: { now: Date; timezone: string },
): ImportParse {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const headerIndex = lines.findIndex((l) => HEADER_START.test(l));
  if (headerIndex < 0) {
    throw new ImportFormatError(
      'this is not a LinkedIn Connections.csv: there is no header line starting "First Name,Last Name,URL,Email Address"',
    );
  }
  let rows: Array<{ record: string[]; info: { lines: number } }>;
  try {
    rows = parse(lines.slice(headerIndex).join('\n'), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (error) {
    throw new ImportFormatError(`cannot read the CSV: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const [header, ...records] = rows;
  const columns = (header?.record ?? []).map((c) => c.toLowerCase());
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c.toLowerCase()));
  if (missing.length > 0)
    throw new ImportFormatError(
      `the header has no ${missing.map((c) => `"${c}"`).join(', ')} column`,
    );
  const col = (record: string[], name: string) => {
    const i = columns.indexOf(name.toLowerCase());
    return i < 0 ? '' : (record[i] ?? '').trim();
  };

  const out: ImportParse = { contacts: [], problems: [] };
  for (const { record, info } of records) {
    const where = `line ${headerIndex + info.lines}`;
    if (record.every((v) => v.trim() === '')) continue;
    const name =
      [col(record, 'First Name'), col(record, 'Last Name')].filter(Boolean).join(' ') || null;
    const url = col(record, 'URL');
    const profile = profileOf(url);
    const rawEmail = col(record, 'Email Address').toLowerCase();
    const email = isAddress(rawEmail) ? rawEmail : null;
    if (rawEmail && !email)
      out.problems.push({ where, problem: `'${rawEmail}' is not an email address; ignored` });
    const key = email ?? (profile ? `linkedin:${profile.slug}` : null);
    if (!key) {
      out.problems.push({
        where,
        problem: `${name ?? 'a connection'} has neither an email address nor a LinkedIn profile URL; skipped`,
      });
      continue;
    }
    const connectedOn = col(record, 'Connected On');
    let connectedAt: string | null = null;
    if (connectedOn) {
      connectedAt = readDate(connectedOn, ctx.timezone);
      if (!connectedAt)
        out.problems.push({
          where,
          problem: `cannot read the date '${connectedOn}'; first seen is today`,
        });
      else if (connectedAt > ctx.now.toISOString()) connectedAt = null;
    }
    const position = col(record, 'Position');
    const company = col(record, 'Company');
    const job = position && company ? `${position} at ${company}` : position || company;
    out.contacts.push({
      key,
      name,
      linkedinUrl: profile?.url ?? null,
      connectedAt,
      tags: [],
      notes: job ? [`LinkedIn: ${job}`] : [],
      where,
    });
  }
  return out;
}

/** `https://www.linkedin.com/in/Jane-Doe-1a2b3c/` → slug `jane-doe-1a2b3c`, URL without query or slash. */
function profileOf(url: string): { slug: string; url: string } | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(/^https?:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    return null;
  }
  if (!/(^|\.)linkedin\.com$/i.test(parsed.hostname)) return null;
  const match = /^\/in\/([^/]+)/.exec(parsed.pathname);
  if (!match) return null;
  let slug: string;
  try {
    slug = decodeURIComponent(match[1] ?? '').toLowerCase();
  } catch {
    slug = (match[1] ?? '').toLowerCase();
  }
  if (!slug) return null;
  return { slug, url: `https://www.linkedin.com/in/${encodeURIComponent(slug)}` };
}

function readDate(value: string, zone: string): string | null {
  for (const format of DATE_FORMATS) {
    const d = DateTime.fromFormat(value, format, { zone, locale: 'en-US' });
    if (d.isValid)
      return d.set({ hour: DATE_ONLY_HOUR }).toUTC().toISO({ suppressMilliseconds: false });
  }
  return null;
}
