import type { IngestMarkers } from '../../../ports/ingest-ledger';
import { keys } from '../../../keys';
import type { Item } from '../table';

/** The exactly-once markers of one email: its S3 key, and its Message-ID for this user. */
export function markerItems(userId: string, m: IngestMarkers): Item[] {
  const items: Item[] = [
    { ...keys.s3KeyMarker(m.s3Key), type: 'marker', userId, expiresAt: m.expiresAt },
  ];
  if (m.messageIdHash)
    items.push({
      ...keys.messageMarker(userId, m.messageIdHash),
      type: 'marker',
      s3Key: m.s3Key,
      expiresAt: m.expiresAt,
    });
  return items;
}

export function markerKeys(userId: string, m: IngestMarkers) {
  return markerItems(userId, m).map((i) => ({ pk: String(i.pk), sk: String(i.sk) }));
}
