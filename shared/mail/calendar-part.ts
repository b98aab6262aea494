import type { Attachment } from 'mailparser';
import type { CalendarReading } from '../domain/calendar/invite';

/** MIME types calendar clients send an invite as (RFC 6047 `text/calendar`; older `.ics` files). */
const CALENDAR_TYPES = new Set(['text/calendar', 'application/ics', 'application/x-ics']);

/**
 * SPEC 9: the invite in an email, from the first calendar part (Google and Outlook send it as
 * an alternative body and again as `invite.ics`; both are the same event). mailparser hands
 * every non-text body part over as an attachment. ical.js is loaded only for mail that has one,
 * so the ingest function's start-up does not pay for it (issue 9).
 */
export async function calendarPart(attachments: Attachment[]): Promise<CalendarReading | null> {
  const part = attachments.find(
    (a) =>
      CALENDAR_TYPES.has(a.contentType.toLowerCase()) ||
      (a.filename?.toLowerCase().endsWith('.ics') ?? false),
  );
  if (!part) return null;
  const { readCalendar } = await import('./parse-calendar');
  return readCalendar(part.content.toString('utf8'));
}
