import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The rules of signing in to the web app (SPEC 8): how long a link and a session last, how a
 * secret is kept (only its hash is stored), and the CSRF token a session's forms carry.
 */

/** SPEC 8: a sign-in link works once, within 15 minutes. */
export const LOGIN_LINK_MINUTES = 15;
/** SPEC 8: a session lasts 30 days (unless signed out). */
export const SESSION_DAYS = 30;

/** Where a sign-in link points, under the web app's base URL. */
export const LOGIN_PATH = '/login';

/** A sign-in link's or a session's secret: 32 random bytes, base64url (43 characters). */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function isSecret(value: string): boolean {
  return SECRET_PATTERN.test(value);
}

/** What the table keeps of a secret: a leaked table row signs nobody in. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The session cookie names the user (so the session is one GetItem in their partition) and
 * carries the secret. */
export function sessionCookieValue(userId: string, secret: string): string {
  return `${userId}.${secret}`;
}

export function readSessionCookie(value: string): { userId: string; secret: string } | null {
  const dot = value.indexOf('.');
  if (dot <= 0) return null;
  const userId = value.slice(0, dot);
  const secret = value.slice(dot + 1);
  if (!/^[0-9A-Z]{26}$/.test(userId) || !isSecret(secret)) return null;
  return { userId, secret };
}

/** The CSRF token of a session's forms: derived from its secret, so nothing more is stored and
 * a page of another session (or none) cannot guess it. */
export function csrfTokenFor(sessionSecret: string): string {
  return createHmac('sha256', sessionSecret).update('tend csrf').digest('base64url');
}

/** Compares a token from a form with the expected one in constant time. */
export function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function addMinutes(at: Date, minutes: number): Date {
  return new Date(at.getTime() + minutes * 60_000);
}
