/**
 * Every key prefix of the single table is built here and nowhere else
 * (docs/data-model.md lists the entities and access patterns).
 */

/** Due-work index shards: enough that no partition runs hot, few enough that a tick's fixed
 * cost stays small (one Query per shard). */
export const DUE_SHARDS = 4;

export const keys = {
  user: (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' }),
  /** Address → user lookup; also enforces that an address belongs to one user. */
  address: (email: string) => ({ pk: `ADDRESS#${email.toLowerCase()}`, sk: 'ADDRESS' }),
  contact: (userId: string, email: string) => ({
    pk: `USER#${userId}`,
    sk: `CONTACT#${email.toLowerCase()}`,
  }),
  contactPrefix: () => 'CONTACT#',
  interaction: (userId: string, email: string, at: string, id: string) => ({
    pk: `USER#${userId}`,
    sk: `INTERACTION#${email.toLowerCase()}#${at}#${id}`,
  }),
  interactionPrefix: (email: string) => `INTERACTION#${email.toLowerCase()}#`,
  note: (userId: string, email: string, id: string) => ({
    pk: `USER#${userId}`,
    sk: `NOTE#${email.toLowerCase()}#${id}`,
  }),
  notePrefix: (email: string) => `NOTE#${email.toLowerCase()}#`,
  prompt: (userId: string, promptId: string) => ({
    pk: `USER#${userId}`,
    sk: `PROMPT#${promptId}`,
  }),
  promptPrefix: () => 'PROMPT#',
  digest: (userId: string, digestId: string) => ({
    pk: `USER#${userId}`,
    sk: `DIGEST#${digestId}`,
  }),
  digestPrefix: () => 'DIGEST#',
  digestSchedule: (userId: string) => ({ pk: `USER#${userId}`, sk: 'SCHEDULE#DIGEST' }),
  /** Exactly-once markers: one per Message-ID per user, one per S3 key. */
  messageMarker: (userId: string, messageIdHash: string) => ({
    pk: `USER#${userId}`,
    sk: `MESSAGE#${messageIdHash}`,
  }),
  s3KeyMarker: (s3Key: string) => ({ pk: `S3KEY#${s3Key}`, sk: 'S3KEY' }),
  quarantine: (receivedAt: string, id: string) => ({
    pk: 'QUARANTINE',
    sk: `${receivedAt}#${id}`,
  }),
  /** GSI1, overloaded: the user directory and the sharded due-work index. */
  usersIndex: (email: string) => ({ gsi1pk: 'USERS', gsi1sk: `USER#${email.toLowerCase()}` }),
  dueIndex: (shard: number, dueAt: string, ref: string) => ({
    gsi1pk: `DUE#${shard}`,
    gsi1sk: `${dueAt}#${ref}`,
  }),
  duePartition: (shard: number) => `DUE#${shard}`,
} as const;

/** A stable shard for a user, so one user's due work stays together. */
export function shardOf(userId: string): number {
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h % DUE_SHARDS;
}

export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** TTL attribute (epoch seconds): idempotency markers and expired digests. */
  ttl: 'expiresAt',
} as const;
