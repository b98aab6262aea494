import type { ContactSort } from '../domain/contact-search';
import type { MonthDayRange } from '../domain/date-window';
import type { ImportantDate } from '../domain/important-dates';
import type { DayCount } from '../domain/network';
import type { ReconnectFacts } from '../domain/reconnect';
import type { Contact, Interaction, Note, ThanksPrompt, User } from '../domain/types';
import type { IngestMarkers } from './ingest-ledger';

/** A contact as stored, with the version its optimistic lock compares against (0 = new). */
export interface StoredContact {
  contact: Contact;
  version: number;
  /** The words the store filed this version under for the search (`contactWords` when it was
   * written; [] for a new contact): a write moves the word index from these to the new ones. */
  indexedWords: readonly string[];
}

/** What a command adds next to its change of a contact, written together with it. */
export interface ContactExtras {
  /** Put only if absent: its id derives from the reply, so a replay is recognised. */
  interaction?: Interaction;
  /** The interaction counts as reconnecting (SPEC 3: with a contact known before the week). */
  reconnected?: boolean;
  note?: Note;
  /** The thank-you prompt this change closes. */
  promptDoneId?: string;
  /** A thank-you prompt brought back by a snooze (pending again, due when the snooze ends),
   * written whole with the contact whose copy points at it again. */
  reschedulePrompt?: ThanksPrompt;
  /** SPEC 9: a close-the-loop prompt the change makes due (a held meeting with a contact an
   * introduction brought in), created only if absent. */
  createLoop?: ThanksPrompt;
  /** The reply's exactly-once markers, written with the change (a one-command reply). */
  markers?: IngestMarkers;
  /** The contact's dates as read, given when the change sets or clears one: the date index
   * follows in the same transaction. */
  datesBefore?: ImportantDate[];
}

/** One contact's birthday or anniversary, as the date index files it (SPEC 9). */
export interface DatedContact {
  email: string;
  date: ImportantDate;
}

/** SPEC 9: someone a contact introduced the user to, as the introduction index files them. */
export interface Introduced {
  /** The address the introduction brought in (since merged: an alias of a contact). */
  email: string;
  /** Their name as the introduction gave it. */
  name: string | null;
  /** When they came in (the introduced contact's first interaction). */
  at: string;
}

/** The digest's view of who is due (SPEC 3), read in proportion to what it shows. */
export interface DueContacts {
  /** Most overdue first (overdue time / cadence), at most the limit asked for. */
  contacts: Contact[];
  /** How many are due, counted up to `countLimit`. */
  due: number;
  /** True when more than `due` are due (the count stopped at its limit). */
  dueAtLeast: boolean;
}

/** Activity over the 168 hours before the digest is sent (SPEC 3): its stats line. */
export interface WeekActivity {
  logged: number;
  /** Contacts the user wrote to or met (outbound or manual interactions). */
  reconnected: number;
}

/** The fields of a contact the Contacts page searches, filters, sorts and shows (SPEC 8), and
 * what reading them back the way `list` does takes (`firstSeenAt`, `source`, `connectedAt`,
 * `interactionCount`: a legacy import's last interaction reads as its connection date). The
 * page's indexes (gsi2, gsi3) project these and no more. */
export const CONTACT_SUMMARY_FIELDS = [
  'email',
  'name',
  'tags',
  'status',
  'cadenceDays',
  'snoozedUntil',
  'lastInteractionAt',
  'clockResetAt',
  'firstSeenAt',
  'source',
  'connectedAt',
  'interactionCount',
] as const;

/** A contact as the Contacts page reads it: CONTACT_SUMMARY_FIELDS only. */
export type ContactSummary = Pick<Contact, (typeof CONTACT_SUMMARY_FIELDS)[number]>;
/** A search's candidate: what the Contacts page shows, and the aliases its words include. */
export type SearchedContact = ContactSummary & Pick<Contact, 'aliases'>;

/** Contacts with their interactions and notes. Writes take the user: a contact's place in the
 * reconnect index depends on the user's cadences. */
export interface ContactStore {
  /** The contact stored under exactly this address (an alias is not followed). */
  get(userId: string, email: string): Promise<StoredContact | null>;
  /** SPEC 9: the contact this address belongs to, its own or, for an address merged into
   * another contact, that contact's. One GetItem when the address is a contact's own; a miss
   * costs a GetItem of the alias and, when there is one, of its contact. */
  find(userId: string, email: string): Promise<StoredContact | null>;
  /** The contacts these addresses belong to, keyed by the address asked for: an alias maps to
   * its contact (SPEC 9), so mail to any address of a person logs to the one contact. One
   * BatchGetItem of the contact and alias items together (per 50 addresses), and a second only
   * for contacts an alias names that were not asked for. */
  getMany(userId: string, emails: string[]): Promise<Map<string, StoredContact>>;
  list(userId: string): Promise<Contact[]>;
  /** Every contact, CONTACT_SUMMARY_FIELDS only: the same contacts as `list`, a fraction of the
   * bytes to send and parse, read in parallel parts of the key range. */
  listSummaries(userId: string): Promise<ContactSummary[]>;
  /**
   * SPEC 8 (the Contacts page): the user's contacts as CONTACT_SUMMARY_FIELDS, in the page's
   * order (`contactOrderKey`, then address) from its index, a chunk at a time (the first of
   * `firstChunk` contacts, each next twice as many): the caller stops reading when it has its
   * page. `dueBy` (by next due only) ends the list at the contacts due then. `skip` passes over
   * that many first, reading only their keys, in a first chunk of no contacts that says how many
   * it `skipped` (fewer when the list ended). `last` marks the chunk after which there is
   * nothing more.
   */
  listInOrder(
    userId: string,
    sort: ContactSort,
    options: { firstChunk: number; dueBy: string | null; skip?: number },
  ): AsyncIterable<{ contacts: ContactSummary[]; last: boolean; skipped: number }>;
  /**
   * SPEC 8 (the Contacts page's search): the contacts with a word (`contactWords`) starting with
   * `start`, from the word index, reading at most `limit` of its keys: `complete` when that was
   * all of them (otherwise `emails` holds those read, and there are more).
   */
  contactsWithWord(
    userId: string,
    start: string,
    limit: number,
  ): Promise<{ emails: string[]; complete: boolean }>;
  /** The contacts stored under exactly these addresses (aliases not followed; absent ones and
   * halves of a merge left out), in no particular order: the search's candidates, by
   * BatchGetItem (eventually consistent, as the page's indexes), the batches in parallel. */
  contactsOf(userId: string, emails: readonly string[]): Promise<SearchedContact[]>;
  /** SPEC 9: the other addresses of the user's contacts, by the contact's address (one range of
   * the alias items a merge writes): what the Contacts indexes do not project. */
  aliasesByContact(userId: string): Promise<Map<string, string[]>>;
  /** Files in the word index every contact whose item's words are not its `contactWords` (those
   * written before the index existed), each under its version lock: once, safe to run again.
   * Returns how many. */
  indexWords(user: User): Promise<number>;
  /** SPEC 9 (news): the contacts carrying any of these tags, and those an introduction brought
   * in (`introducedBy`). Reads the user's contact items once (filtered on the server), not their
   * history. */
  helpers(userId: string, tags: readonly string[]): Promise<Contact[]>;
  /** Newest first. */
  listInteractions(userId: string, email: string): Promise<Interaction[]>;
  /** Newest first, at most `limit`, only those before `before` (an ISO time) when given: one page
   * of a timeline, read in proportion to what it shows; `more` when older ones remain. */
  interactionsPage(
    userId: string,
    email: string,
    limit: number,
    before: string | null,
  ): Promise<{ interactions: Interaction[]; more: boolean }>;
  /** Newest first. */
  listNotes(userId: string, email: string): Promise<Note[]>;
  /** Saves a contact if nobody changed it since it was read (ConcurrentUpdateError otherwise). */
  save(user: User, stored: StoredContact): Promise<void>;
  /** One command's change to a contact with what it adds, all or nothing: 'already' when the
   * added interaction or note exists, 'duplicate' when the markers do (the same reply, applied
   * before). */
  applyChange(
    user: User,
    stored: StoredContact,
    extras: ContactExtras,
  ): Promise<'applied' | 'already' | 'duplicate'>;
  /** An imported contact with the notes the import adds (each only if absent); `datesBefore`
   * are its dates as read (none for a new contact), so the date index follows. */
  saveImported(
    user: User,
    stored: StoredContact,
    notes: Note[],
    datesBefore: ImportantDate[],
  ): Promise<void>;
  /** Deletes a contact with its interactions, notes and prompts, and its introductions both
   * ways: those it made and the one that brought it in (`forget`). */
  forget(userId: string, email: string): Promise<void>;
  /**
   * SPEC 9: the people these addresses (a contact's own and its aliases) introduced the user to,
   * the first `limit` by address: one Query of at most `limit + 1` items per address; `more`
   * when others remain.
   */
  introductionsBy(
    userId: string,
    addresses: readonly string[],
    limit: number,
  ): Promise<{ introduced: Introduced[]; more: boolean }>;
  /** Files these introduced contacts (each with `introducedBy`) in the introduction index: once,
   * for contacts written before the index existed; safe to run again. Returns how many. */
  fileIntroductions(userId: string, contacts: readonly Contact[]): Promise<number>;
  /**
   * SPEC 9: merges `other` into `primary` (both addresses of contacts, checked by the caller):
   * `merged` is the primary as it now is. Exactly once and resumable: the first transaction
   * writes the merged primary (under its version), the alias items and marks the other
   * (`mergedInto`, under its version); its history moves in transactions of 100 items; the
   * other's item is deleted last. A call that finds the merge marked but unfinished finishes
   * it; one that finds it done changes nothing ('already'). ConcurrentUpdateError when either
   * contact changed between the read and the first transaction.
   */
  merge(
    user: User,
    primary: string,
    other: string,
  ): Promise<{ outcome: 'merged' | 'already'; merged: Contact }>;
  /** Re-files every contact whose index keys (reconnect or rediscover, the Contacts page's two
   * orders) differ from what its item would get now: after the user's cadences changed, and once
   * for contacts written before the Contacts page's indexes existed. Returns how many moved. */
  reindex(user: User): Promise<number>;
  /** Who is due now, for the digest. */
  due(user: User, now: Date, limit: number, countLimit: number): Promise<DueContacts>;
  /** Never-contacted contacts (imports) a digest may suggest now, in the order to suggest
   * them, at most `limit` (SPEC 3: never the same one twice in 6 months). */
  rediscover(user: User, now: Date, limit: number): Promise<Contact[]>;
  /** A digest suggested these: each waits 6 months before it may be suggested again. */
  markSuggested(user: User, contacts: Contact[], at: string): Promise<void>;
  weekActivity(userId: string, now: Date): Promise<WeekActivity>;
  /** SPEC 8 (Network): what was logged on each UTC day from `fromDay` to `toDay` (both
   * `YYYY-MM-DD`, included), from the day-stats items with one Query range; days with nothing
   * logged are absent. */
  dailyActivity(userId: string, fromDay: string, toDay: string): Promise<DayCount[]>;
  /** SPEC 8 (Network): of every contact, only what the reconnect rule reads (projected): one
   * Query per MB of the user's contact items, as `list` reads them. */
  reconnectFacts(userId: string): Promise<ReconnectFacts[]>;
  /** The dates filed in these month-day ranges, in calendar order: at most `limit` in all,
   * `more` when there were others. */
  datesIn(
    userId: string,
    ranges: MonthDayRange[],
    limit: number,
  ): Promise<{ dates: DatedContact[]; more: boolean }>;
}
