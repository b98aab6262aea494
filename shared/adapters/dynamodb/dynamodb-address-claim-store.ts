import { keys } from '../../keys';
import type { AddressClaim, AddressClaimStore, UserClaims } from '../../ports/address-claim-store';
import { ConcurrentUpdateError } from '../../ports/store-errors';
import {
  addressClaimItem,
  parseAddressClaim,
  parseClaimsVersion,
} from './items/address-claim-item';
import { conditions, GSI1, startingWith, type Table, TransactionRefused } from './table';

export class DynamoAddressClaimStore implements AddressClaimStore {
  constructor(private readonly table: Table) {}

  /** The claim and the bumped version in one transaction, the version's condition refusing both. */
  async put(claim: AddressClaim, readAt: number): Promise<void> {
    try {
      await this.table.transact([
        this.table.putItem(addressClaimItem(claim)),
        this.table.updateItem({
          Key: keys.addressClaimsVersion(claim.userId),
          UpdateExpression: 'SET #type = :type, version = :next',
          ConditionExpression: readAt === 0 ? conditions.absent : conditions.version,
          ExpressionAttributeNames: { '#type': 'type' },
          ExpressionAttributeValues: {
            ':type': 'addressClaimsVersion',
            ':next': readAt + 1,
            ...(readAt === 0 ? {} : { ':version': readAt }),
          },
        }),
      ]);
    } catch (error) {
      if (error instanceof TransactionRefused && error.failed(1))
        throw new ConcurrentUpdateError('another address claim was stored meanwhile', {
          cause: error,
        });
      throw error;
    }
  }

  /**
   * The version first, then the claims: a claim stored between the two reads is listed with the
   * older version, so a put decided on that list is refused and decided again, never the reverse.
   */
  async listForPut(userId: string): Promise<UserClaims> {
    const version = parseClaimsVersion(await this.table.get(keys.addressClaimsVersion(userId)));
    return { claims: await this.listByUser(userId), version };
  }

  async listByUser(userId: string): Promise<AddressClaim[]> {
    const items = await this.table.queryAll({
      ...startingWith(keys.userPartition(userId), keys.addressClaimPrefix),
    });
    return items.map(parseAddressClaim);
  }

  async listByAddress(address: string): Promise<AddressClaim[]> {
    const items = await this.table.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': keys.addressClaimPartition(address) },
    });
    return items.map(parseAddressClaim);
  }

  async delete(userId: string, address: string): Promise<void> {
    await this.table.delete(keys.addressClaim(userId, address));
  }
}
