import { ulid } from 'ulid';
import type { ContactStore, StoredContact } from '../ports/contact-store';
import { newContact } from '../domain/contact';
import { dateOf, type ImportantDate, withDate } from '../domain/important-dates';
import { retryOnConflict } from './retry-on-conflict';
import type { Contact, ContactSource, Note, User } from '../domain/types';

/**
 * `tend import linkedin|vcard` (SPEC 5): contacts from an address book, merged into what Tend
 * learned from email without overwriting it. Re-importing the same file changes nothing.
 */

/** The file is not what the command expects (wrong export, not a vCard): nothing was written. */
export class ImportFormatError extends Error {
  override name = 'ImportFormatError';
}

/** One person read from an import file. */
export interface ImportedContact {
  /** Lower-cased email, or `linkedin:<profile-slug>` for a LinkedIn connection without one. */
  key: string;
  name: string | null;
  linkedinUrl: string | null;
  /** When the connection was made (LinkedIn's "Connected On"), ISO; null when unknown. */
  connectedAt: string | null;
  tags: string[];
  notes: string[];
  /** Birthday and anniversary (vCard BDAY, ANNIVERSARY), when the file has them. */
  dates?: ImportantDate[];
  /** Where in the file, for messages ("line 12", "card at line 40"). */
  where: string;
}

export interface ImportParse {
  contacts: ImportedContact[];
  problems: Array<{ where: string; problem: string }>;
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  skipped: Array<{ where: string; problem: string }>;
}

/** Writes in flight at once: fast enough for a few thousand connections, gentle on an on-demand table. */
const IMPORT_CONCURRENCY = 8;

export async function importContacts(
  contacts: ContactStore,
  user: User,
  source: Extract<ContactSource, 'linkedin' | 'vcard'>,
  parsed: ImportParse,
  now: Date,
): Promise<ImportReport> {
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: [...parsed.problems],
  };
  const never = new Set([...user.neverLog, ...user.addresses].map((a) => a.toLowerCase()));
  // The same person twice in one file (two rows, two cards) is merged into one write.
  const byKey = new Map<string, ImportedContact>();
  for (const c of parsed.contacts) {
    if (never.has(c.key)) {
      report.skipped.push({
        where: c.where,
        problem: user.addresses.includes(c.key)
          ? `${c.key} is your own address; skipped`
          : `you asked Tend to forget ${c.key}; skipped`,
      });
      continue;
    }
    const seen = byKey.get(c.key);
    byKey.set(c.key, seen ? combine(seen, c) : c);
  }

  const queue = [...byKey.values()];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const outcome = await importOne(contacts, user, source, next, now);
      report[outcome] += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(IMPORT_CONCURRENCY, queue.length) }, worker));
  return report;
}

async function importOne(
  contacts: ContactStore,
  user: User,
  source: ContactSource,
  imported: ImportedContact,
  now: Date,
): Promise<'created' | 'updated' | 'unchanged'> {
  return retryOnConflict(async () => {
    // SPEC 9: an address merged into a contact is that contact's: the row updates it, never
    // starts a second contact under the alias. A miss costs the alias's GetItem as well.
    const stored = await contacts.find(user.id, imported.key);
    const address = stored?.contact.email ?? imported.key;
    const known =
      stored && imported.notes.length > 0 ? await contacts.listNotes(user.id, address) : [];
    const knownTexts = new Set(known.map((n) => n.text.trim()));
    const newNotes: Note[] = imported.notes
      .filter((text) => !knownTexts.has(text))
      .map((text, i) => ({
        id: ulid(now.getTime() + i),
        contactEmail: address,
        at: now.toISOString(),
        text,
      }));
    const merged = stored
      ? mergeInto(stored.contact, imported)
      : importedContact(imported, source, now);
    if (newNotes.length > 0 && merged.latestNote === null)
      merged.latestNote = newNotes[newNotes.length - 1]?.text ?? null;
    if (
      stored &&
      newNotes.length === 0 &&
      JSON.stringify(merged) === JSON.stringify(stored.contact)
    )
      return 'unchanged';
    const write: StoredContact = {
      contact: merged,
      version: stored?.version ?? 0,
      indexedWords: stored?.indexedWords ?? [],
    };
    await contacts.saveImported(user, write, newNotes, stored?.contact.dates ?? []);
    return stored ? 'updated' : 'created';
  });
}

/**
 * A contact first met in an import. A connection is not an interaction (SPEC 3): no reconnect
 * clock starts until something is logged with them; until then digests suggest rediscovering
 * a few of them at a time.
 */
function importedContact(c: ImportedContact, source: ContactSource, now: Date): Contact {
  return {
    ...newContact(c.key, c.connectedAt ?? now.toISOString(), source),
    name: c.name,
    tags: c.tags,
    connectedAt: c.connectedAt,
    linkedinUrl: c.linkedinUrl,
    dates: addMissingDates([], c.dates ?? []),
  };
}

/** The dates of kinds the contact has none of: an import never changes a date already set. */
function addMissingDates(
  dates: ImportantDate[],
  imported: readonly ImportantDate[],
): ImportantDate[] {
  return imported.reduce((all, d) => (dateOf(all, d.kind) ? all : withDate(all, d)), dates);
}

/**
 * Fills in what the contact lacks and adds tags; never overwrites what email (or the user)
 * taught Tend. The connection date is kept (the earliest); first seen moves only on a contact no
 * email was ever logged for, and the last interaction never.
 */
function mergeInto(existing: Contact, c: ImportedContact): Contact {
  const merged: Contact = {
    ...existing,
    name: existing.name ?? c.name,
    linkedinUrl: existing.linkedinUrl ?? c.linkedinUrl,
    tags: [...new Set([...existing.tags, ...c.tags])],
    dates: addMissingDates(existing.dates, c.dates ?? []),
  };
  if (c.connectedAt && (!merged.connectedAt || c.connectedAt < merged.connectedAt))
    merged.connectedAt = c.connectedAt;
  if (existing.interactionCount === 0 && c.connectedAt && c.connectedAt < merged.firstSeenAt)
    merged.firstSeenAt = c.connectedAt;
  return merged;
}

function combine(a: ImportedContact, b: ImportedContact): ImportedContact {
  const dates = [a.connectedAt, b.connectedAt].filter((d): d is string => d !== null).sort();
  return {
    ...a,
    name: a.name ?? b.name,
    linkedinUrl: a.linkedinUrl ?? b.linkedinUrl,
    connectedAt: dates[0] ?? null,
    tags: [...new Set([...a.tags, ...b.tags])],
    notes: [...new Set([...a.notes, ...b.notes])],
    dates: addMissingDates(a.dates ?? [], b.dates ?? []),
  };
}
