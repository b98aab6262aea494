import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SESSION_DAYS } from '../../shared/domain/web-sign-in';

/** SPEC 8: the session cookie. HttpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs), Secure whenever the app is served over https. */
const SESSION_COOKIE = 'tend_session';
/** A one-line message for the page a form redirects to (post/redirect/get). */
const FLASH_COOKIE = 'tend_flash';

const secure = (c: Context) => new URL(c.req.url).protocol === 'https:';

export function sessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function setSessionCookie(c: Context, value: string): void {
  setCookie(c, SESSION_COOKIE, value, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: secure(c) });
}

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, FLASH_COOKIE, encodeURIComponent(JSON.stringify(flash)), {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    path: '/',
    maxAge: 60,
  });
}

/** The message left by the last form, read once. */
export function takeFlash(c: Context): Flash | null {
  const raw = getCookie(c, FLASH_COOKIE);
  if (raw === undefined) return null;
  deleteCookie(c, FLASH_COOKIE, { path: '/', secure: secure(c) });
  try {
    const value = JSON.parse(decodeURIComponent(raw)) as Partial<Flash>;
    if ((value.kind === 'ok' || value.kind === 'error') && typeof value.text === 'string')
      return { kind: value.kind, text: value.text };
  } catch {
    // A cookie we did not write: no message.
  }
  return null;
}
