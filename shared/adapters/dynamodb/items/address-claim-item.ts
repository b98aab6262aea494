import * as z from 'zod/mini';
import { keys } from '../../../keys';
import type { AddressClaim } from '../../../ports/address-claim-store';
import type { Item } from '../table';
import { count, lazySchema } from './fields';

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
    ...keys.addressClaim(claim.userId, claim.address),
    ...keys.addressClaimIndex(claim.address, claim.userId),
    type: 'addressClaim',
    ...claim,
    expiresAt: Math.ceil(Date.parse(claim.validUntil) / 1000),
  };
}

export function parseAddressClaim(item: Item): AddressClaim {
  return claimSchema().parse(item);
}

const versionSchema = lazySchema(() => z.object({ version: count }));

/** The version of a user's set of claims (keys.addressClaimsVersion); 0 before their first. */
export function parseClaimsVersion(item: Item | null): number {
  return item ? versionSchema().parse(item).version : 0;
}
