import { createHmac, timingSafeEqual } from 'node:crypto';
import { TOKEN_TTL_DAYS } from './limits';

/**
 * Reply tokens (SPEC 4): `reply+TOKEN@DOMAIN` names what a reply answers and proves Tend wrote it.
 *
 *   TOKEN = kind (1) · reference ULID (26) · issue time (7) · MAC (16)      = 50 characters
 *
 * All parts are base32 (the ULID in Crockford's alphabet, the rest in RFC 4648's "base32hex"),
 * lower case, because some mail systems lower-case local parts; 6 + 50 characters stay inside the
 * 64-character limit of an address's local part (RFC 5321 §4.5.3.1.1). The MAC is HMAC-SHA256 over
 * user, kind, reference and issue time, truncated to 80 bits: a forger needs the secret, and the
 * user is not in the token at all — it comes from the authenticated From address — so a token
 * never works for another user.
 */

/** What an email is about: a thank-you prompt, a digest, a reply's confirmation, a notice
 * (SPEC 4: mail Tend could not use) or a news checklist (SPEC 9). Prompts, digests and checklists
 * name something a reply acts on. */
export type TokenKind = 'thanks' | 'digest' | 'confirmation' | 'notice' | 'news';

const KIND_CODES: Record<TokenKind, string> = {
  thanks: 't',
  digest: 'd',
  confirmation: 'c',
  notice: 'n',
  news: 's',
};
const KINDS = new Map(Object.entries(KIND_CODES).map(([k, v]) => [v, k as TokenKind]));

const ULID_CHARS = 26;
const TIME_CHARS = 7; // 32^7 seconds reaches past the year 3000
const MAC_BYTES = 10;
const MAC_CHARS = 16; // 80 bits in base32
export const TOKEN_LENGTH = 1 + ULID_CHARS + TIME_CHARS + MAC_CHARS;

const ULID_PATTERN = /^[0-9a-hjkmnp-tv-z]{26}$/;

export interface TokenClaims {
  kind: TokenKind;
  /** The prompt, digest or checklist id (a ULID). */
  ref: string;
  issuedAt: Date;
}

export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

function mac(secret: string, userId: string, kind: string, ref: string, time: string): string {
  const digest = createHmac('sha256', secret)
    .update(`${userId}\n${kind}\n${ref}\n${time}`)
    .digest();
  const n = BigInt(`0x${digest.subarray(0, MAC_BYTES).toString('hex')}`);
  return n.toString(32).padStart(MAC_CHARS, '0');
}

export function issueToken(secret: string, userId: string, claims: TokenClaims): string {
  const kind = KIND_CODES[claims.kind];
  const ref = claims.ref.toLowerCase();
  if (!ULID_PATTERN.test(ref)) throw new Error('a token reference must be a ULID');
  const time = Math.floor(claims.issuedAt.getTime() / 1000)
    .toString(32)
    .padStart(TIME_CHARS, '0');
  return `${kind}${ref}${time}${mac(secret, userId, kind, ref, time)}`;
}

/**
 * Verifies a token for the user the From address belongs to. Throws InvalidTokenError with a
 * reason for anything forged, truncated, signed for someone else or expired.
 */
export function verifyToken(secret: string, userId: string, token: string, now: Date): TokenClaims {
  const t = token.trim().toLowerCase();
  if (t.length !== TOKEN_LENGTH) throw new InvalidTokenError('malformed token');
  const kindCode = t.slice(0, 1);
  const ref = t.slice(1, 1 + ULID_CHARS);
  const time = t.slice(1 + ULID_CHARS, 1 + ULID_CHARS + TIME_CHARS);
  const given = t.slice(1 + ULID_CHARS + TIME_CHARS);
  const kind = KINDS.get(kindCode);
  if (!kind || !ULID_PATTERN.test(ref) || !/^[0-9a-v]+$/.test(time) || !/^[0-9a-v]+$/.test(given)) {
    throw new InvalidTokenError('malformed token');
  }
  const expected = mac(secret, userId, kindCode, ref, time);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) {
    throw new InvalidTokenError('token signature does not match');
  }
  const issuedAt = new Date(parseInt(time, 32) * 1000);
  const ageMs = now.getTime() - issuedAt.getTime();
  // Only expiry is checked: an issue time "in the future" can only come from Tend itself (the
  // MAC covers it), e.g. a prompt sent by `tend tick --now` ahead of the real clock.
  if (ageMs > TOKEN_TTL_DAYS * 86_400_000) throw new InvalidTokenError('token expired');
  return { kind, ref: ref.toUpperCase(), issuedAt };
}
