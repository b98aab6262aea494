import { stringify } from 'csv-stringify/sync';

/**
 * `tend export csv [FILE]` (SPEC 5): RFC 4180 CSV (csv-stringify), one row per object, columns
 * in the given order. Arrays are joined with spaces (tags are single words), null is empty.
 */

/**
 * Cells a spreadsheet would run as a formula (OWASP "CSV injection"): a contact's display name
 * comes from whoever wrote the email, so such a cell gets a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function toCsv(
  columns: readonly string[],
  rows: ReadonlyArray<Record<string, unknown>>,
): string {
  return stringify(
    rows.map((row) => columns.map((c) => cell(row[c]))),
    {
      header: true,
      columns: [...columns],
      record_delimiter: '\r\n',
      // Any line break (not only the record delimiter) and edge spaces are quoted too.
      quoted_match: /[\r\n]|^\s|\s$/,
    },
  );
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(String).join(' ');
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  return typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text;
}
