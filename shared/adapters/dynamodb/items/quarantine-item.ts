import * as z from 'zod/mini';
import { QUARANTINE_REASONS, type QuarantineRecord } from '../../../domain/types';
import { keys, shardOf, UNKNOWN_SENDER_SHARDS } from '../../../keys';
import type { Item } from '../table';
import { nullableString, orElse, stringList, lazySchema } from './fields';

const quarantineSchema = lazySchema(() =>
  z.object({
    receivedAt: z.string(),
    from: orElse(z.string(), ''),
    s3Key: z.string(),
    reason: z.enum(QUARANTINE_REASONS),
    userId: nullableString,
    detail: nullableString,
    receipt: orElse(
      z.object({
        recipients: stringList,
        envelopeSender: z.string(),
        verdicts: z.object({ spf: z.string(), dkim: z.string(), dmarc: z.string() }),
      }),
      null,
    ),
  }),
);

/** With the user when known; a stranger's mail spread over partitions by its S3 key. */
export function quarantineKey(r: QuarantineRecord) {
  return r.userId
    ? keys.userQuarantine(r.userId, r.receivedAt, r.s3Key)
    : keys.unknownQuarantine(shardOf(r.s3Key, UNKNOWN_SENDER_SHARDS), r.receivedAt, r.s3Key);
}

export function quarantineItem(r: QuarantineRecord, expiresAt: number): Item {
  return { ...quarantineKey(r), type: 'quarantine', expiresAt, ...r };
}

export function parseQuarantine(item: Item): QuarantineRecord {
  return quarantineSchema().parse(item);
}
