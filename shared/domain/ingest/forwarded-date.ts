import * as chrono from 'chrono-node';
import { isValidZone, zoneOffsetMinutes } from '../time';

/**
 * When a forwarded email was written (SPEC 2.5): forwarded headers carry the date as the client
 * printed it ("Wed, Oct 27, 2021 at 9:31 AM"), which chrono reads in the user's timezone. Only
 * forwards need it, so ingest loads this module (and chrono) on the first forward (issue 9).
 */
export function readForwardedDate(
  value: string | Date | null,
  timezone: string,
  receivedAt: Date,
): Date | null {
  if (value === null) return null;
  if (value instanceof Date) return value;
  // An unknown zone (none is stored: settings check it) reads as UTC.
  const offset = isValidZone(timezone) ? zoneOffsetMinutes(timezone, receivedAt) : 0;
  return (
    chrono.parseDate(value.replace(/\s+at\s+/i, ' '), { instant: receivedAt, timezone: offset }) ??
    null
  );
}
