import * as z from 'zod/mini';
import { contactOrderKey } from '../../../domain/contact-search';
import { contactWords } from '../../../domain/contact-words';
import { DATE_KINDS } from '../../../domain/important-dates';
import { cadenceOf, clockStart, rediscoverRank } from '../../../domain/reconnect';
import type { Contact, User } from '../../../domain/types';
import { keys } from '../../../keys';
import type { Item } from '../table';
import { count, flag, lazySchema, nullableString, orElse, stringList, version } from './fields';
import { wordItem } from './word-item';

const contactSchema = lazySchema(() =>
  z.object({
    email: z.string(),
    name: nullableString,
    nameSetByUser: flag,
    tags: stringList,
    cadenceDays: orElse(z.number(), null),
    status: z.catch(z.enum(['active', 'muted']), 'active'),
    snoozedUntil: nullableString,
    firstSeenAt: z.string(),
    lastInteractionAt: nullableString,
    lastInboundAt: nullableString,
    lastOutboundAt: nullableString,
    interactionCount: count,
    clockResetAt: nullableString,
    lastSubject: nullableString,
    latestNote: nullableString,
    pendingThanks: orElse(
      z.object({ id: z.string(), interactionAt: z.string(), dueAt: z.string() }),
      null,
    ),
    source: z.catch(z.enum(['email', 'linkedin', 'vcard', 'manual']), 'email'),
    linkedinUrl: nullableString,
    connectedAt: nullableString,
    lastSuggestedAt: nullableString,
    dates: orElse(
      z.array(
        z.object({
          kind: z.enum(DATE_KINDS),
          month: z.number(),
          day: z.number(),
          year: orElse(z.number(), null),
        }),
      ),
      [],
    ),
    /** SPEC 9; items from before introductions were recorded read as null. */
    introducedBy: nullableString,
    closeLoopDueAt: nullableString,
    /** SPEC 9; items from before merges read as []. */
    aliases: stringList,
    /** The words it is indexed under (the word items); items from before the index read as []. */
    words: stringList,
    version,
  }),
);

/**
 * A contact item. Unless muted, it sits in one of its user's two gsi1 indexes. Once something was
 * logged with it, in the reconnect index: partitioned by cadence and sorted by when the
 * reconnect clock started, so within a partition the most overdue (overdue time / cadence,
 * SPEC 3) come first and the digest reads only what it shows. Before that (an import), in the
 * sparse rediscover index, sorted by when a digest last suggested it. And always in the Contacts
 * page's two indexes (gsi2, gsi3: `contactListKeys`).
 */
export function contactItem(user: User, contact: Contact, nextVersion: number): Item {
  return {
    ...keys.contact(user.id, contact.email),
    ...contactIndexKeys(user, contact),
    ...contactListKeys(user, contact),
    type: 'contact',
    ...contact,
    version: nextVersion,
  };
}

/** A contact item as the store writes it, with the words its word items file it under
 * (`words`): whoever writes it writes those items too (`contactWithWordItems`, `wordWrites`). */
export function indexedContactItem(user: User, contact: Contact, nextVersion: number): Item {
  return { ...contactItem(user, contact, nextVersion), words: contactWords(contact) };
}

/** A new contact's item and its word items: a contact written straight into the table (a
 * seeded network) as the store would write it. */
export function contactWithWordItems(user: User, contact: Contact, nextVersion: number): Item[] {
  return [
    indexedContactItem(user, contact, nextVersion),
    ...contactWords(contact).map((w) => wordItem(user.id, w, contact.email)),
  ];
}

/** The contact's gsi1 keys: reconnect or rediscover index, or none when muted. */
export function contactIndexKeys(
  user: User,
  contact: Contact,
): { gsi1pk: string; gsi1sk: string } | Record<string, never> {
  if (contact.status === 'muted') return {};
  const start = clockStart(contact);
  return start === null
    ? keys.rediscoverIndex(user.id, rediscoverRank(contact), contact.email)
    : keys.reconnectIndex(user.id, cadenceOf(contact, user), start, contact.email);
}

/** The Contacts page's two orders (SPEC 8): by last contact (gsi2) and by next due (gsi3),
 * every contact, muted ones too. A half-merged contact leaves both (`markMerge`). */
export function contactListKeys(user: User, contact: Contact): { gsi2sk: string; gsi3sk: string } {
  return {
    ...keys.contactsByLastContact(contactOrderKey(contact, 'last', user), contact.email),
    ...keys.contactsByNextDue(contactOrderKey(contact, 'due', user), contact.email),
  };
}

/** Every index key a contact item carries, as the item builders set them: what `reindex`
 * compares with the stored item and writes where they differ. */
export const CONTACT_INDEX_ATTRIBUTES = ['gsi1pk', 'gsi1sk', 'gsi2sk', 'gsi3sk'] as const;

/** SPEC 9: an address merged into a contact, naming the contact's own (primary) address. */
export function aliasItem(userId: string, email: string, primary: string): Item {
  return {
    ...keys.alias(userId, email),
    type: 'alias',
    email: email.toLowerCase(),
    primary: primary.toLowerCase(),
  };
}

/** The primary address an alias item names. */
export function parseAlias(item: Item): { email: string; primary: string } {
  return z.object({ email: z.string(), primary: z.string() }).parse(item);
}

/** The contact a half-merged contact item was merged into (the merge marks it first, deletes it
 * last), or null. */
export function mergedInto(item: Item): string | null {
  return typeof item.mergedInto === 'string' ? item.mergedInto : null;
}

/** The marker of a cadence in use, written with every contact that uses it. */
export function cadenceGroupItem(userId: string, days: number): Item {
  return { ...keys.cadenceGroup(userId, days), type: 'cadenceGroup', days };
}

export function parseCadenceGroup(item: Item): number {
  return z.object({ days: z.number() }).parse(item).days;
}

export function parseContact(item: Item): {
  contact: Contact;
  version: number;
  indexedWords: string[];
} {
  const { version: v, words, ...contact } = contactSchema().parse(item);
  return {
    contact: isLegacyImport(item, contact) ? fromLegacyImport(contact) : contact,
    version: v,
    indexedWords: words,
  };
}

/**
 * Imports written before `connectedAt` existed took the LinkedIn connection date as the last
 * interaction (and were filed as due). Nothing else sets a last interaction without counting
 * one, so such a contact reads back as never contacted, connected on that date.
 */
export function isLegacyImport(
  item: Item,
  contact: Pick<Contact, 'interactionCount' | 'lastInteractionAt'>,
): boolean {
  return (
    !('connectedAt' in item) && contact.interactionCount === 0 && contact.lastInteractionAt !== null
  );
}

function fromLegacyImport(contact: Contact): Contact {
  return { ...contact, connectedAt: contact.lastInteractionAt, lastInteractionAt: null };
}

/**
 * A digest suggested rediscovering this contact: it moves to the back of the rediscover index.
 * Only while it is still there (not contacted, muted or forgotten meanwhile); the version moves
 * so that a write decided before this one decides again and keeps it.
 */
export function suggestedUpdate(
  user: User,
  contact: Contact,
  at: string,
): {
  Key: { pk: string; sk: string };
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeValues: Item;
} {
  const moved = keys.rediscoverIndex(
    user.id,
    rediscoverRank({ ...contact, lastSuggestedAt: at }),
    contact.email,
  );
  return {
    Key: keys.contact(user.id, contact.email),
    UpdateExpression: 'SET lastSuggestedAt = :at, gsi1sk = :sk ADD version :one',
    ConditionExpression: 'gsi1pk = :p',
    ExpressionAttributeValues: { ':at': at, ':sk': moved.gsi1sk, ':p': moved.gsi1pk, ':one': 1 },
  };
}

/** The optimistic lock: a new contact only if absent, an existing one only at the version read. */
export function versionCondition(version: number): { condition: string; values?: Item } {
  return version === 0
    ? { condition: 'attribute_not_exists(pk)' }
    : { condition: 'version = :version', values: { ':version': version } };
}
