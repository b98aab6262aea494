import { randomBytes } from 'node:crypto';

/** A VCALENDAR as calendar clients write it: `lines` are the VEVENT's properties (UID added
 * unless given), `calendar` goes before it (METHOD, VTIMEZONE). */
export function ics(lines: string[], calendar: string[] = ['METHOD:REQUEST']): string {
  const uid = lines.some((l) => l.startsWith('UID'))
    ? []
    : [`UID:${randomBytes(6).toString('hex')}@calendar.example`];
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Tend tests//EN',
    ...calendar,
    'BEGIN:VEVENT',
    ...uid,
    ...lines,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

/** Outlook's definition of its zone name, as it sends it with every invite. */
export const PACIFIC_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  'TZID:Pacific Standard Time',
  'BEGIN:STANDARD',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:-0700',
  'TZOFFSETTO:-0800',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11',
  'END:STANDARD',
  'BEGIN:DAYLIGHT',
  'DTSTART:16010101T020000',
  'TZOFFSETFROM:-0800',
  'TZOFFSETTO:-0700',
  'RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3',
  'END:DAYLIGHT',
  'END:VTIMEZONE',
];

/**
 * An invite email: a text body and the calendar as Google sends it (a `text/calendar`
 * alternative) or as an `.ics` attachment.
 */
export function inviteMail(options: {
  from: string;
  to: string;
  calendar: string;
  subject?: string;
  as?: 'alternative' | 'attachment';
  messageId?: string;
}): string {
  const boundary = `b${randomBytes(6).toString('hex')}`;
  const calendarPart =
    options.as === 'attachment'
      ? [
          'Content-Type: application/ics; name="invite.ics"',
          'Content-Disposition: attachment; filename="invite.ics"',
          'Content-Transfer-Encoding: base64',
          '',
          Buffer.from(options.calendar).toString('base64'),
        ]
      : ['Content-Type: text/calendar; charset=utf-8; method=REQUEST', '', options.calendar];
  return [
    `From: ${options.from}`,
    `To: ${options.to}`,
    `Subject: ${options.subject ?? 'Invitation: Coffee'}`,
    'Date: Thu, 26 Nov 2026 09:30:00 +0000',
    `Message-ID: ${options.messageId ?? `<inv.${randomBytes(6).toString('hex')}@calendar.example>`}`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/${options.as === 'attachment' ? 'mixed' : 'alternative'}; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'You have been invited to an event.',
    `--${boundary}`,
    ...calendarPart,
    `--${boundary}--`,
    '',
  ].join('\r\n');
}
