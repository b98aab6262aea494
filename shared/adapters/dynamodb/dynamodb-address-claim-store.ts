import { keys } from '../../keys';
import type { AddressClaim, AddressClaimStore } from '../../ports/address-claim-store';
import { addressClaimItem, parseAddressClaim } from './items/address-claim-item';
import { GSI1, startingWith, type Table } from './table';

export class DynamoAddressClaimStore implements AddressClaimStore {
  constructor(private readonly table: Table) {}

  async put(claim: AddressClaim): Promise<void> {
    await this.table.put(addressClaimItem(claim));
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
