import { randomBytes } from 'node:crypto';
import type { User } from '../domain/types';
import { addMinutes, LOGIN_LINK_MINUTES, LOGIN_PATH, secretHash } from '../domain/web-sign-in';
import type { Stores } from '../ports/stores';

export interface IssuedLoginLink {
  url: string;
  validUntil: string;
}

/**
 * A one-time sign-in link for the user (SPEC 8: `tend login-link`, later `login@` and the
 * `login` reply): valid LOGIN_LINK_MINUTES, once. Only the token's hash is stored.
 */
export async function issueLoginLink(
  stores: Pick<Stores, 'loginLinks'>,
  user: User,
  webUrl: string,
  now: Date,
): Promise<IssuedLoginLink> {
  const token = randomBytes(32).toString('base64url');
  const validUntil = addMinutes(now, LOGIN_LINK_MINUTES).toISOString();
  await stores.loginLinks.put({
    tokenHash: secretHash(token),
    userId: user.id,
    createdAt: now.toISOString(),
    validUntil,
  });
  return { url: new URL(`${LOGIN_PATH}/${token}`, webUrl).href, validUntil };
}
