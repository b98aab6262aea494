/** Every limit Tend applies, with where the number comes from. */

/** SPEC 2.4: more recipients than this on one email is not networking (a newsletter, a list). */
export const MAX_CONTACTS_PER_EMAIL = 50;

/** SPEC 2.5: an interaction keeps at most this much of the new text. */
export const SNIPPET_MAX_CHARS = 280;

/** SES inbound refuses messages over 40 MB; the local SMTP stand-in enforces the same. */
export const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;

/** SPEC 2.7: a thank-you prompt is due this long after the interaction that earned it. */
export const DEFAULT_THANKS_DELAY_HOURS = 24;

/** SPEC 3: cadence when neither the contact nor any of its tags has one. */
export const DEFAULT_CADENCE_DAYS = 90;

/** SPEC 3: a digest lists at most this many contacts (a per-user setting). */
export const DEFAULT_DIGEST_MAX_ITEMS = 7;

/** SPEC 4: reply tokens expire after 60 days. */
export const TOKEN_TTL_DAYS = 60;

/** SPEC 8, action links in emails: a Done / Snooze / Open link works for 60 days, as long as a
 * reply token (they are "signed like reply tokens"), then its page says it has expired. */
export const ACTION_LINK_TTL_DAYS = 60;

/**
 * SPEC 7, RFC 8058 one-click unsubscribe: the https link in every email's List-Unsubscribe header
 * works for a year. Mail sits in inboxes for months and a mail client shows its Unsubscribe button
 * on every old message; the US CAN-SPAM Act asks an opt-out to keep working for at least 30 days
 * after a message is sent (15 U.S.C. 7704(a)(3)), and a year covers the old message someone finally
 * acts on. Longer than a reply token (60 days) on purpose: the link can do only one thing, stop
 * Tend's email, which the user's own `subscribe` reply undoes.
 */
export const UNSUBSCRIBE_LINK_TTL_DAYS = 365;

/** SPEC 3: a send is tried this many times before the prompt is marked failed. */
export const MAX_SEND_ATTEMPTS = 5;

/** How long a send SES deferred (its rate, its quota) waits: SES suggests up to 10 minutes
 * (https://docs.aws.amazon.com/ses/latest/dg/manage-sending-quotas-errors.html). */
export const DEFER_MINUTES = 1;

/** SPEC 3: the dispatcher runs every 5 minutes (deployed); a run ends before the next begins. */
export const DISPATCH_INTERVAL_MINUTES = 5;

/** How long a dispatcher claim holds a prompt before another run may take it over (a crash). */
export const CLAIM_TTL_MINUTES = 10;

/** Exactly-once markers outlive any SES/Lambda retry window by far (SES retries for hours). */
export const MARKER_TTL_DAYS = 400;

/** SPEC 2.9: quarantine records (like the raw mail they point at) are kept this long. */
export const QUARANTINE_TTL_DAYS = 90;

/** The digest counts due contacts up to this many ("99+ due"): its reads stay in proportion to
 * what it shows (SPEC 3), however many have gone cold. */
export const DIGEST_DUE_COUNT_LIMIT = 99;

/** SPEC 3: each digest suggests at most this many imported, never-contacted contacts to
 * rediscover, so an import of 500 connections never floods it. */
export const REDISCOVER_PER_DIGEST = 2;

/** SPEC 3: a contact suggested for rediscovery is not suggested again within 6 months. */
export const REDISCOVER_AGAIN_AFTER_MONTHS = 6;

/** RFC 5322 2.1.1: a header line is at most 998 characters. Tend keeps no more of any header
 * text (a subject, a display name), and takes no longer Message-ID, which cannot be folded. */
export const MAX_HEADER_LINE_CHARS = 998;

/** A quarantine record keeps at most this many of the receipt's recipients: SES delivers a
 * message to at most 50 (its per-message limit), and the record stays far below DynamoDB's
 * 400 KB item limit whatever an SMTP client sends. */
export const MAX_QUARANTINE_RECIPIENTS = 50;

/** SPEC 3: a digest slot missed by more than this is not sent late; the next slot is used. */
export const DIGEST_MISSED_SLOT_HOURS = 24;

/** SPEC 3: a user never gets two digests within this many days. */
export const DIGEST_MIN_GAP_DAYS = 6;

/** SPEC 9, meetings: a calendar part larger than this is not read as an invite (Google and
 * Outlook invites are a few KB; this leaves room for a long description and 50 attendees). */
export const MAX_CALENDAR_CHARS = 256 * 1024;
