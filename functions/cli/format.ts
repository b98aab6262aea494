import { DateTime } from 'luxon';

/** Zone abbreviations are the English ones whatever the machine's locale. */
const LOCALE = 'en-US';

/** The `contacts list --json` shape and the `export csv` columns: one definition, shared with
 * the web app's export (shared/use-cases/contact-export.ts). */
export { CONTACT_COLUMNS, contactJson } from '../../shared/use-cases/contact-export';

/** Prose columns (names, tags) are cut to this width; copyable values never are. */
const CLIPPED_COLUMN_WIDTH = 40;

/**
 * A plain aligned table for people reading a terminal. Values are shown whole, because they are
 * meant to be copied (addresses, S3 keys: `tend reprocess KEY`); only the columns listed in
 * `clip` (prose) are cut, with an ellipsis.
 */
export function formatTable(
  header: string[],
  rows: string[][],
  options: { clip?: number[] } = {},
): string {
  const clip = new Set(options.clip ?? []);
  const widths = header.map((h, i) => {
    const widest = Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length));
    return clip.has(i) ? Math.min(CLIPPED_COLUMN_WIDTH, widest) : widest;
  });
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        c.length > (widths[i] ?? 0)
          ? `${c.slice(0, (widths[i] ?? 1) - 1)}…`
          : c.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * An ISO UTC time as the user reads it: local to their zone, with the zone's abbreviation or
 * offset ("2026-11-25 05:00 EST", "2026-07-01 10:00 GMT+1"). `--json` keeps ISO UTC.
 */
export function localTime(iso: string | null, timezone: string): string {
  if (iso === null) return '';
  const utc = DateTime.fromISO(iso, { zone: 'utc' });
  if (!utc.isValid) return iso;
  const local = utc.setZone(timezone);
  // An unknown zone must not hide the time: show it in UTC, which says so.
  return (local.isValid ? local : utc).setLocale(LOCALE).toFormat('yyyy-LL-dd HH:mm ZZZZ');
}
