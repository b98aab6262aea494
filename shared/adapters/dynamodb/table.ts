import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

import { TABLE_KEYS } from '../../keys';

/** The global indexes' names: gsi1 (overloaded), gsi2 and gsi3 (the Contacts page's orders). */
export const GSI1 = TABLE_KEYS.gsi1.name;
export const GSI2 = TABLE_KEYS.gsi2.name;
export const GSI3 = TABLE_KEYS.gsi3.name;

export type Item = Record<string, unknown>;
export type Key = { pk: string; sk: string };
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Query = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** The last code point. No key holds it, so `prefix` followed by it sorts after every key that
 * starts with `prefix`: keys compare as UTF-8 bytes, in DynamoDB and in DynamoDB Local alike. */
const LAST_CODE_POINT = '\u{10FFFF}';

/**
 * The key condition of the items of `partition` whose sort key starts with `prefix` (with
 * `values`, a filter's, beside). A BETWEEN rather than `begins_with`: the same items, but
 * DynamoDB Local reads the whole partition for a `begins_with`, and a user's partition holds
 * every contact, interaction and word item (the Contact page's four such Queries took 60 ms
 * more at 10,000 contacts); it reads only the range for this.
 */
export function startingWith(
  partition: string,
  prefix: string,
  values: Record<string, unknown> = {},
): Pick<Query, 'KeyConditionExpression' | 'ExpressionAttributeValues'> {
  return {
    KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ...values,
      ':p': partition,
      ':from': prefix,
      ':to': `${prefix}${LAST_CODE_POINT}`,
    },
  };
}

/** DynamoDB's limits: keys per BatchGetItem, requests per BatchWriteItem. */
const BATCH_GET_MAX = 100;
const BATCH_WRITE_MAX = 25;
/**
 * A transaction cancelled only because another one held its items (TransactionConflict, which
 * the SDK does not retry) changed nothing: it is sent again, this often, after a short random
 * wait. A refusal by a condition is never retried here: that is the caller's to decide.
 */
const CONFLICT_RESENDS = 6;
const CONFLICT_WAIT_MS = 50;

/** A transaction was refused; `failed(i)` says whether item i's condition was the reason. */
export class TransactionRefused extends Error {
  override name = 'TransactionRefused';
  constructor(
    readonly codes: Array<string | undefined>,
    cause: TransactionCanceledException,
  ) {
    super('transaction cancelled', { cause });
  }
  failed(index: number): boolean {
    return this.codes[index] === 'ConditionalCheckFailed';
  }
  anyFailed(from = 0, to = this.codes.length): boolean {
    return this.codes.slice(from, to).some((c) => c === 'ConditionalCheckFailed');
  }
  /** Cancelled because concurrent transactions held its items, and for no other reason. */
  onlyConflicts(): boolean {
    return (
      this.codes.includes('TransactionConflict') &&
      this.codes.every((c) => c === undefined || c === 'None' || c === 'TransactionConflict')
    );
  }
}

export function isConditionFailure(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException;
}

/**
 * The single table (docs/data-model.md): the plumbing every entity adapter shares. Reads are
 * strongly consistent on the table (a reply right after an email must see it); index reads
 * are eventually consistent, as DynamoDB allows nothing else.
 */
/** One table's part of a BatchGetItem request. */
type KeysAndAttributes = NonNullable<BatchGetCommandInput['RequestItems']>[string];

export class Table {
  readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly name: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  async get(key: Key): Promise<Item | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }),
    );
    return out.Item ?? null;
  }

  /** Items by key, in as many BatchGetItem calls as it takes (unprocessed keys retried);
   * strongly consistent and whole unless asked otherwise. */
  async getMany(
    keys: Key[],
    options: { consistent?: boolean; projection?: readonly string[] } = {},
  ): Promise<Item[]> {
    const { consistent = true, projection } = options;
    const names = projection && Object.fromEntries(projection.map((f, i) => [`#f${i}`, f]));
    const found: Item[] = [];
    for (let i = 0; i < keys.length; i += BATCH_GET_MAX) {
      let request: Record<string, KeysAndAttributes> | undefined = {
        [this.name]: {
          Keys: keys.slice(i, i + BATCH_GET_MAX),
          ConsistentRead: consistent,
          ...(names
            ? {
                ProjectionExpression: Object.keys(names).join(', '),
                ExpressionAttributeNames: names,
              }
            : {}),
        },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[this.name] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  /** Every page of a query. */
  async queryAll(query: Query): Promise<Item[]> {
    return (await this.queryUntil(query, Infinity)).items;
  }

  /**
   * Pages of a query until `enough` of the items pass `keep` (DynamoDB's Limit counts items
   * before any filter); `more` says whether the index had items left.
   */
  async queryUntil(
    query: Query,
    enough: number,
    keep: (item: Item) => boolean = () => true,
  ): Promise<{ items: Item[]; more: boolean }> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.queryPage(
        query,
        start,
        Number.isFinite(enough) ? enough - items.length : undefined,
      );
      items.push(...(out.Items ?? []).filter(keep));
      start = out.LastEvaluatedKey;
    } while (start && items.length < enough);
    return { items, more: start !== undefined };
  }

  /** One page of a query: consistent on the table, eventual on an index (the only read a global
   * index allows), from `start`, at most `limit` items when given. */
  private queryPage(query: Query, start: Record<string, unknown> | undefined, limit?: number) {
    return this.doc.send(
      new QueryCommand({
        TableName: this.name,
        ConsistentRead: query.IndexName === undefined,
        ...query,
        ...(limit === undefined ? {} : { Limit: limit }),
        ExclusiveStartKey: start,
      }),
    );
  }

  /** One page of at most `limit` items from `from` on, and where the next page starts (none: the
   * query has nothing more). */
  async page(
    query: Query,
    limit: number,
    from?: Readonly<Record<string, unknown>>,
  ): Promise<{ items: Item[]; next: Record<string, unknown> | undefined }> {
    const out = await this.queryPage(query, from ? { ...from } : undefined, limit);
    return { items: out.Items ?? [], next: out.LastEvaluatedKey };
  }

  /**
   * A query one page at a time, for a caller that stops when it has enough: the first page reads
   * `firstLimit` items, each next one twice as many as the one before (DynamoDB also ends a page
   * at 1 MB). `last` marks the page after which the query has nothing more.
   */
  async *queryChunks(
    query: Query,
    firstLimit: number,
    from?: Record<string, unknown>,
  ): AsyncGenerator<{ items: Item[]; last: boolean }> {
    let start = from;
    let limit = Math.max(1, Math.ceil(firstLimit));
    do {
      const out = await this.queryPage(query, start, limit);
      start = out.LastEvaluatedKey;
      limit *= 2;
      yield { items: out.Items ?? [], last: start === undefined };
    } while (start);
  }

  /**
   * Passes over the first `count` items of a query reading only their keys (`keyNames`): far
   * fewer bytes to send and parse than the items, the same read units. `from` is where the rest
   * of the query starts; `ended` when the query had `passed` (< count) items in all.
   */
  async skip(
    query: Query,
    count: number,
    keyNames: readonly string[],
  ): Promise<{ passed: number; from: Record<string, unknown> | undefined; ended: boolean }> {
    let passed = 0;
    let start: Record<string, unknown> | undefined;
    const names = Object.fromEntries(keyNames.map((k, i) => [`#k${i}`, k]));
    do {
      const keysOnly: Query = {
        ...query,
        ProjectionExpression: Object.keys(names).join(', '),
        ExpressionAttributeNames: { ...query.ExpressionAttributeNames, ...names },
      };
      const out = await this.queryPage(keysOnly, start, count - passed);
      passed += out.Items?.length ?? 0;
      start = out.LastEvaluatedKey;
    } while (start && passed < count);
    return { passed, from: start, ended: start === undefined };
  }

  async put(
    item: Item,
    condition?: Pick<UpdateCommandInput, 'ConditionExpression'>,
  ): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.name, Item: item, ...condition }));
  }

  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | null> {
    const out = await this.doc.send(new UpdateCommand({ TableName: this.name, ...input }));
    return out.Attributes ?? null;
  }

  async delete(key: Key): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.name, Key: key }));
  }

  /** Deletes the item if `condition` holds and returns it as it was; null when it does not. */
  async deleteIf(key: Key, condition: string, values: Item): Promise<Item | null> {
    try {
      const out = await this.doc.send(
        new DeleteCommand({
          TableName: this.name,
          Key: key,
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes ?? null;
    } catch (error) {
      if (isConditionFailure(error)) return null;
      throw error;
    }
  }

  async deleteMany(keys: Key[]): Promise<void> {
    await this.batchWrite(keys.map((Key) => ({ DeleteRequest: { Key } })));
  }

  /** Unconditional puts in batches (imports, seeding); no transaction, no conditions. */
  async putMany(items: Item[]): Promise<void> {
    await this.batchWrite(items.map((Item) => ({ PutRequest: { Item } })));
  }

  private async batchWrite(
    requests: Array<{ DeleteRequest: { Key: Item } } | { PutRequest: { Item: Item } }>,
  ): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH_WRITE_MAX) {
      let request: Record<string, typeof requests> | undefined = {
        [this.name]: requests.slice(i, i + BATCH_WRITE_MAX),
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  }

  /** All or nothing; a refusal becomes TransactionRefused with the reason of each item. */
  async transact(items: TransactItem[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
        return;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const refused = new TransactionRefused(
          (error.CancellationReasons ?? []).map((r) => r.Code),
          error,
        );
        if (!refused.onlyConflicts() || attempt >= CONFLICT_RESENDS) throw refused;
        await new Promise((resolve) =>
          setTimeout(resolve, Math.random() * CONFLICT_WAIT_MS * attempt),
        );
      }
    }
  }

  // Builders for transaction items, so adapters never repeat the table name.
  putItem(Item: Item, ConditionExpression?: string, values?: Item): TransactItem {
    return {
      Put: {
        TableName: this.name,
        Item,
        ...(ConditionExpression ? { ConditionExpression } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
      },
    };
  }

  updateItem(input: Omit<NonNullable<TransactItem['Update']>, 'TableName'>): TransactItem {
    return { Update: { TableName: this.name, ...input } };
  }

  deleteItem(Key: Key, ConditionExpression?: string, values?: Item): TransactItem {
    return {
      Delete: {
        TableName: this.name,
        Key,
        ...(ConditionExpression ? { ConditionExpression } : {}),
        ...(values ? { ExpressionAttributeValues: values } : {}),
      },
    };
  }
}

/** Named condition fragments (so no adapter concatenates its own). */
export const conditions = {
  absent: 'attribute_not_exists(pk)',
  exists: 'attribute_exists(pk)',
  version: 'version = :version',
} as const;
