import { createHash } from 'node:crypto';
import type { User } from '../domain/types';
import type { ContactStore } from '../ports/contact-store';
import {
  importContacts,
  ImportFormatError,
  type ImportParse,
  type ImportReport,
} from './import-contacts';
import { parseLinkedInConnections } from './import-linkedin';
import { parseVCards } from './import-vcard';

/**
 * An import in steps (SPEC 8: "import … with progress"), for a door that cannot run for long: the
 * web app on Lambda answers each request within its timeout. The file is read whole at each step
 * (the same parsers as `tend import linkedin|vcard`) and the rows from `from` on are imported in
 * batches until the caller says stop; the step reports where the next one starts. A step repeated
 * or replayed writes nothing twice: importContacts leaves a contact the file already gave it
 * unchanged.
 */

export type ImportKind = 'linkedin' | 'vcard';

/** Rows written between two looks at the time left: a few seconds of writes at most. */
export const IMPORT_BATCH_ROWS = 200;

export interface ImportFile {
  kind: ImportKind;
  parsed: ImportParse;
  /** Names this file's content, so that a later step can tell it is given the same file. */
  fingerprint: string;
}

/** A .vcf has a BEGIN:VCARD line; anything else is read as LinkedIn's Connections.csv. */
const VCARD_START = /^BEGIN:VCARD\s*$/im;
/** Where the content is looked at for that line (a file may open with a BOM and blank lines). */
const SNIFF_BYTES = 4096;

/** Reads the file as the CLI's import commands do; throws ImportFormatError saying why not. */
export function readImportFile(bytes: Buffer, ctx: { now: Date; timezone: string }): ImportFile {
  const kind: ImportKind = VCARD_START.test(bytes.subarray(0, SNIFF_BYTES).toString('latin1'))
    ? 'vcard'
    : 'linkedin';
  let parsed: ImportParse;
  try {
    parsed =
      kind === 'vcard'
        ? parseVCards(bytes, ctx.now)
        : parseLinkedInConnections(bytes.toString('utf8'), ctx);
  } catch (error) {
    if (!(error instanceof ImportFormatError)) throw error;
    throw new ImportFormatError(
      `${error.message}. Tend imports LinkedIn's Connections.csv or a vCard (.vcf) file`,
      { cause: error },
    );
  }
  const fingerprint = createHash('sha256').update(bytes).digest('base64url').slice(0, 22);
  return { kind, parsed, fingerprint };
}

export interface ImportStep {
  /** People in the file (rows with an address or a LinkedIn profile). */
  total: number;
  /** Where the next step starts; equal to `total` when the import is complete. */
  next: number;
  /** What this step did; the file's unreadable rows are reported by the first step only. */
  report: ImportReport;
}

/**
 * Imports `file`'s people from `from` on, IMPORT_BATCH_ROWS at a time, until all are done or
 * `stop()` says the time is up (asked after each batch, so a step always makes progress).
 */
export async function importStep(
  contacts: ContactStore,
  user: User,
  file: ImportFile,
  now: Date,
  opts: { from: number; stop: () => boolean },
): Promise<ImportStep> {
  const people = file.parsed.contacts;
  const total = people.length;
  let next = Math.max(0, Math.min(Math.trunc(opts.from), total));
  const report: ImportReport = {
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: next === 0 ? [...file.parsed.problems] : [],
  };
  while (next < total) {
    const batch = people.slice(next, next + IMPORT_BATCH_ROWS);
    const done = await importContacts(
      contacts,
      user,
      file.kind,
      { contacts: batch, problems: [] },
      now,
    );
    report.created += done.created;
    report.updated += done.updated;
    report.unchanged += done.unchanged;
    report.skipped.push(...done.skipped);
    next += batch.length;
    if (opts.stop()) break;
  }
  return { total, next, report };
}
