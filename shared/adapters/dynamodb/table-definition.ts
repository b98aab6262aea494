import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_KEYS } from '../../keys';
import { CONTACT_SUMMARY_FIELDS } from '../../ports/contact-store';

/** The Contacts page's indexes (by last contact, by next due), projected to its fields. */
const CONTACT_LIST_INDEXES = [TABLE_KEYS.gsi2, TABLE_KEYS.gsi3];

/**
 * Creates the single table with the same keys, indexes and TTL attribute the CDK stack declares
 * (infra/stateful-stack.ts). Used by the local stack and the tests; if the table exists, only
 * turns TTL on where it is off (a table created before TTL was declared here) and adds the
 * Contacts page's indexes where they are missing (a local table created before them).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(client, tableName, Table?.GlobalSecondaryIndexes ?? []);
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
    await createTable(client, tableName);
  }
  await enableTtl(client, tableName);
}

/** How long to wait for an index added to an existing local table to become usable: DynamoDB
 * Local took over 30 s while a full test run kept it busy (the table itself was empty). */
const INDEX_WAIT_MS = 60_000;

/** The Contacts page's indexes on a table created before them, one at a time (DynamoDB adds one
 * index per UpdateTable); `scripts/backfill-contact-indexes.ts` then files the contacts in them. */
async function addMissingIndexes(
  client: DynamoDBClient,
  tableName: string,
  existing: Array<{ IndexName?: string | undefined }>,
): Promise<void> {
  const names = new Set(existing.map((i) => i.IndexName));
  for (const gsi of CONTACT_LIST_INDEXES.filter((g) => !names.has(g.name))) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        // Every key of the new index, its partition key (the table's) included.
        AttributeDefinitions: [
          { AttributeName: gsi.partitionKey, AttributeType: 'S' },
          ...attributes(gsi),
        ],
        GlobalSecondaryIndexUpdates: [{ Create: contactListIndex(gsi) }],
      }),
    );
    const until = Date.now() + INDEX_WAIT_MS;
    for (;;) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
      const index = Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === gsi.name);
      if (Table?.TableStatus === 'ACTIVE' && index?.IndexStatus === 'ACTIVE') break;
      if (Date.now() > until) throw new Error(`index ${gsi.name} of ${tableName} is not active`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

type IndexKeys = (typeof CONTACT_LIST_INDEXES)[number];

/** The index's sort key (its partition key is the table's `pk`, defined with the table). */
function attributes(gsi: IndexKeys) {
  return [{ AttributeName: gsi.sortKey, AttributeType: 'S' as const }];
}

/** One of the Contacts page's indexes: the page's fields projected, nothing else. */
function contactListIndex(gsi: IndexKeys) {
  return {
    IndexName: gsi.name,
    KeySchema: [
      { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: {
      ProjectionType: 'INCLUDE' as const,
      NonKeyAttributes: [...CONTACT_SUMMARY_FIELDS],
    },
  };
}

/** SPEC 2.9: markers, quarantine records and old stats expire by TTL on `expiresAt`. */
async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' || ttl?.TimeToLiveStatus === 'ENABLING') return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE_KEYS.ttl, Enabled: true },
      }),
    );
  } catch (error) {
    // Another process turned it on between the two calls.
    if (!/already enabled/i.test((error as Error).message)) throw error;
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.sortKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.gsi1.partitionKey, AttributeType: 'S' },
          { AttributeName: TABLE_KEYS.gsi1.sortKey, AttributeType: 'S' },
          ...CONTACT_LIST_INDEXES.flatMap(attributes),
        ],
        KeySchema: [
          { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: TABLE_KEYS.gsi1.name,
            KeySchema: [
              { AttributeName: TABLE_KEYS.gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: TABLE_KEYS.gsi1.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          ...CONTACT_LIST_INDEXES.map(contactListIndex),
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
