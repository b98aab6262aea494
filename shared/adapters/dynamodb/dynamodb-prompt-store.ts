import { encodeTime } from 'ulid';
import type { ThanksPrompt } from '../../domain/types';
import { AFTER, keys } from '../../keys';
import type { PromptStore } from '../../ports/prompt-store';
import { parsePrompt, promptItem, promptsOfContact } from './items/prompt-item';
import { type Table, TransactionRefused, GSI1 } from './table';

export class DynamoPromptStore implements PromptStore {
  constructor(private readonly table: Table) {}

  async get(userId: string, promptId: string): Promise<ThanksPrompt | null> {
    const item = await this.table.get(keys.prompt(userId, promptId));
    return item ? parsePrompt(item) : null;
  }

  async listFor(userId: string, email: string): Promise<ThanksPrompt[]> {
    const items = await this.table.queryAll({
      ...promptsOfContact(userId, email),
      ScanIndexForward: false,
    });
    return items.map(parsePrompt);
  }

  async sentSince(userId: string, since: string): Promise<ThanksPrompt[]> {
    const items = await this.table.queryAll({
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :since AND :end',
      ExpressionAttributeValues: {
        ':p': keys.sentThanksPartition(userId),
        ':since': since,
        ':end': AFTER,
      },
    });
    return items.map(parsePrompt).filter((p) => p.status === 'sent');
  }

  async thankedSince(
    userId: string,
    since: string,
  ): Promise<Array<{ email: string; sentAt: string }>> {
    // Prompt ids are ULIDs of their creation time: the window is a range of sort keys. Done
    // prompts have left the sent-thank-yous index, so it cannot answer this.
    const from = keys.prompt(userId, encodeTime(Date.parse(since), 10));
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :end',
      FilterExpression: 'sentAt >= :since AND (#status = :sent OR #status = :done)',
      ProjectionExpression: 'contactEmail, sentAt',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':p': from.pk,
        ':from': from.sk,
        ':end': `${keys.promptPrefix}${AFTER}`,
        ':since': since,
        ':sent': 'sent',
        ':done': 'done',
      },
    });
    return items.flatMap((i) =>
      typeof i.contactEmail === 'string' && typeof i.sentAt === 'string'
        ? [{ email: i.contactEmail, sentAt: i.sentAt }]
        : [],
    );
  }

  async save(userId: string, prompt: ThanksPrompt): Promise<void> {
    const t = this.table;
    // SPEC 9: a close-the-loop prompt has no copy on its contact (the introducer's one open
    // prompt stays their thank-you): the prompt alone.
    if (prompt.kind === 'loop') return t.put(promptItem(userId, prompt));
    const open = prompt.status === 'pending' || prompt.status === 'claimed';
    const copy = open
      ? {
          UpdateExpression: 'SET pendingThanks = :copy ADD version :one',
          values: {
            ':copy': { id: prompt.id, interactionAt: prompt.interactionAt, dueAt: prompt.dueAt },
          },
        }
      : { UpdateExpression: 'REMOVE pendingThanks ADD version :one', values: {} };
    try {
      await t.transact([
        t.putItem(promptItem(userId, prompt)),
        t.updateItem({
          Key: keys.contact(userId, prompt.contactEmail),
          UpdateExpression: copy.UpdateExpression,
          ConditionExpression: 'pendingThanks.id = :id',
          ExpressionAttributeValues: { ':id': prompt.id, ':one': 1, ...copy.values },
        }),
      ]);
    } catch (error) {
      // The contact no longer points at this prompt (forgotten, or already moved on): the
      // prompt's own state is still worth keeping.
      if (error instanceof TransactionRefused && error.failed(1) && !error.failed(0))
        await t.put(promptItem(userId, prompt));
      else throw error;
    }
  }
}
