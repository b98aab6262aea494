import type { User } from '../../domain/types';
import type { ContactWrite, IngestLedger, IngestMarkers } from '../../ports/ingest-ledger';
import { ConcurrentUpdateError } from '../../ports/store-errors';
import { cadenceGroupPuts, contactPut, contactWordWrites } from './dynamodb-contact-store';
import { interactionItem } from './items/interaction-item';
import { introductionItem } from './items/intro-item';
import { markerItems, markerKeys } from './items/marker-item';
import { promptItem } from './items/prompt-item';
import { statsUpdates } from './items/stats-item';
import { conditions, type Table, type TransactItem, TransactionRefused } from './table';
import { keys } from '../../keys';

/** Contacts per transaction: each is 2 to 5 items (contact, interaction, a thank-you change, a
 * close-the-loop prompt and its introduction) and, when its words change (a new contact, a
 * name learnt), its word items; plus the cadence groups, one stats item and the 2 markers;
 * DynamoDB allows 100. */
const CONTACTS_PER_TRANSACTION = 25;
/** Contact items per transaction (see above), word items included: 25 contacts of 3 items,
 * fewer when they have more. A contact's items are never split. */
const CONTACT_ITEMS_PER_TRANSACTION = 75;

export class DynamoIngestLedger implements IngestLedger {
  constructor(private readonly table: Table) {}

  /**
   * Per chunk of contacts one transaction; the markers in the last one. Each interaction is put
   * only if absent, so a contact that a failed earlier attempt already logged is recognised on
   * retry and left out, and the markers make a second delivery a no-op without a read.
   *
   * A retry's chunks need not be the first attempt's: a contact the first attempt created is
   * known to the retry, and writes fewer items (no word items, no introduction), so the
   * boundaries move. A refused chunk is therefore not skipped whole: only the contacts whose
   * interactions are already there are, and the rest of it is committed again.
   */
  async commit(
    user: User,
    writes: ContactWrite[],
    markers: IngestMarkers,
  ): Promise<'applied' | 'duplicate'> {
    const chunks = chunksOf(this.table, user, writes);
    for (const [index, first] of chunks.entries()) {
      const last = index === chunks.length - 1;
      let chunk = first;
      for (;;) {
        const outcome = await this.commitChunk(user, chunk, last ? markers : null);
        if (outcome === 'committed') break;
        if (outcome === 'duplicate') return 'duplicate';
        chunk = chunk.filter((_, i) => !outcome.logged.has(i));
        if (chunk.length > 0) continue;
        if (!last) break;
        // The last chunk's contacts are there: an earlier attempt of this delivery committed
        // them with the markers, or a concurrent delivery of the same message did.
        return (await this.mark(user.id, markers)) ? 'applied' : 'duplicate';
      }
    }
    return 'applied';
  }

  /** One transaction: these contacts' writes, and the markers when given. Refused because some
   * of their interactions are there already: which writes those are (logged before). */
  private async commitChunk(
    user: User,
    chunk: ContactWrite[],
    markers: IngestMarkers | null,
  ): Promise<'committed' | 'duplicate' | { logged: Set<number> }> {
    const t = this.table;
    const items: TransactItem[] = [];
    const interactionAt: number[] = [];
    for (const w of chunk) {
      items.push(contactPut(t, user, w));
      interactionAt.push(items.length);
      items.push(t.putItem(interactionItem(user.id, w.interaction), conditions.absent));
      if (w.createThanks) items.push(t.putItem(promptItem(user.id, w.createThanks)));
      if (w.cancelThanksId) items.push(cancelPrompt(t, user.id, w.cancelThanksId));
      if (w.createLoop) items.push(t.putItem(promptItem(user.id, w.createLoop), conditions.absent));
      const introducer = introducerOf(w);
      // SPEC 9: whom the introducer introduced, filed with the contact the introduction brings
      // in (the same key again on a retry).
      if (introducer) items.push(t.putItem(introductionItem(user.id, introducer, w.contact)));
      items.push(...contactWordWrites(t, user, w));
    }
    items.push(
      ...cadenceGroupPuts(
        t,
        user,
        chunk.map((w) => w.contact),
      ),
    );
    const reconnected = new Set(
      chunk
        .filter((w) => w.reconnected ?? w.interaction.direction !== 'inbound')
        .map((w) => w.interaction),
    );
    items.push(
      ...statsUpdates(
        user.id,
        chunk.map((w) => w.interaction),
        (i) => reconnected.has(i),
      ).map((u) => t.updateItem(u)),
    );
    const markerStart = items.length;
    if (markers)
      items.push(...markerItems(user.id, markers).map((m) => t.putItem(m, conditions.absent)));
    try {
      await t.transact(items);
      return 'committed';
    } catch (error) {
      if (!(error instanceof TransactionRefused)) throw error;
      if (markers && error.anyFailed(markerStart)) return 'duplicate';
      // An interaction already there means an earlier attempt logged that contact
      // (transactions are all or nothing).
      const logged = new Set(chunk.flatMap((_, i) => (error.failed(interactionAt[i]!) ? [i] : [])));
      if (logged.size > 0) return { logged };
      if (error.anyFailed() || error.codes.includes('TransactionConflict'))
        throw new ConcurrentUpdateError('a contact changed while this email was being logged', {
          cause: error,
        });
      throw error;
    }
  }

  async seen(userId: string, markers: IngestMarkers): Promise<boolean> {
    return (await this.table.getMany(markerKeys(userId, markers))).length > 0;
  }

  async mark(userId: string, markers: IngestMarkers): Promise<boolean> {
    const t = this.table;
    try {
      await t.transact(markerItems(userId, markers).map((m) => t.putItem(m, conditions.absent)));
      return true;
    } catch (error) {
      if (error instanceof TransactionRefused) return false;
      throw error;
    }
  }

  async unmark(userId: string, markers: IngestMarkers): Promise<void> {
    await this.table.deleteMany(markerKeys(userId, markers));
  }
}

/** The writes in transaction-sized chunks, in order. */
function chunksOf(t: Table, user: User, writes: ContactWrite[]): ContactWrite[][] {
  const size = (w: ContactWrite) =>
    2 +
    (w.createThanks ? 1 : 0) +
    (w.cancelThanksId ? 1 : 0) +
    (w.createLoop ? 1 : 0) +
    (introducerOf(w) ? 1 : 0) +
    contactWordWrites(t, user, w).length;
  const chunks: ContactWrite[][] = [];
  let current: ContactWrite[] = [];
  let items = 0;
  for (const w of writes) {
    if (
      current.length >= CONTACTS_PER_TRANSACTION ||
      (current.length > 0 && items + size(w) > CONTACT_ITEMS_PER_TRANSACTION)
    ) {
      chunks.push(current);
      current = [];
      items = 0;
    }
    current.push(w);
    items += size(w);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** SPEC 9: the introducer of a contact this write creates (`introducedBy` is set only then). */
function introducerOf(w: ContactWrite): string | null {
  return w.version === 0 ? w.contact.introducedBy : null;
}

/** SPEC 2.7: a later outbound email cancels the pending prompt, if it is still pending. */
function cancelPrompt(t: Table, userId: string, promptId: string): TransactItem {
  return t.updateItem({
    Key: keys.prompt(userId, promptId),
    UpdateExpression: 'SET #s = :cancelled REMOVE gsi1pk, gsi1sk',
    ConditionExpression: '#s = :pending',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending' },
  });
}
