import * as z from 'zod/mini';
import { lazySchema } from './fields';
import { keys } from '../../../keys';
import type { Session } from '../../../ports/session-store';
import type { Item } from '../table';

const sessionSchema = lazySchema(() =>
  z.object({
    userId: z.string(),
    secretHash: z.string(),
    createdAt: z.string(),
    validUntil: z.string(),
  }),
);

/** A signed-in browser, in its user's partition; DynamoDB's TTL removes it once expired. */
export function sessionItem(session: Session): Item {
  return {
    ...keys.session(session.userId, session.secretHash),
    type: 'session',
    ...session,
    expiresAt: Math.ceil(Date.parse(session.validUntil) / 1000),
  };
}

export function parseSession(item: Item): Session {
  return sessionSchema().parse(item);
}
