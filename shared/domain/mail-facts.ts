/** What Tend needs to know about one email, extracted once by parse-mail.ts. */

import type { CalendarReading } from './calendar/invite';

export interface Mailbox {
  address: string;
  name: string | null;
}

export interface ForwardedBlock {
  from: Mailbox | null;
  to: Mailbox[];
  cc: Mailbox[];
  subject: string | null;
  /** As written in the forwarded header ("Wed, Oct 27, 2021 at 9:31 AM"), or a parsed Date. */
  date: string | Date | null;
  body: string;
  /** Text the user wrote above the forwarded block, if any. */
  note: string | null;
}

export interface MailFacts {
  from: Mailbox | null;
  /** Every From mailbox (some broken mail has several). */
  fromAll: Mailbox[];
  to: Mailbox[];
  cc: Mailbox[];
  /** To and Cc entries (the forwarded block's included) that are not addresses (SPEC 2.8: over
   * 254 characters, a local part over 64, or malformed): skipped, and counted in the log. */
  unreadableAddresses: number;
  subject: string | null;
  /** The Date header parsed, or null when missing or unreadable. */
  date: Date | null;
  /** The raw Date header, to tell a date without a zone from one with. */
  rawDate: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Header name (lower case) → first value as text. */
  headers: Map<string, string>;
  text: string;
  html: string | null;
  forwarded: ForwardedBlock | null;
  /** SPEC 9: the first `text/calendar` part or `.ics` attachment, read; null when there is none. */
  calendar: CalendarReading | null;
}
