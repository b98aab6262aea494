import { keys } from '../../keys';
import type { LoginLink, LoginLinkStore } from '../../ports/login-link-store';
import { loginLinkItem, parseLoginLink } from './items/login-link-item';
import { conditions, type Table } from './table';

/** Still usable: TTL deletes late, so an expired link may still be in the table for a while. */
const STILL_VALID = `${conditions.exists} AND validUntil > :now`;

export class DynamoLoginLinkStore implements LoginLinkStore {
  constructor(private readonly table: Table) {}

  async put(link: LoginLink): Promise<void> {
    await this.table.put(loginLinkItem(link), { ConditionExpression: conditions.absent });
  }

  async take(tokenHash: string, now: Date): Promise<LoginLink | null> {
    const item = await this.table.deleteIf(keys.loginLink(tokenHash), STILL_VALID, {
      ':now': now.toISOString(),
    });
    return item ? parseLoginLink(item) : null;
  }
}
