import { timingSafeEqual } from 'node:crypto';
import { InvalidActionLinkError, LINK_MAC_PATTERN, linkMac } from './action-links';
import { UNSUBSCRIBE_LINK_TTL_DAYS } from './limits';

/**
 * The one-click unsubscribe link (SPEC 7; RFC 8058): the https URI in every email's
 * List-Unsubscribe header when the web app's address is known. A mail client posts
 * `List-Unsubscribe=One-Click` to it, without cookies or any other credential (RFC 8058 section
 * 3.2), so the token in the path is the whole capability: it names one user and nothing else, and
 * can do one thing, the `unsubscribe` reply command.
 *
 *   TOKEN = `u` . user ULID (26) . issue time (7) . MAC (26)         e.g. `u.01jd….0mfs2i0.3vf…`
 *
 * Signed like an action link (action-links.ts: HMAC-SHA256 with the reply-token secret, 128 bits)
 * under a label of its own, so neither kind of link can be made from the other; the MAC covers
 * the user and the time, so changing either breaks it. Lower case and URL-safe without escaping.
 */

/** Where the web app serves it (functions/web/routes/unsubscribe.ts). */
export const UNSUBSCRIBE_LINK_PATH = '/unsubscribe';

/** RFC 8058 section 3.1: the one key and value of the POST body (and of List-Unsubscribe-Post). */
export const ONE_CLICK_KEY = 'List-Unsubscribe';
export const ONE_CLICK_VALUE = 'One-Click';

export interface UnsubscribeClaims {
  userId: string;
  issuedAt: Date;
}

const HEAD = 'u';
const MAC_LABEL = 'tend unsubscribe link v1';
const ULID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;
const TIME_CHARS = 7; // 32^7 seconds reaches past the year 3000
const TIME_PATTERN = /^[0-9a-v]{7}$/;
const DAY_MS = 86_400_000;

export function issueUnsubscribeToken(secret: string, claims: UnsubscribeClaims): string {
  const user = claims.userId.toLowerCase();
  if (!ULID_PATTERN.test(user)) throw new Error('an unsubscribe link names its user by ULID');
  const time = Math.floor(claims.issuedAt.getTime() / 1000)
    .toString(32)
    .padStart(TIME_CHARS, '0');
  const fields = [HEAD, user, time];
  return [...fields, linkMac(secret, MAC_LABEL, fields)].join('.');
}

/**
 * Reads and checks a token: the MAC (in constant time) before anything it claims is believed,
 * then its age. Throws InvalidActionLinkError ('malformed', 'signature' or 'expired').
 */
export function verifyUnsubscribeToken(
  secret: string,
  token: string,
  now: Date,
): UnsubscribeClaims {
  const parts = token.trim().toLowerCase().split('.');
  const [head = '', user = '', time = '', given = ''] = parts;
  if (
    parts.length !== 4 ||
    head !== HEAD ||
    !ULID_PATTERN.test(user) ||
    !TIME_PATTERN.test(time) ||
    !LINK_MAC_PATTERN.test(given)
  )
    throw new InvalidActionLinkError('malformed link', 'malformed');
  const expected = linkMac(secret, MAC_LABEL, [head, user, time]);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected)))
    throw new InvalidActionLinkError('link signature does not match', 'signature');
  const issuedAt = new Date(parseInt(time, 32) * 1000);
  // As for action links, only the age is checked: a time ahead of the clock can only come from
  // Tend itself (the MAC covers it), e.g. an email sent by `tend tick --now`.
  if (now.getTime() - issuedAt.getTime() > UNSUBSCRIBE_LINK_TTL_DAYS * DAY_MS)
    throw new InvalidActionLinkError('link expired', 'expired');
  return { userId: user.toUpperCase(), issuedAt };
}

/** The link of one token under the web app's base URL (a base with a path keeps it). */
export function unsubscribeLinkUrl(baseUrl: string, token: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return new URL(`${UNSUBSCRIBE_LINK_PATH.slice(1)}/${token}`, base).href;
}

/** Whether a request path is a one-click unsubscribe link's (the web app exempts it from CSRF). */
export function isUnsubscribeLinkPath(path: string): boolean {
  return path.startsWith(`${UNSUBSCRIBE_LINK_PATH}/`);
}
