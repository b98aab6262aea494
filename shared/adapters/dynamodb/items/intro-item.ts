import * as z from 'zod/mini';
import type { Contact } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Introduced } from '../../../ports/contact-store';
import { type Item, type Query, startingWith } from '../table';
import { nullableString, lazySchema } from './fields';

/**
 * The introduction index (SPEC 9, "whom they introduced"): one small item per contact an
 * introduction brought in, filed under its introducer (`INTRO#<introducer>#<introduced>`), so an
 * introducer's Contact page reads the people they introduced as one range of the user's
 * partition, never every contact. Written in the transaction that creates the introduced contact
 * with its `introducedBy` (a retry puts the same key again); `forget` deletes it both ways.
 */

export function introductionItem(userId: string, introducer: string, introduced: Contact): Item {
  return {
    ...keys.introduction(userId, introducer, introduced.email),
    type: 'introduction',
    introducer: introducer.toLowerCase(),
    email: introduced.email.toLowerCase(),
    name: introduced.name,
    at: introduced.firstSeenAt,
  };
}

const introductionSchema = lazySchema(() =>
  z.object({
    email: z.string(),
    name: nullableString,
    at: z.string(),
  }),
);

export function parseIntroduction(item: Item): Introduced {
  return introductionSchema().parse(item);
}

/** The people `introducer` introduced, in address order. */
export function introductionsQuery(userId: string, introducer: string): Query {
  return startingWith(keys.userPartition(userId), keys.introductionPrefix(introducer));
}
