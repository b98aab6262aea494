import { type DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
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
} from '@aws-sdk/lib-dynamodb';
import { keys, shardOf, TABLE_KEYS } from '../../keys';
import type {
  Contact,
  Digest,
  Interaction,
  Note,
  QuarantineRecord,
  ThanksPrompt,
  User,
} from '../../domain/types';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export class AddressTakenError extends Error {
  override name = 'AddressTakenError';
}

export class ConcurrentUpdateError extends Error {
  override name = 'ConcurrentUpdateError';
}

/** A contact as stored, with the version its optimistic lock compares against. */
export interface StoredContact {
  contact: Contact;
  version: number;
}

/** One contact's share of an ingested email: written together or not at all. */
export interface ContactWrite {
  contact: Contact;
  /** The version read (0 = new contact). */
  version: number;
  interaction: Interaction;
  createThanks: ThanksPrompt | null;
  cancelThanksId: string | null;
}

export interface IngestMarkers {
  messageIdHash: string | null;
  s3Key: string;
  expiresAt: number;
}

/** Emails per transaction: each contact is up to 3 items and the markers 2; DynamoDB allows 100. */
const CONTACTS_PER_TRANSACTION = 25;

/** A due item as the due-work index returns it. */
export interface DueRef {
  kind: 'thanks' | 'digest';
  userId: string;
  /** Prompt id for thanks; the schedule for digests. */
  id: string;
  dueAt: string;
  claimedUntil: string | null;
}

/**
 * The single-table store (docs/data-model.md). Every DynamoDB expression lives here;
 * the domain sees plain entities.
 */
export class DynamoTendStore {
  private readonly doc: DynamoDBDocumentClient;
  /** Read capacity counter, for the dispatcher's "reads grow with work, not users" test. */
  readonly stats = { reads: 0 };

  constructor(
    client: DynamoDBClient,
    private readonly table: string,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    });
  }

  // ---------------------------------------------------------------- users

  async findUserByAddress(address: string): Promise<User | null> {
    const link = await this.get(keys.address(address));
    if (!link) return null;
    return this.getUser(String(link.userId));
  }

  async getUser(userId: string): Promise<User | null> {
    const item = await this.get(keys.user(userId));
    return item ? toUser(item) : null;
  }

  async listUsers(): Promise<User[]> {
    const items = await this.queryAll({
      IndexName: TABLE_KEYS.gsi1.name,
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': 'USERS' },
    });
    return items.map(toUser);
  }

  /** Registers a user and their addresses; an address that belongs to anyone already fails. */
  async createUser(user: User, firstDigestAt: string | null): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.user(user.id), ...keys.usersIndex(user.email), type: 'user', ...user },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...user.addresses.map((address) => ({
        Put: {
          TableName: this.table,
          Item: { ...keys.address(address), type: 'address', userId: user.id, address },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    if (firstDigestAt)
      items.push({
        Put: { TableName: this.table, Item: this.scheduleItem(user.id, firstDigestAt) },
      });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        throw new AddressTakenError('that address is already registered to a Tend user', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async saveUser(user: User): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.user(user.id), ...keys.usersIndex(user.email), type: 'user', ...user },
      }),
    );
  }

  /** Deletes the user and everything scoped to them. */
  async deleteUser(user: User): Promise<number> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': keys.user(user.id).pk },
    });
    const all = [
      ...items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })),
      ...user.addresses.map(keys.address),
    ];
    await this.batchDelete(all);
    return items.length;
  }

  // ---------------------------------------------------------------- digest schedule (due index)

  private scheduleItem(userId: string, dueAt: string): Item {
    return {
      ...keys.digestSchedule(userId),
      ...keys.dueIndex(shardOf(userId), dueAt, `digest#${userId}`),
      type: 'digestSchedule',
      userId,
      dueAt,
    };
  }

  /** Sets (or with null, removes) when the user's next digest is due. */
  async setDigestDue(userId: string, dueAt: string | null): Promise<void> {
    if (dueAt) {
      await this.doc.send(
        new PutCommand({ TableName: this.table, Item: this.scheduleItem(userId, dueAt) }),
      );
    } else {
      await this.doc.send(
        new DeleteCommand({ TableName: this.table, Key: keys.digestSchedule(userId) }),
      );
    }
  }

  async getDigestDue(
    userId: string,
  ): Promise<{ dueAt: string; claimedUntil: string | null; attempts: number } | null> {
    const item = await this.get(keys.digestSchedule(userId));
    if (!item) return null;
    return {
      dueAt: String(item.dueAt),
      claimedUntil: (item.claimedUntil as string | undefined) ?? null,
      attempts: Number(item.attempts ?? 0),
    };
  }

  // ---------------------------------------------------------------- ingest

  /** True when this S3 key, or this Message-ID for this user, was already logged. */
  async alreadyIngested(
    userId: string | null,
    messageIdHash: string | null,
    s3Key: string,
  ): Promise<boolean> {
    if (await this.get(keys.s3KeyMarker(s3Key))) return true;
    if (userId && messageIdHash && (await this.get(keys.messageMarker(userId, messageIdHash))))
      return true;
    return false;
  }

  async getContacts(userId: string, emails: string[]): Promise<Map<string, StoredContact>> {
    const found = new Map<string, StoredContact>();
    for (let i = 0; i < emails.length; i += 100) {
      let request: Record<string, { Keys: Item[] }> | undefined = {
        [this.table]: { Keys: emails.slice(i, i + 100).map((e) => keys.contact(userId, e)) },
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchGetCommand({ RequestItems: request }));
        const got = out.Responses?.[this.table] ?? [];
        this.stats.reads += got.length;
        for (const item of got)
          found.set(String(item.email), {
            contact: toContact(item),
            version: Number(item.version ?? 0),
          });
        request = out.UnprocessedKeys as typeof request;
      }
    }
    return found;
  }

  async getContact(userId: string, email: string): Promise<StoredContact | null> {
    const item = await this.get(keys.contact(userId, email));
    return item ? { contact: toContact(item), version: Number(item.version ?? 0) } : null;
  }

  async getPrompt(userId: string, promptId: string): Promise<ThanksPrompt | null> {
    const item = await this.get(keys.prompt(userId, promptId));
    return item ? toPrompt(item) : null;
  }

  /**
   * Writes an ingested email: per chunk of contacts one transaction (contact, interaction,
   * prompt changes), the exactly-once markers in the last one. Each interaction is put only if
   * absent, so a chunk that a failed earlier attempt already committed is recognised and skipped
   * on retry, and the markers make a second delivery a no-op.
   * Returns 'duplicate' when the markers show the email was already fully logged.
   */
  async commitIngest(
    userId: string,
    writes: ContactWrite[],
    markers: IngestMarkers,
  ): Promise<'applied' | 'duplicate'> {
    const chunks: ContactWrite[][] = [];
    for (let i = 0; i < writes.length; i += CONTACTS_PER_TRANSACTION)
      chunks.push(writes.slice(i, i + CONTACTS_PER_TRANSACTION));
    for (const [index, chunk] of chunks.entries()) {
      const last = index === chunks.length - 1;
      const items = chunk.flatMap((w) => this.contactWriteItems(userId, w));
      const markerStart = items.length;
      if (last) items.push(...this.markerItems(userId, markers));
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const reasons = error.CancellationReasons ?? [];
        const failed = (i: number) => reasons[i]?.Code === 'ConditionalCheckFailed';
        if (last && reasons.slice(markerStart).some((_, j) => failed(markerStart + j)))
          return 'duplicate';
        // Interactions sit at offset 1 of each contact's items: if one already exists, this
        // chunk was committed by an earlier attempt (transactions are all-or-nothing).
        let offset = 0;
        let committedBefore = false;
        for (const w of chunk) {
          if (failed(offset + 1)) committedBefore = true;
          offset += this.contactWriteItems(userId, w).length;
        }
        if (committedBefore && !last) continue;
        if (committedBefore && last) {
          // The last chunk's contacts are already there. Either an earlier attempt of this
          // delivery committed them (with the markers, in the same transaction) or a concurrent
          // delivery of the same message did: both mean this one is a duplicate.
          return (await this.putMarkers(userId, markers)) ? 'applied' : 'duplicate';
        }
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
          throw new ConcurrentUpdateError('a contact changed while this email was being logged', {
            cause: error,
          });
        }
        throw error;
      }
    }
    return 'applied';
  }

  private contactWriteItems(userId: string, w: ContactWrite): TransactItem[] {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.contact(userId, w.contact.email),
            type: 'contact',
            version: w.version + 1,
            ...w.contact,
          },
          ConditionExpression: w.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(w.version === 0 ? {} : { ExpressionAttributeValues: { ':v': w.version } }),
        },
      },
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.interaction(
              userId,
              w.interaction.contactEmail,
              w.interaction.at,
              w.interaction.id,
            ),
            type: 'interaction',
            ...w.interaction,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (w.createThanks)
      items.push({ Put: { TableName: this.table, Item: this.promptItem(userId, w.createThanks) } });
    if (w.cancelThanksId) {
      items.push({
        Update: {
          TableName: this.table,
          Key: keys.prompt(userId, w.cancelThanksId),
          UpdateExpression: 'SET #s = :cancelled REMOVE gsi1pk, gsi1sk',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':pending': 'pending' },
        },
      });
    }
    return items;
  }

  private markerItems(userId: string, m: IngestMarkers): TransactItem[] {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: { ...keys.s3KeyMarker(m.s3Key), type: 'marker', userId, expiresAt: m.expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    ];
    if (m.messageIdHash) {
      items.push({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.messageMarker(userId, m.messageIdHash),
            type: 'marker',
            s3Key: m.s3Key,
            expiresAt: m.expiresAt,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    return items;
  }

  promptItem(userId: string, p: ThanksPrompt): Item {
    const due = p.status === 'pending' || p.status === 'claimed';
    return {
      ...keys.prompt(userId, p.id),
      ...(due ? keys.dueIndex(shardOf(userId), p.dueAt, `thanks#${userId}#${p.id}`) : {}),
      type: 'prompt',
      userId,
      ...p,
    };
  }

  // ---------------------------------------------------------------- quarantine

  /** Idempotent: the same S3 key quarantined twice is one record. */
  async putQuarantine(record: QuarantineRecord): Promise<void> {
    const key = record.userId
      ? { pk: keys.user(record.userId).pk, sk: `QUARANTINE#${record.receivedAt}#${record.s3Key}` }
      : keys.quarantine(record.receivedAt, record.s3Key);
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: { ...key, type: 'quarantine', ...record } }),
    );
  }

  /** Quarantined mail of this user, plus mail from senders Tend does not know (no user to scope to). */
  async listQuarantine(userId: string | null): Promise<QuarantineRecord[]> {
    const unknown = await this.queryAll({
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': 'QUARANTINE' },
    });
    const mine = userId
      ? await this.queryAll({
          KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
          ExpressionAttributeValues: { ':p': keys.user(userId).pk, ':s': 'QUARANTINE#' },
        })
      : [];
    return [...unknown, ...mine]
      .map((i) => ({
        receivedAt: String(i.receivedAt),
        from: String(i.from ?? ''),
        s3Key: String(i.s3Key),
        reason: i.reason as QuarantineRecord['reason'],
        userId: (i.userId as string | null | undefined) ?? null,
        detail: (i.detail as string | null | undefined) ?? null,
        receipt: (i.receipt as QuarantineRecord['receipt'] | undefined) ?? null,
      }))
      .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  async deleteQuarantine(record: QuarantineRecord): Promise<void> {
    const key = record.userId
      ? { pk: keys.user(record.userId).pk, sk: `QUARANTINE#${record.receivedAt}#${record.s3Key}` }
      : keys.quarantine(record.receivedAt, record.s3Key);
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: key }));
  }

  // ---------------------------------------------------------------- reading contacts

  async listContacts(userId: string): Promise<Contact[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.user(userId).pk, ':s': keys.contactPrefix() },
    });
    return items.map(toContact);
  }

  async listInteractions(userId: string, email: string): Promise<Interaction[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: {
        ':p': keys.user(userId).pk,
        ':s': keys.interactionPrefix(email),
      },
      ScanIndexForward: false,
    });
    return items.map(toInteraction);
  }

  async listNotes(userId: string, email: string): Promise<Note[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.user(userId).pk, ':s': keys.notePrefix(email) },
      ScanIndexForward: false,
    });
    return items.map((i) => ({
      id: String(i.id),
      contactEmail: String(i.contactEmail),
      at: String(i.at),
      text: String(i.text),
    }));
  }

  async listPromptsFor(userId: string, email: string): Promise<ThanksPrompt[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: 'contactEmail = :e',
      ExpressionAttributeValues: {
        ':p': keys.user(userId).pk,
        ':s': keys.promptPrefix(),
        ':e': email.toLowerCase(),
      },
      ScanIndexForward: false,
    });
    return items.map(toPrompt);
  }

  async listPrompts(userId: string): Promise<ThanksPrompt[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.user(userId).pk, ':s': keys.promptPrefix() },
    });
    return items.map(toPrompt);
  }

  async listDigests(userId: string): Promise<Digest[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      ExpressionAttributeValues: { ':p': keys.user(userId).pk, ':s': keys.digestPrefix() },
      ScanIndexForward: false,
    });
    return items.map(toDigest);
  }

  async getDigest(userId: string, digestId: string): Promise<Digest | null> {
    const item = await this.get(keys.digest(userId, digestId));
    return item ? toDigest(item) : null;
  }

  /** Interactions of one user since a time (digest stats). */
  async countInteractionsSince(
    userId: string,
    since: string,
  ): Promise<{ logged: number; outbound: Set<string> }> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
      FilterExpression: '#at >= :since',
      ExpressionAttributeNames: { '#at': 'at' },
      ExpressionAttributeValues: {
        ':p': keys.user(userId).pk,
        ':s': 'INTERACTION#',
        ':since': since,
      },
      ProjectionExpression: 'contactEmail, direction, #at',
    });
    const outbound = new Set<string>();
    for (const i of items) if (i.direction !== 'inbound') outbound.add(String(i.contactEmail));
    return { logged: items.length, outbound };
  }

  // ---------------------------------------------------------------- changing contacts

  /** Saves a contact if nobody changed it since it was read. */
  async saveContact(userId: string, stored: StoredContact): Promise<void> {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            ...keys.contact(userId, stored.contact.email),
            type: 'contact',
            ...stored.contact,
            version: stored.version + 1,
          },
          ConditionExpression: stored.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(stored.version === 0 ? {} : { ExpressionAttributeValues: { ':v': stored.version } }),
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') {
        throw new ConcurrentUpdateError('the contact changed meanwhile', { cause: error });
      }
      throw error;
    }
  }

  /**
   * One command's change to a contact, with the interaction or note it adds, in one transaction.
   * The added item is put only if absent (its id is derived from the reply), so re-applying the
   * same reply is recognised: 'already'.
   */
  async applyContactChange(
    userId: string,
    stored: StoredContact,
    extras: { interaction?: Interaction; note?: Note; promptDoneId?: string },
  ): Promise<'applied' | 'already'> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.contact(userId, stored.contact.email),
            type: 'contact',
            ...stored.contact,
            version: stored.version + 1,
          },
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': stored.version },
        },
      },
    ];
    const i = extras.interaction;
    if (i) {
      items.push({
        Put: {
          TableName: this.table,
          Item: {
            ...keys.interaction(userId, i.contactEmail, i.at, i.id),
            type: 'interaction',
            ...i,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    const n = extras.note;
    if (n) {
      items.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.note(userId, n.contactEmail, n.id), type: 'note', ...n },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    if (extras.promptDoneId) {
      items.push({
        Update: {
          TableName: this.table,
          Key: keys.prompt(userId, extras.promptDoneId),
          UpdateExpression: 'SET #s = :done REMOVE gsi1pk, gsi1sk, claimedUntil',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':done': 'done' },
        },
      });
    }
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return 'applied';
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons.slice(1).some((r) => r.Code === 'ConditionalCheckFailed') && (i || n))
        return 'already';
      if (reasons[0]?.Code === 'ConditionalCheckFailed') {
        throw new ConcurrentUpdateError('the contact changed meanwhile', { cause: error });
      }
      throw error;
    }
  }

  /** Records that a reply was handled (same markers as ingest): false when it already was. */
  async putMarkers(userId: string, markers: IngestMarkers): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({ TransactItems: this.markerItems(userId, markers) }),
      );
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  async putNote(userId: string, note: Note): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...keys.note(userId, note.contactEmail, note.id), type: 'note', ...note },
      }),
    );
  }

  async putInteraction(userId: string, i: Interaction): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...keys.interaction(userId, i.contactEmail, i.at, i.id),
          type: 'interaction',
          ...i,
        },
      }),
    );
  }

  async putPrompt(userId: string, p: ThanksPrompt): Promise<void> {
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: this.promptItem(userId, p) }),
    );
  }

  /** Deletes a contact with its interactions, notes and prompts (`forget`). */
  async deleteContactAndHistory(userId: string, email: string): Promise<void> {
    const pk = keys.user(userId).pk;
    const prefixes = [keys.interactionPrefix(email), keys.notePrefix(email)];
    const doomed: Array<{ pk: string; sk: string }> = [keys.contact(userId, email)];
    for (const prefix of prefixes) {
      const items = await this.queryAll({
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :s)',
        ExpressionAttributeValues: { ':p': pk, ':s': prefix },
        ProjectionExpression: 'pk, sk',
      });
      doomed.push(...items.map((i) => ({ pk: String(i.pk), sk: String(i.sk) })));
    }
    for (const p of await this.listPromptsFor(userId, email))
      doomed.push(keys.prompt(userId, p.id));
    await this.batchDelete(doomed);
  }

  // ---------------------------------------------------------------- dispatch

  /** Due work in one shard of the due index, oldest first. Reads grow with the work due. */
  async queryDue(shard: number, now: string, limit: number): Promise<DueRef[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: TABLE_KEYS.gsi1.name,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :now',
        ExpressionAttributeValues: { ':p': keys.duePartition(shard), ':now': `${now}#~` },
        Limit: limit,
      }),
    );
    this.stats.reads += 1 + (out.Items?.length ?? 0);
    return (out.Items ?? []).map((i) => ({
      kind: i.type === 'digestSchedule' ? 'digest' : 'thanks',
      userId: String(i.userId),
      id: i.type === 'digestSchedule' ? 'schedule' : String(i.id),
      dueAt: String(i.dueAt),
      claimedUntil: (i.claimedUntil as string | undefined) ?? null,
    }));
  }

  /**
   * Claims a due item for sending: only one dispatcher run can hold it, and a claim left by
   * a crash expires at `claimUntil`. Returns false when someone else has it or it is no longer due.
   */
  async claim(ref: DueRef, now: string, claimUntil: string): Promise<boolean> {
    const key =
      ref.kind === 'digest' ? keys.digestSchedule(ref.userId) : keys.prompt(ref.userId, ref.id);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: key,
          UpdateExpression:
            'SET claimedUntil = :until' + (ref.kind === 'thanks' ? ', #s = :claimed' : ''),
          ConditionExpression:
            'attribute_exists(gsi1pk) AND dueAt = :due AND (attribute_not_exists(claimedUntil) OR claimedUntil < :now)' +
            (ref.kind === 'thanks' ? ' AND (#s = :pending OR #s = :claimed)' : ''),
          ...(ref.kind === 'thanks' ? { ExpressionAttributeNames: { '#s': 'status' } } : {}),
          ExpressionAttributeValues: {
            ':until': claimUntil,
            ':now': now,
            ':due': ref.dueAt,
            ...(ref.kind === 'thanks' ? { ':claimed': 'claimed', ':pending': 'pending' } : {}),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  /** A thank-you prompt was sent: out of the due index, off the contact. */
  async markPromptSent(userId: string, prompt: ThanksPrompt, sentAt: string): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.table,
              Key: keys.prompt(userId, prompt.id),
              UpdateExpression: 'SET #s = :sent, sentAt = :at REMOVE gsi1pk, gsi1sk, claimedUntil',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt },
            },
          },
        ],
      }),
    );
  }

  /** A send failed: back to pending at a later due time, or failed for good. */
  async markPromptAttemptFailed(
    userId: string,
    prompt: ThanksPrompt,
    error: string,
    retryAt: string | null,
  ): Promise<void> {
    const attempts = prompt.attempts + 1;
    const next: ThanksPrompt = retryAt
      ? { ...prompt, attempts, lastError: error, status: 'pending', dueAt: retryAt }
      : { ...prompt, attempts, lastError: error, status: 'failed' };
    await this.doc.send(
      new PutCommand({ TableName: this.table, Item: this.promptItem(userId, next) }),
    );
    if (!retryAt) {
      await this.doc
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: keys.contact(userId, prompt.contactEmail),
            UpdateExpression: 'REMOVE pendingThanksId',
            ConditionExpression: 'attribute_exists(pk) AND pendingThanksId = :id',
            ExpressionAttributeValues: { ':id': prompt.id },
          }),
        )
        .catch((e: { name?: string }) => {
          if (e.name !== 'ConditionalCheckFailedException') throw e;
        });
    }
  }

  /** Clears the contact's pending prompt after it was sent (a newer one may then be created). */
  async clearPendingThanks(userId: string, email: string, promptId: string): Promise<void> {
    await this.doc
      .send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.contact(userId, email),
          UpdateExpression: 'REMOVE pendingThanksId',
          ConditionExpression: 'attribute_exists(pk) AND pendingThanksId = :id',
          ExpressionAttributeValues: { ':id': promptId },
        }),
      )
      .catch((e: { name?: string }) => {
        if (e.name !== 'ConditionalCheckFailedException') throw e;
      });
  }

  /** A digest went out (or there was nothing to say): record it and move the schedule on. */
  async completeDigest(
    userId: string,
    digest: Digest | null,
    nextDueAt: string | null,
    expiresAt: number,
  ): Promise<void> {
    const items: TransactItem[] = [];
    if (digest) {
      items.push({
        Put: {
          TableName: this.table,
          Item: { ...keys.digest(userId, digest.id), type: 'digest', userId, expiresAt, ...digest },
        },
      });
    }
    items.push(
      nextDueAt
        ? { Put: { TableName: this.table, Item: this.scheduleItem(userId, nextDueAt) } }
        : { Delete: { TableName: this.table, Key: keys.digestSchedule(userId) } },
    );
    await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /** A digest send failed: retry later (same slot), or give up on this week's digest. */
  async digestAttemptFailed(
    userId: string,
    slotDueAt: string,
    attempts: number,
    retryAt: string,
    error: string,
  ): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...this.scheduleItem(userId, retryAt), slotDueAt, attempts, lastError: error },
      }),
    );
  }

  async getScheduleSlot(
    userId: string,
  ): Promise<{ slotDueAt: string | null; attempts: number } | null> {
    const item = await this.get(keys.digestSchedule(userId));
    if (!item) return null;
    return {
      slotDueAt: (item.slotDueAt as string | undefined) ?? null,
      attempts: Number(item.attempts ?? 0),
    };
  }

  // ---------------------------------------------------------------- plumbing

  private async get(key: { pk: string; sk: string }): Promise<Item | null> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    this.stats.reads += 1;
    return out.Item ?? null;
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({ TableName: this.table, ...input, ExclusiveStartKey: start }),
      );
      this.stats.reads += 1 + (out.Items?.length ?? 0);
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async batchDelete(all: Array<{ pk: string; sk: string }>): Promise<void> {
    for (let i = 0; i < all.length; i += 25) {
      let request: Record<string, Array<{ DeleteRequest: { Key: Item } }>> | undefined = {
        [this.table]: all.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
      };
      while (request && Object.keys(request).length > 0) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = out.UnprocessedItems as typeof request;
      }
    }
  }

  // ---------------------------------------------------------------- imports (CLI)

  /**
   * An imported contact (`tend import`) with the notes the import adds, in one transaction:
   * the contact only if nobody changed it since it was read (version 0 = new), each note only
   * if absent. A lost race throws ConcurrentUpdateError; the caller reads again and re-merges.
   */
  async saveImportedContact(userId: string, stored: StoredContact, notes: Note[]): Promise<void> {
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.table,
          Item: {
            ...keys.contact(userId, stored.contact.email),
            type: 'contact',
            ...stored.contact,
            version: stored.version + 1,
          },
          ConditionExpression: stored.version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
          ...(stored.version === 0 ? {} : { ExpressionAttributeValues: { ':v': stored.version } }),
        },
      },
      ...notes.map((n) => ({
        Put: {
          TableName: this.table,
          Item: { ...keys.note(userId, n.contactEmail, n.id), type: 'note', ...n },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      })),
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (
        error instanceof TransactionCanceledException &&
        error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed'
      ) {
        throw new ConcurrentUpdateError('the contact changed meanwhile', { cause: error });
      }
      throw error;
    }
  }
}

// ---------------------------------------------------------------- item → entity

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strs = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v instanceof Set ? [...v].map(String) : [];

export function toUser(i: Item): User {
  return {
    id: String(i.id),
    email: String(i.email),
    addresses: strs(i.addresses),
    timezone: String(i.timezone),
    digest: (i.digest as User['digest']) ?? null,
    pausedUntil: str(i.pausedUntil),
    unsubscribed: Boolean(i.unsubscribed),
    defaultCadenceDays: Number(i.defaultCadenceDays),
    digestMaxItems: Number(i.digestMaxItems),
    thanksDelayHours: Number(i.thanksDelayHours),
    tagCadences: (i.tagCadences as Record<string, number>) ?? {},
    neverLog: strs(i.neverLog),
    createdAt: String(i.createdAt),
  };
}

export function toContact(i: Item): Contact {
  return {
    email: String(i.email),
    name: str(i.name),
    nameSetByUser: Boolean(i.nameSetByUser),
    tags: strs(i.tags),
    cadenceDays: typeof i.cadenceDays === 'number' ? i.cadenceDays : null,
    status: i.status === 'muted' ? 'muted' : 'active',
    snoozedUntil: str(i.snoozedUntil),
    firstSeenAt: String(i.firstSeenAt),
    lastInteractionAt: str(i.lastInteractionAt),
    lastInboundAt: str(i.lastInboundAt),
    lastOutboundAt: str(i.lastOutboundAt),
    interactionCount: Number(i.interactionCount ?? 0),
    clockResetAt: str(i.clockResetAt),
    lastSubject: str(i.lastSubject),
    latestNote: str(i.latestNote),
    pendingThanksId: str(i.pendingThanksId),
    source: (i.source as Contact['source']) ?? 'email',
    linkedinUrl: str(i.linkedinUrl),
  };
}

function toInteraction(i: Item): Interaction {
  return {
    id: String(i.id),
    contactEmail: String(i.contactEmail),
    at: String(i.at),
    direction: i.direction as Interaction['direction'],
    subject: str(i.subject),
    snippet: String(i.snippet ?? ''),
    messageId: str(i.messageId),
    threadId: str(i.threadId),
    tags: strs(i.tags),
  };
}

export function toPrompt(i: Item): ThanksPrompt {
  return {
    id: String(i.id),
    kind: 'thanks',
    contactEmail: String(i.contactEmail),
    interactionId: String(i.interactionId),
    interactionAt: String(i.interactionAt),
    dueAt: String(i.dueAt),
    status: i.status as ThanksPrompt['status'],
    sentAt: str(i.sentAt),
    attempts: Number(i.attempts ?? 0),
    lastError: str(i.lastError),
  };
}

function toDigest(i: Item): Digest {
  return {
    id: String(i.id),
    scheduledFor: String(i.scheduledFor),
    sentAt: str(i.sentAt),
    status: i.status as Digest['status'],
    items: (i.items as Digest['items']) ?? [],
  };
}
