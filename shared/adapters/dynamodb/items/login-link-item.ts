import * as z from 'zod/mini';
import { lazySchema } from './fields';
import { keys } from '../../../keys';
import type { LoginLink } from '../../../ports/login-link-store';
import type { Item } from '../table';

const loginLinkSchema = lazySchema(() =>
  z.object({
    tokenHash: z.string(),
    userId: z.string(),
    createdAt: z.string(),
    validUntil: z.string(),
  }),
);

/** A sign-in link; DynamoDB's TTL removes it once it can no longer be used. */
export function loginLinkItem(link: LoginLink): Item {
  return {
    ...keys.loginLink(link.tokenHash),
    type: 'loginLink',
    ...link,
    expiresAt: Math.ceil(Date.parse(link.validUntil) / 1000),
  };
}

export function parseLoginLink(item: Item): LoginLink {
  return loginLinkSchema().parse(item);
}
