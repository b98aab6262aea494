import * as z from 'zod/mini';
import { keys } from '../../../keys';
import type { AddressClaim } from '../../../ports/address-claim-store';
import type { Item } from '../table';
import { lazySchema } from './fields';

/**
 * The keys of an address claim (SPEC 8 Settings). Defined here rather than in shared/keys.ts
 * (kept by another change at the time); they follow its shapes: the claim lives in its user's
 * partition (listed with the user, erased with the user), and GSI1 files it under its address,
 * where mail from that address finds every user's claim of it.
 */
export const claimKeys = {
  claim: (userId: string, address: string) => ({
    pk: keys.userPartition(userId),
    sk: `CLAIM#${address.toLowerCase()}`,
  }),
  claimPrefix: 'CLAIM#',
  byAddress: (address: string, userId: string) => ({
    gsi1pk: claimKeys.addressPartition(address),
    gsi1sk: `USER#${userId}`,
  }),
  addressPartition: (address: string) => `CLAIM#${address.toLowerCase()}`,
} as const;

const claimSchema = lazySchema(() =>
  z.object({
    userId: z.string(),
    address: z.string(),
    code: z.string(),
    createdAt: z.string(),
    validUntil: z.string(),
  }),
);

/** A pending claim; DynamoDB's TTL removes it once it can no longer be proven. */
export function addressClaimItem(claim: AddressClaim): Item {
  return {
    ...claimKeys.claim(claim.userId, claim.address),
    ...claimKeys.byAddress(claim.address, claim.userId),
    type: 'addressClaim',
    ...claim,
    expiresAt: Math.ceil(Date.parse(claim.validUntil) / 1000),
  };
}

export function parseAddressClaim(item: Item): AddressClaim {
  return claimSchema().parse(item);
}
