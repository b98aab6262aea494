import { keys } from '../../keys';
import type { Session, SessionStore } from '../../ports/session-store';
import { parseSession, sessionItem } from './items/session-item';
import { conditions, startingWith, type Table } from './table';

export class DynamoSessionStore implements SessionStore {
  constructor(private readonly table: Table) {}

  async put(session: Session): Promise<void> {
    await this.table.put(sessionItem(session), { ConditionExpression: conditions.absent });
  }

  async get(userId: string, secretHash: string): Promise<Session | null> {
    const item = await this.table.get(keys.session(userId, secretHash));
    return item ? parseSession(item) : null;
  }

  async delete(userId: string, secretHash: string): Promise<void> {
    await this.table.delete(keys.session(userId, secretHash));
  }

  async deleteAll(userId: string): Promise<number> {
    const items = await this.table.queryAll({
      ...startingWith(keys.userPartition(userId), keys.sessionPrefix),
      ProjectionExpression: 'pk, sk',
    });
    await this.table.deleteMany(items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
    return items.length;
  }
}
