import {
  awaitsFirstContact,
  cadenceOf,
  canRediscover,
  overdueRatio,
  rediscoverCutoff,
} from '../../domain/reconnect';
import type { ContactSort } from '../../domain/contact-search';
import { contactWords } from '../../domain/contact-words';
import type { MonthDayRange } from '../../domain/date-window';
import { digestWeek, weekTotals } from '../../domain/digest-week';
import type { ImportantDate } from '../../domain/important-dates';
import type { DayCount } from '../../domain/network';
import type { ReconnectFacts } from '../../domain/reconnect';
import type { Contact, Interaction, Note, User } from '../../domain/types';
import { AFTER, keys, TABLE_KEYS } from '../../keys';
import {
  CONTACT_SUMMARY_FIELDS,
  type ContactExtras,
  type ContactStore,
  type ContactSummary,
  type SearchedContact,
  type DatedContact,
  type DueContacts,
  type Introduced,
  type StoredContact,
  type WeekActivity,
} from '../../ports/contact-store';
import { ConcurrentUpdateError } from '../../ports/store-errors';
import { combineContacts } from '../../domain/merge';
import {
  aliasItem,
  CONTACT_INDEX_ATTRIBUTES,
  cadenceGroupItem,
  contactItem,
  indexedContactItem,
  mergedInto,
  parseAlias,
  parseCadenceGroup,
  parseContact,
  suggestedUpdate,
  versionCondition,
} from './items/contact-item';
import {
  dateIndexKeys,
  dateIndexWrites,
  dateRangeQuery,
  parseDateIndexItem,
} from './items/date-item';
import { interactionItem, noteItem, parseInteraction, parseNote } from './items/interaction-item';
import { introductionItem, introductionsQuery, parseIntroduction } from './items/intro-item';
import { markerItems } from './items/marker-item';
import { promptItem, promptsOfContact } from './items/prompt-item';
import { parseReconnectFacts, reconnectFactsProjection } from './items/reconnect-facts-item';
import { parseDayCount, parseDayStats, statsUpdates } from './items/stats-item';
import { emailOfWordItem, wordKeys, wordRangeQuery, wordWrites } from './items/word-item';
import {
  GSI1,
  isConditionFailure,
  type Item,
  startingWith,
  type Table,
  TransactionRefused,
  type TransactItem,
} from './table';

const DAY_MS = 86_400_000;
/** Legacy imports re-filed at once when a digest comes across them (a one-off per contact). */
const REFILE_CONCURRENCY = 8;
/**
 * `listSummaries` reads the contact key range in these parts at once, cut before these first
 * letters of the address (roughly even shares of English names and words): 10,000 contacts are
 * about 7 MB of items, seven 1 MB Query pages one after another when read in one part.
 */
const SUMMARY_PART_STARTS = ['', 'c', 'f', 'j', 'm', 'p', 's', 'v'];
/** A search's candidates: the Contacts page's fields, the aliases the search's words include,
 * and whether the item is half of a merge. */
const SEARCHED_CONTACT_FIELDS = [...CONTACT_SUMMARY_FIELDS, 'aliases', 'mergedInto'];
/** DynamoDB's limit on the keys of one BatchGetItem. */
const BATCH_GET_MAX = 100;
/** Contacts filed in the word index at once by `indexWords` (one transaction each). */
const INDEX_WORDS_CONCURRENCY = 8;

export class DynamoContactStore implements ContactStore {
  constructor(private readonly table: Table) {}

  async get(userId: string, email: string): Promise<StoredContact | null> {
    const item = await this.table.get(keys.contact(userId, email));
    return item ? parseContact(item) : null;
  }

  async find(userId: string, email: string): Promise<StoredContact | null> {
    const own = await this.table.get(keys.contact(userId, email));
    if (own && mergedInto(own) === null) return parseContact(own);
    const alias = own ? null : await this.table.get(keys.alias(userId, email));
    const primary = own ? mergedInto(own) : alias ? parseAlias(alias).primary : null;
    if (primary === null) return null;
    const item = await this.table.get(keys.contact(userId, primary));
    return item && mergedInto(item) === null ? parseContact(item) : null;
  }

  async getMany(userId: string, emails: string[]): Promise<Map<string, StoredContact>> {
    // SPEC 9: each address's alias item is read with its contact item, in the same request, so
    // mail to a merged address finds its contact without a read of its own. A half-merged
    // contact (marked `mergedInto`, not yet deleted) counts as the alias it is becoming.
    const asked = [...new Set(emails.map((e) => e.toLowerCase()))];
    const items = await this.table.getMany(
      asked.flatMap((e) => [keys.contact(userId, e), keys.alias(userId, e)]),
    );
    const contactItems = new Map<string, Item>();
    const primaryOf = new Map<string, string>();
    for (const item of items) {
      if (item.type === 'alias') {
        const { email, primary } = parseAlias(item);
        primaryOf.set(email, primary);
      } else contactItems.set(String(item.email), item);
    }
    for (const [email, item] of contactItems) {
      const into = mergedInto(item);
      if (into !== null && !primaryOf.has(email)) primaryOf.set(email, into);
    }
    const unread = [...new Set(primaryOf.values())].filter((p) => !contactItems.has(p));
    if (unread.length > 0)
      for (const item of await this.table.getMany(unread.map((p) => keys.contact(userId, p))))
        contactItems.set(String(item.email), item);
    const found = new Map<string, StoredContact>();
    const live = (email: string | undefined) => {
      const item = email === undefined ? undefined : contactItems.get(email);
      return item && mergedInto(item) === null ? item : undefined;
    };
    for (const email of asked) {
      // An alias whose contact is gone (forgotten) no longer holds its address.
      const item = live(primaryOf.get(email)) ?? live(email);
      if (item) found.set(email, parseContact(item));
    }
    return found;
  }

  async list(userId: string): Promise<Contact[]> {
    return (await this.prefix(userId, keys.contactPrefix)).map((i) => parseContact(i).contact);
  }

  async listSummaries(userId: string): Promise<ContactSummary[]> {
    // Projected: DynamoDB still reads (and charges) whole items, but a quarter of the bytes cross
    // the wire and get unmarshalled and parsed. The parts are BETWEEN ranges, inclusive at both
    // ends: an address exactly at a cut would come twice, so they are kept by address.
    const prefix = keys.contactPrefix;
    const bounds = [
      ...SUMMARY_PART_STARTS.map((start) => `${prefix}${start}`),
      keyRangeEnd(prefix),
    ];
    const names = Object.fromEntries(CONTACT_SUMMARY_FIELDS.map((f, i) => [`#f${i}`, f]));
    const parts = await Promise.all(
      SUMMARY_PART_STARTS.map((_, i) =>
        this.table.queryAll({
          KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':p': keys.userPartition(userId),
            ':from': bounds[i],
            ':to': bounds[i + 1],
          },
          ProjectionExpression: Object.keys(names).join(', '),
          ExpressionAttributeNames: names,
        }),
      ),
    );
    const byEmail = new Map<string, ContactSummary>();
    for (const item of parts.flat()) {
      const { contact } = parseContact(item);
      byEmail.set(contact.email, contact);
    }
    return [...byEmail.values()];
  }

  async *listInOrder(
    userId: string,
    sort: ContactSort,
    options: { firstChunk: number; dueBy: string | null; skip?: number },
  ): AsyncGenerator<{ contacts: ContactSummary[]; last: boolean; skipped: number }> {
    // The index projects CONTACT_SUMMARY_FIELDS (and the keys) only: nothing else to ask for.
    const index = sort === 'last' ? TABLE_KEYS.gsi2 : TABLE_KEYS.gsi3;
    const { dueBy, skip = 0 } = options;
    const query = {
      IndexName: index.name,
      KeyConditionExpression: dueBy === null ? '#pk = :p' : '#pk = :p AND #sk <= :dueBy',
      ExpressionAttributeNames: {
        '#pk': index.partitionKey,
        ...(dueBy === null ? {} : { '#sk': index.sortKey }),
      },
      ExpressionAttributeValues: {
        ':p': keys.userPartition(userId),
        // Sort keys are `<order key>#<address>`: every one of a contact due at `dueBy` is
        // before `<dueBy>~`.
        ...(dueBy === null ? {} : { ':dueBy': `${dueBy}${AFTER}` }),
      },
    };
    let from: Record<string, unknown> | undefined;
    if (skip > 0) {
      const passed = await this.table.skip(query, skip, [
        TABLE_KEYS.partitionKey,
        TABLE_KEYS.sortKey,
        index.sortKey,
      ]);
      yield { contacts: [], last: passed.ended, skipped: passed.passed };
      if (passed.ended) return;
      from = passed.from;
    }
    for await (const { items, last } of this.table.queryChunks(query, options.firstChunk, from))
      yield {
        contacts: items.map((i): ContactSummary => parseContact(i).contact),
        last,
        skipped: 0,
      };
  }

  async contactsWithWord(
    userId: string,
    start: string,
    limit: number,
  ): Promise<{ emails: string[]; complete: boolean }> {
    // One key past the limit says whether there are more. A contact with two words that start
    // the same way has two keys: its address comes once.
    const { items } = await this.table.queryUntil(wordRangeQuery(userId, start), limit + 1);
    return {
      emails: [...new Set(items.slice(0, limit).map(emailOfWordItem))],
      complete: items.length <= limit,
    };
  }

  async contactsOf(userId: string, emails: readonly string[]): Promise<SearchedContact[]> {
    const asked = [...new Set(emails.map((e) => e.toLowerCase()))];
    const batches = Array.from({ length: Math.ceil(asked.length / BATCH_GET_MAX) }, (_, i) =>
      asked.slice(i * BATCH_GET_MAX, (i + 1) * BATCH_GET_MAX),
    );
    // What the page shows and the search checks, as the page's index reads it: eventually
    // consistent (half the read units), and a quarter of the bytes to unmarshal and parse.
    const items = await Promise.all(
      batches.map((batch) =>
        this.table.getMany(
          batch.map((e) => keys.contact(userId, e)),
          { consistent: false, projection: SEARCHED_CONTACT_FIELDS },
        ),
      ),
    );
    // Half merged: found under the contact it was merged into.
    return items
      .flat()
      .filter((i) => mergedInto(i) === null)
      .map((i): SearchedContact => parseContact(i).contact);
  }

  async aliasesByContact(userId: string): Promise<Map<string, string[]>> {
    const byContact = new Map<string, string[]>();
    for (const item of await this.prefix(userId, keys.aliasPrefix)) {
      const { email, primary } = parseAlias(item);
      byContact.set(primary, [...(byContact.get(primary) ?? []), email]);
    }
    return byContact;
  }

  async indexWords(user: User): Promise<number> {
    const stale: StoredContact[] = [];
    for (const item of await this.prefix(user.id, keys.contactPrefix)) {
      if (mergedInto(item) !== null) continue;
      const stored = parseContact(item);
      const words = contactWords(stored.contact);
      // No `words` at all: written before the index (an empty list is a contact with no words).
      const listed = Array.isArray(item.words) || item.words instanceof Set;
      if (!listed || !sameWords(stored.indexedWords, words)) stale.push(stored);
    }
    let filed = 0;
    const queue = [...stale];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const t = this.table;
        const { contact, version, indexedWords } = next;
        try {
          // Under its version lock, which moves: a write decided before this one decides again
          // (its own word writes were computed from the words it read).
          await t.transact([
            t.updateItem({
              Key: keys.contact(user.id, contact.email),
              UpdateExpression: 'SET words = :w ADD version :one',
              ConditionExpression: 'version = :v',
              ExpressionAttributeValues: { ':w': contactWords(contact), ':v': version, ':one': 1 },
            }),
            ...contactWordWrites(t, user, { contact, version, indexedWords }),
          ]);
          filed += 1;
        } catch (error) {
          // Changed meanwhile: that write filed its words.
          if (!(error instanceof TransactionRefused && error.failed(0))) throw error;
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(INDEX_WORDS_CONCURRENCY, queue.length) }, worker),
    );
    return filed;
  }

  async helpers(userId: string, tags: readonly string[]): Promise<Contact[]> {
    // SPEC 9 (news): filtered on the server, so only the tagged contacts come back; DynamoDB still
    // reads every contact item (about 1 Query per MB). There is no tag index to pay for on every
    // contact write, for an email the user sends a few times a year.
    const values: Record<string, unknown> = {
      // introducedBy is stored as null (type NULL) until an introduction sets it.
      ':string': 'S',
    };
    tags.forEach((t, i) => (values[`:t${i}`] = t));
    const items = await this.table.queryAll({
      ...startingWith(keys.userPartition(userId), keys.contactPrefix, values),
      FilterExpression: [
        ...tags.map((_, i) => `contains(tags, :t${i})`),
        'attribute_type(introducedBy, :string)',
      ].join(' OR '),
    });
    return items.map((i) => parseContact(i).contact);
  }

  async listInteractions(userId: string, email: string): Promise<Interaction[]> {
    return (await this.prefix(userId, keys.interactionPrefix(email), false)).map(parseInteraction);
  }

  async interactionsPage(
    userId: string,
    email: string,
    limit: number,
    before: string | null,
  ): Promise<{ interactions: Interaction[]; more: boolean }> {
    const prefix = keys.interactionPrefix(email);
    // Sort keys are `…#<at>#<id>`: every key of an interaction at `before` sorts after
    // `…#<before>`, so the range ends just before it.
    // One item past the page says whether older ones remain.
    const { items } = await this.table.queryUntil(
      {
        KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':p': keys.userPartition(userId),
          ':from': prefix,
          ':to': before === null ? `${prefix}${AFTER}` : `${prefix}${before}`,
        },
        ScanIndexForward: false,
      },
      limit + 1,
    );
    return {
      interactions: items.slice(0, limit).map(parseInteraction),
      more: items.length > limit,
    };
  }

  async listNotes(userId: string, email: string): Promise<Note[]> {
    return (await this.prefix(userId, keys.notePrefix(email), false)).map(parseNote);
  }

  async save(user: User, stored: StoredContact): Promise<void> {
    await this.write(user, stored, []);
  }

  async applyChange(
    user: User,
    stored: StoredContact,
    extras: ContactExtras,
  ): Promise<'applied' | 'already' | 'duplicate'> {
    const t = this.table;
    const {
      interaction: i,
      note: n,
      promptDoneId,
      reschedulePrompt,
      createLoop,
      markers,
      datesBefore,
    } = extras;
    const added: TransactItem[] = [
      ...(i ? [t.putItem(interactionItem(user.id, i), 'attribute_not_exists(pk)')] : []),
      ...(n ? [t.putItem(noteItem(user.id, n), 'attribute_not_exists(pk)')] : []),
    ];
    const more: TransactItem[] = [
      ...(i
        ? statsUpdates(user.id, [i], () => extras.reconnected === true).map((u) => t.updateItem(u))
        : []),
      ...(promptDoneId
        ? [
            t.updateItem({
              Key: keys.prompt(user.id, promptDoneId),
              UpdateExpression: 'SET #s = :done REMOVE gsi1pk, gsi1sk, claimedUntil',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeNames: { '#s': 'status' },
              ExpressionAttributeValues: { ':done': 'done' },
            }),
          ]
        : []),
      // Only if it still exists (not forgotten meanwhile); the contact's lock orders it with
      // every other reply that changes it.
      ...(createLoop
        ? [t.putItem(promptItem(user.id, createLoop), 'attribute_not_exists(pk)')]
        : []),
      ...(reschedulePrompt
        ? [t.putItem(promptItem(user.id, reschedulePrompt), 'attribute_exists(pk)')]
        : []),
      ...(datesBefore
        ? dateIndexWrites(t, user.id, stored.contact.email, datesBefore, stored.contact.dates)
        : []),
    ];
    const marks = markers
      ? markerItems(user.id, markers).map((m) => t.putItem(m, 'attribute_not_exists(pk)'))
      : [];
    const markStart = 2 + added.length + more.length;
    try {
      await this.write(user, stored, [...added, ...more, ...marks]);
      return 'applied';
    } catch (error) {
      // Items 0 and 1 are the contact and its cadence group; the added items follow.
      if (error instanceof TransactionRefused && error.anyFailed(markStart)) return 'duplicate';
      if (error instanceof TransactionRefused && error.anyFailed(2)) return 'already';
      throw error;
    }
  }

  async saveImported(
    user: User,
    stored: StoredContact,
    notes: Note[],
    datesBefore: ImportantDate[],
  ): Promise<void> {
    const t = this.table;
    await this.write(user, stored, [
      ...notes.map((n) => t.putItem(noteItem(user.id, n), 'attribute_not_exists(pk)')),
      ...dateIndexWrites(t, user.id, stored.contact.email, datesBefore, stored.contact.dates),
    ]);
  }

  async forget(userId: string, email: string): Promise<void> {
    const stored = await this.get(userId, email);
    const contact = stored?.contact;
    const dates = contact?.dates ?? [];
    const addresses = [email, ...(contact?.aliases ?? [])];
    const introducedBy = contact?.introducedBy ?? null;
    const history = [
      ...dateIndexKeys(userId, email, dates),
      ...wordKeys(userId, email, stored?.indexedWords ?? []),
      // SPEC 9: its other addresses go with it.
      ...(contact?.aliases ?? []).map((a) => keys.alias(userId, a)),
      // SPEC 9: the introduction that brought it in, and those it made (under any address).
      ...(introducedBy ? addresses.map((a) => keys.introduction(userId, introducedBy, a)) : []),
      ...(
        await Promise.all(
          addresses.map((a) =>
            this.table.queryAll({
              ...introductionsQuery(userId, a),
              ProjectionExpression: 'pk, sk',
            }),
          ),
        )
      ).flat(),
      ...(await this.prefix(userId, keys.interactionPrefix(email), true, 'pk, sk')),
      ...(await this.prefix(userId, keys.notePrefix(email), true, 'pk, sk')),
    ];
    const prompts = await this.table.queryAll({
      ...promptsOfContact(userId, email),
      ProjectionExpression: 'pk, sk',
    });
    await this.table.deleteMany(
      [keys.contact(userId, email), ...history, ...prompts].map((i) => ({
        pk: String(i.pk),
        sk: String(i.sk),
      })),
    );
  }

  async introductionsBy(
    userId: string,
    addresses: readonly string[],
    limit: number,
  ): Promise<{ introduced: Introduced[]; more: boolean }> {
    const reads = await Promise.all(
      [...new Set(addresses.map((a) => a.toLowerCase()))].map((a) =>
        this.table.queryUntil(introductionsQuery(userId, a), limit + 1),
      ),
    );
    // Each read is the first `limit + 1` of its address's range, in address order: so is the
    // whole (one address: its own order).
    const all = reads
      .flatMap((r) => r.items.map(parseIntroduction))
      .sort((x, y) => x.email.localeCompare(y.email));
    return { introduced: all.slice(0, limit), more: all.length > limit };
  }

  async fileIntroductions(userId: string, contacts: readonly Contact[]): Promise<number> {
    const items = contacts.flatMap((c) =>
      c.introducedBy ? [introductionItem(userId, c.introducedBy, c)] : [],
    );
    await this.table.putMany(items);
    return items.length;
  }

  async merge(
    user: User,
    primary: string,
    other: string,
  ): Promise<{ outcome: 'merged' | 'already'; merged: Contact }> {
    const a = primary.toLowerCase();
    const b = other.toLowerCase();
    const items = await this.table.getMany([keys.contact(user.id, a), keys.contact(user.id, b)]);
    const itemA = items.find((i) => i.email === a);
    const itemB = items.find((i) => i.email === b);
    if (!itemA) throw new Error(`merge: ${a} is not a contact`);
    const storedA = parseContact(itemA);
    if (!itemB) {
      if (storedA.contact.aliases.includes(b))
        return { outcome: 'already', merged: storedA.contact };
      throw new Error(`merge: ${b} is not a contact`);
    }
    const storedB = parseContact(itemB);
    let merged = storedA.contact;
    if (!storedA.contact.aliases.includes(b)) {
      merged = combineContacts(storedA.contact, storedB.contact);
      await this.markMerge(user, storedA, storedB, merged);
    } else if (mergedInto(itemB) !== a) {
      throw new Error(`merge: ${b} is an alias of ${a} but not marked merged into it`);
    }
    await this.moveHistory(user, storedB.contact, a);
    return { outcome: 'merged', merged };
  }

  /** The merge's first transaction: from here on every read of `b` finds the primary. */
  private async markMerge(
    user: User,
    a: StoredContact,
    b: StoredContact,
    merged: Contact,
  ): Promise<void> {
    const t = this.table;
    const primary = a.contact.email;
    const open = b.contact.pendingThanks;
    const promptMove: TransactItem[] = open
      ? [
          t.updateItem(
            merged.pendingThanks?.id === open.id
              ? {
                  // The primary had none: the other's open thank-you is now the primary's.
                  Key: keys.prompt(user.id, open.id),
                  UpdateExpression: 'SET contactEmail = :a',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeValues: { ':a': primary },
                }
              : {
                  // The primary has its own (at most one per contact): the other's is closed.
                  Key: keys.prompt(user.id, open.id),
                  UpdateExpression: 'SET #s = :cancelled REMOVE gsi1pk, gsi1sk, claimedUntil',
                  ConditionExpression: 'attribute_exists(pk)',
                  ExpressionAttributeNames: { '#s': 'status' },
                  ExpressionAttributeValues: { ':cancelled': 'cancelled' },
                },
          ),
        ]
      : [];
    const groups = cadenceGroupPuts(t, user, [merged]);
    try {
      await t.transact([
        contactPut(t, user, { contact: merged, version: a.version }),
        ...groups,
        t.updateItem({
          Key: keys.contact(user.id, b.contact.email),
          UpdateExpression: `SET mergedInto = :a REMOVE ${[...CONTACT_INDEX_ATTRIBUTES, 'words'].join(', ')} ADD version :one`,
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':a': primary, ':v': b.version, ':one': 1 },
        }),
        ...[b.contact.email, ...b.contact.aliases].map((x) =>
          t.putItem(aliasItem(user.id, x, primary)),
        ),
        ...dateIndexWrites(t, user.id, primary, a.contact.dates, merged.dates),
        ...promptMove,
        // The primary is found by the other's address now; the other, by nothing.
        ...contactWordWrites(t, user, { ...a, contact: merged }),
        ...wordKeys(user.id, b.contact.email, b.indexedWords).map((k) => t.deleteItem(k)),
      ]);
    } catch (error) {
      if (
        error instanceof TransactionRefused &&
        (error.failed(0) || error.failed(1 + groups.length) || error.onlyConflicts())
      )
        throw new ConcurrentUpdateError('a contact changed meanwhile', { cause: error });
      throw error;
    }
  }

  /** The merge's moves: each interaction and note of `other` copied under the primary (same id)
   * and deleted, whole moves per transaction; the other's item and date-index items deleted in
   * the last. Safe to repeat: a copy is the same item again, a delete of nothing is nothing. */
  private async moveHistory(user: User, other: Contact, primary: string): Promise<void> {
    const t = this.table;
    const b = other.email;
    const history = [
      ...(await this.prefix(user.id, keys.interactionPrefix(b))),
      ...(await this.prefix(user.id, keys.notePrefix(b))),
    ];
    const moves = history.map((item) => {
      const key =
        item.type === 'note'
          ? keys.note(user.id, primary, String(item.id))
          : keys.interaction(user.id, primary, String(item.at), String(item.id));
      return [
        t.putItem({ ...item, ...key, contactEmail: primary }),
        t.deleteItem({ pk: String(item.pk), sk: String(item.sk) }),
      ];
    });
    const last = [
      t.deleteItem(keys.contact(user.id, b), 'mergedInto = :a', { ':a': primary }),
      ...dateIndexKeys(user.id, b, other.dates).map((k) => t.deleteItem(k)),
    ];
    for (const batch of packTransactions(moves, last)) await t.transact(batch);
  }

  async reindex(user: User): Promise<number> {
    let moved = 0;
    const seenGroups = new Set<number>();
    for (const item of await this.prefix(user.id, keys.contactPrefix)) {
      // Half merged: out of every index until the merge deletes it.
      if (mergedInto(item) !== null) continue;
      const { contact } = parseContact(item);
      const next = contactItem(user, contact, 0);
      const changed = CONTACT_INDEX_ATTRIBUTES.filter((a) => next[a] !== item[a]);
      if (changed.length === 0) continue;
      const days = cadenceOf(contact, user);
      // A never-contacted contact goes to the rediscover index: no cadence group to mark.
      if (!awaitsFirstContact(contact) && !seenGroups.has(days)) {
        seenGroups.add(days);
        await this.table.put(cadenceGroupItem(user.id, days));
      }
      const set = changed.filter((a) => next[a] !== undefined);
      const removed = changed.filter((a) => next[a] === undefined);
      await this.table.update({
        Key: keys.contact(user.id, contact.email),
        // The version moves too: a write decided on the old cadences must decide again.
        UpdateExpression: [
          set.length > 0 ? `SET ${set.map((a) => `${a} = :${a}`).join(', ')}` : '',
          removed.length > 0 ? `REMOVE ${removed.join(', ')}` : '',
          'ADD version :one',
        ]
          .filter(Boolean)
          .join(' '),
        ExpressionAttributeValues: {
          ...Object.fromEntries(set.map((a) => [`:${a}`, next[a]])),
          ':one': 1,
        },
        ConditionExpression: 'attribute_exists(pk)',
      });
      moved += 1;
    }
    return moved;
  }

  /**
   * Within one cadence the reconnect index is sorted by clock start, which is also the order of
   * overdue time / cadence: so each cadence's first `limit` due contacts are its most overdue,
   * and the digest reads those (plus the count, up to `countLimit`), never the whole list.
   */
  async due(user: User, now: Date, limit: number, countLimit: number): Promise<DueContacts> {
    const nowIso = now.toISOString();
    const groups = (await this.prefix(user.id, keys.cadenceGroupPrefix)).map(parseCadenceGroup);
    const candidates: Contact[] = [];
    const legacy: StoredContact[] = [];
    let due = 0;
    let dueAtLeast = false;
    for (const days of groups) {
      const startedBy = new Date(now.getTime() - days * DAY_MS).toISOString();
      const { items, more } = await this.table.queryUntil(
        {
          IndexName: GSI1,
          KeyConditionExpression: 'gsi1pk = :p AND gsi1sk <= :start',
          ExpressionAttributeValues: {
            ':p': keys.reconnectPartition(user.id, days),
            ':start': `${startedBy}${AFTER}`,
          },
        },
        Math.max(limit, countLimit - due),
        (item) => {
          if (typeof item.snoozedUntil === 'string' && item.snoozedUntil > nowIso) return false;
          const stored = parseContact(item);
          // Filed by an earlier version as if the import were a contact: not due, moved below.
          if (awaitsFirstContact(stored.contact)) legacy.push(stored);
          return !awaitsFirstContact(stored.contact);
        },
      );
      const contacts = items.map((i) => parseContact(i).contact);
      candidates.push(...contacts.slice(0, limit));
      due += contacts.length;
      dueAtLeast ||= more;
    }
    await this.refile(user, legacy);
    const ranked = candidates
      .map((c) => ({ c, r: overdueRatio(c, user, now) }))
      .sort((a, b) => b.r - a.r || a.c.email.localeCompare(b.c.email))
      .slice(0, limit)
      .map(({ c }) => c);
    return {
      contacts: ranked,
      due: Math.min(due, countLimit),
      dueAtLeast: dueAtLeast || due > countLimit,
    };
  }

  /**
   * The never-contacted contacts to suggest, from the front of the sparse rediscover index (never
   * suggested first, then the longest ago): `limit` items plus any snoozed ones skipped.
   */
  async rediscover(user: User, now: Date, limit: number): Promise<Contact[]> {
    const { items } = await this.table.queryUntil(
      {
        IndexName: GSI1,
        KeyConditionExpression: 'gsi1pk = :p AND gsi1sk < :cutoff',
        ExpressionAttributeValues: {
          ':p': keys.rediscoverPartition(user.id),
          ':cutoff': rediscoverCutoff(now),
        },
      },
      limit,
      (item) => canRediscover(parseContact(item).contact, now),
    );
    return items.map((i) => parseContact(i).contact);
  }

  async markSuggested(user: User, contacts: Contact[], at: string): Promise<void> {
    await Promise.all(
      contacts.map(async (c) => {
        try {
          await this.table.update(suggestedUpdate(user, c, at));
        } catch (error) {
          // Contacted, muted or forgotten since the digest read it: nothing to record.
          if (!isConditionFailure(error)) throw error;
        }
      }),
    );
  }

  /** SPEC 3's "this week" for a digest sent at `now`: the hour buckets of `digestWeek` (the
   * 168 hours before it), read from the 8 UTC day items that hold them with one Query. */
  async weekActivity(userId: string, now: Date): Promise<WeekActivity> {
    const week = digestWeek(now);
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':p': keys.userPartition(userId),
        ':from': keys.dayStats(userId, week.firstDay).sk,
        ':to': keys.dayStats(userId, week.lastDay).sk,
      },
    });
    return weekTotals(week, items.map(parseDayStats));
  }

  /** The Network page's year of activity: the day-stats items of the range (one per UTC day
   * with something logged, at most 366), with one Query, only their day and `logged` count. */
  async dailyActivity(userId: string, fromDay: string, toDay: string): Promise<DayCount[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':p': keys.userPartition(userId),
        ':from': keys.dayStats(userId, fromDay).sk,
        ':to': keys.dayStats(userId, toDay).sk,
      },
      ProjectionExpression: 'sk, #logged',
      ExpressionAttributeNames: { '#logged': 'logged' },
    });
    return items.map(parseDayCount);
  }

  async reconnectFacts(userId: string): Promise<ReconnectFacts[]> {
    const items = await this.table.queryAll({
      ...startingWith(keys.userPartition(userId), keys.contactPrefix),
      ...reconnectFactsProjection,
    });
    return items.map(parseReconnectFacts);
  }

  /**
   * The date index's ranges in calendar order (the December part of a window before its January
   * part), reading one item past `limit` to know whether there were more.
   */
  async datesIn(
    userId: string,
    ranges: MonthDayRange[],
    limit: number,
  ): Promise<{ dates: DatedContact[]; more: boolean }> {
    const dates: DatedContact[] = [];
    for (const range of ranges) {
      if (dates.length > limit) break;
      const { items } = await this.table.queryUntil(
        dateRangeQuery(userId, range),
        limit + 1 - dates.length,
      );
      dates.push(...items.map(parseDateIndexItem));
    }
    return { dates: dates.slice(0, limit), more: dates.length > limit };
  }

  /** Writes contacts back as they read now (which files them where they belong), each only if
   * nobody changed it since: whoever did has filed it already. */
  private async refile(user: User, stale: StoredContact[]): Promise<void> {
    const queue = [...stale];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        try {
          await this.table.transact([
            contactPut(this.table, user, next),
            ...contactWordWrites(this.table, user, next),
          ]);
        } catch (error) {
          if (!(error instanceof TransactionRefused && error.failed(0))) throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(REFILE_CONCURRENCY, queue.length) }, worker));
  }

  /** The contact at the version read (item 0), its cadence group (item 1), what goes with it,
   * and its word items last (unconditional): all or nothing. */
  private async write(user: User, stored: StoredContact, extra: TransactItem[]): Promise<void> {
    const t = this.table;
    try {
      await t.transact([
        contactPut(t, user, stored),
        ...cadenceGroupPuts(t, user, [stored.contact]),
        ...extra,
        ...contactWordWrites(t, user, stored),
      ]);
    } catch (error) {
      if (
        error instanceof TransactionRefused &&
        (error.failed(0) || error.codes.includes('TransactionConflict'))
      )
        throw new ConcurrentUpdateError('the contact changed meanwhile', { cause: error });
      throw error;
    }
  }

  private prefix(
    userId: string,
    prefix: string,
    forward = true,
    projection?: string,
  ): Promise<Item[]> {
    return this.table.queryAll({
      ...startingWith(keys.userPartition(userId), prefix),
      ScanIndexForward: forward,
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
  }
}

/** DynamoDB's limit on the items of one transaction. */
const TRANSACTION_MAX = 100;

/** Groups of items (each group kept in one transaction) packed into as few transactions as the
 * limit allows, `last` in the last of them. */
export function packTransactions(
  groups: TransactItem[][],
  last: TransactItem[],
  max = TRANSACTION_MAX,
): TransactItem[][] {
  const batches: TransactItem[][] = [];
  let current: TransactItem[] = [];
  for (const group of [...groups, last]) {
    if (current.length + group.length > max) {
      batches.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The first string after every string that starts with `prefix` ('CONTACT#' → 'CONTACT$'). */
function keyRangeEnd(prefix: string): string {
  return `${prefix.slice(0, -1)}${String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1)}`;
}

/** A contact put under its optimistic lock, with the words it is now indexed under: always
 * in the same transaction as its `contactWordWrites`. */
export function contactPut(
  t: Table,
  user: User,
  stored: Pick<StoredContact, 'contact' | 'version'>,
): TransactItem {
  const lock = versionCondition(stored.version);
  return t.putItem(
    indexedContactItem(user, stored.contact, stored.version + 1),
    lock.condition,
    lock.values,
  );
}

/** The word items a contact write adds and deletes (from the words of the version read to its
 * words now): none when they are unchanged. */
export function contactWordWrites(t: Table, user: User, stored: StoredContact): TransactItem[] {
  return wordWrites(
    t,
    user.id,
    stored.contact.email,
    stored.indexedWords,
    contactWords(stored.contact),
  );
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((w, i) => w === b[i]);
}

/** The markers of the cadence groups these contacts are filed under, each once. */
export function cadenceGroupPuts(t: Table, user: User, contacts: Contact[]): TransactItem[] {
  const days = new Set(contacts.map((c) => cadenceOf(c, user)));
  return [...days].map((d) => t.putItem(cadenceGroupItem(user.id, d)));
}
