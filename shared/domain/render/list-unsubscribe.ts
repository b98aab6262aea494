import { ONE_CLICK_KEY, ONE_CLICK_VALUE } from '../unsubscribe-link';

/**
 * The List-Unsubscribe header fields of every email Tend sends (SPEC 3 and 7), built here only.
 *
 * - RFC 2369 section 3.2: `List-Unsubscribe` is a list of URIs in angle brackets, separated by
 *   commas, the preferred first. Tend's are the https one-click link, when there is one, then the
 *   `mailto:` of the email's own reply address with the subject `unsubscribe` (a reply the
 *   `unsubscribe` command's rule handles, handle-reply.ts).
 * - RFC 8058 section 3.1: `List-Unsubscribe-Post: List-Unsubscribe=One-Click` marks the https URI
 *   as one-click: a mail client may POST that body to it, with no cookie and no confirmation.
 *   It is only given with an https URI (the RFC requires one), never with a mailto alone.
 * - RFC 8058 section 4: both fields must be covered by a valid DKIM signature. With Easy DKIM on
 *   (Tend's identities, infra/stateless-stack.ts) SES signs every message it sends from the domain
 *   (SES API reference, SetIdentityDkimEnabled), over the header fields of the raw message Tend
 *   hands it. The SES guide does not list which fields it signs: the README says how to see, on a
 *   received email, that the signature's `h=` names both.
 *
 * The fields are written as given, on one line each (mime.ts): the longest is about 200
 * characters, far inside RFC 5322's 998, and a folded List-Unsubscribe has been seen to break
 * DKIM verification when a relay refolds it (nodemailer/nodemailer#1654).
 */

export class InvalidListUnsubscribeError extends Error {
  override readonly name = 'InvalidListUnsubscribeError';
}

export interface ListUnsubscribe {
  /** A `mailto:` URI, with or without angle brackets. */
  mailto: string;
  /** The one-click link (unsubscribe-link.ts), an https URL; absent without the web app. */
  oneClick?: string | null | undefined;
}

/** RFC 8058 section 3.1: the value of List-Unsubscribe-Post. */
export const LIST_UNSUBSCRIBE_POST = `${ONE_CLICK_KEY}=${ONE_CLICK_VALUE}`;

/** A URI that can sit inside `<…>` in a comma-separated list: no space, brackets or commas. */
const MAILTO = /^mailto:[^\s<>,]+$/i;
const HTTPS = /^https:\/\/[^\s<>,]+$/i;

const bare = (uri: string) => uri.trim().replace(/^<(.*)>$/, '$1');

/** The header fields, by name. Throws InvalidListUnsubscribeError for a URI of the wrong kind. */
export function listUnsubscribeHeaders(p: ListUnsubscribe): Record<string, string> {
  const mailto = bare(p.mailto);
  if (!MAILTO.test(mailto))
    throw new InvalidListUnsubscribeError('List-Unsubscribe must be a mailto: URI');
  if (p.oneClick === null || p.oneClick === undefined) return { 'List-Unsubscribe': `<${mailto}>` };
  const oneClick = bare(p.oneClick);
  if (!HTTPS.test(oneClick))
    throw new InvalidListUnsubscribeError('a one-click unsubscribe URI must be https (RFC 8058)');
  return {
    'List-Unsubscribe': `<${oneClick}>, <${mailto}>`,
    'List-Unsubscribe-Post': LIST_UNSUBSCRIBE_POST,
  };
}
