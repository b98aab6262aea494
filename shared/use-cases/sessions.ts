import { randomBytes } from 'node:crypto';
import type { User } from '../domain/types';
import {
  csrfTokenFor,
  isSecret,
  readSessionCookie,
  secretHash,
  SESSION_DAYS,
  sessionCookieValue,
} from '../domain/web-sign-in';
import type { Stores } from '../ports/stores';

type SessionDeps = Pick<Stores, 'loginLinks' | 'sessions' | 'users'>;

/** A browser signed in: the cookie to set and when it ends. */
export interface NewSession {
  user: User;
  cookie: string;
  validUntil: string;
}

/** Who a request is from, and the CSRF token its forms must carry. */
export interface CurrentSession {
  user: User;
  csrfToken: string;
}

const DAY_MS = 86_400_000;

/**
 * Redeems a sign-in link (the POST of its page): the link is taken (it never works twice) and a
 * session of SESSION_DAYS is stored. null when the link is unknown, used or expired, or its user
 * is gone.
 */
export async function signIn(
  deps: SessionDeps,
  token: string,
  now: Date,
): Promise<NewSession | null> {
  if (!isSecret(token)) return null;
  const link = await deps.loginLinks.take(secretHash(token), now);
  if (!link) return null;
  const user = await deps.users.get(link.userId);
  if (!user) return null;
  const secret = randomBytes(32).toString('base64url');
  const validUntil = new Date(now.getTime() + SESSION_DAYS * DAY_MS).toISOString();
  await deps.sessions.put({
    userId: user.id,
    secretHash: secretHash(secret),
    createdAt: now.toISOString(),
    validUntil,
  });
  return { user, cookie: sessionCookieValue(user.id, secret), validUntil };
}

/** The session a cookie names, if it is stored, unexpired and its user still exists. */
export async function currentSession(
  deps: Pick<Stores, 'sessions' | 'users'>,
  cookie: string | undefined,
  now: Date,
): Promise<CurrentSession | null> {
  const read = cookie ? readSessionCookie(cookie) : null;
  if (!read) return null;
  const session = await deps.sessions.get(read.userId, secretHash(read.secret));
  if (!session || session.validUntil <= now.toISOString()) return null;
  const user = await deps.users.get(session.userId);
  if (!user) return null;
  return { user, csrfToken: csrfTokenFor(read.secret) };
}

/** Signs this browser out. */
export async function signOut(deps: Pick<Stores, 'sessions'>, cookie: string): Promise<void> {
  const read = readSessionCookie(cookie);
  if (read) await deps.sessions.delete(read.userId, secretHash(read.secret));
}

/** "Sign out everywhere": every session of the user ends. */
export async function signOutEverywhere(
  deps: Pick<Stores, 'sessions'>,
  user: User,
): Promise<number> {
  return deps.sessions.deleteAll(user.id);
}
