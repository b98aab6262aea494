import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { ImportFormatError } from '../../shared/use-cases/import-contacts';
import { IMPORT_BATCH_ROWS, importStep, readImportFile } from '../../shared/use-cases/import-job';
import { VCARD_40 } from '../cli/fixtures';
import { createHarness, type Harness } from '../support/tend-harness';

/**
 * The import in steps behind Settings' "Imported N of M" (SPEC 8): batches, where a step stops,
 * and that a step repeated writes nothing twice. On DynamoDB Local, with the real parsers.
 */

const NOW = '2026-11-26T12:00:00Z';
const HEADER = 'First Name,Last Name,URL,Email Address,Company,Position,Connected On';

function connections(n: number, domain = 'many.example'): Buffer {
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `Person,${i},https://www.linkedin.com/in/person-${i},p${i}@${domain},Acme,Engineer,12 Mar 2024`,
  );
  return Buffer.from([HEADER, ...rows].join('\r\n'));
}

let h: Harness;
let me: User;
const ctx = () => ({ now: h.now(), timezone: 'UTC' });

beforeAll(async () => {
  h = await createHarness('web-import-job', NOW);
  me = await h.register('me@example.com', 'UTC');
});

describe('readImportFile', () => {
  it('tells a vCard from a CSV by its content, whatever the file is called', () => {
    expect(readImportFile(Buffer.from(`\r\n${VCARD_40}`), ctx()).kind).toBe('vcard');
    expect(readImportFile(connections(2), ctx()).kind).toBe('linkedin');
  });

  it('names the same content the same way, and other content otherwise', () => {
    const a = readImportFile(connections(3), ctx()).fingerprint;
    expect(readImportFile(connections(3), ctx()).fingerprint).toBe(a);
    expect(readImportFile(connections(4), ctx()).fingerprint).not.toBe(a);
  });

  it.each([
    ['an image', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3])],
    ['a CSV of something else', Buffer.from('name,phone\nAda,555\n')],
    ['a broken vCard', Buffer.from('BEGIN:VCARD\nVERSION:3.0\nFN:x\n')],
  ])('refuses %s, saying which files Tend takes', (_, bytes) => {
    expect(() => readImportFile(bytes, ctx())).toThrow(ImportFormatError);
    expect(() => readImportFile(bytes, ctx())).toThrow(/LinkedIn's Connections.csv or a vCard/);
  });
});

describe('importStep', () => {
  it('imports a batch at a time and stops when told, reporting where the next step starts', async () => {
    const file = readImportFile(connections(450), ctx());
    const first = await importStep(h.app.contacts, me, file, h.now(), {
      from: 0,
      stop: () => true,
    });
    expect(first).toMatchObject({ total: 450, next: IMPORT_BATCH_ROWS });
    expect(first.report).toMatchObject({ created: IMPORT_BATCH_ROWS, updated: 0, unchanged: 0 });
    expect(await h.app.contacts.get(me.id, 'p199@many.example')).not.toBeNull();
    expect(await h.app.contacts.get(me.id, 'p200@many.example')).toBeNull();

    // The same step again (a retry, the back button): nothing written twice.
    const again = await importStep(h.app.contacts, me, file, h.now(), {
      from: 0,
      stop: () => true,
    });
    expect(again.report).toMatchObject({ created: 0, updated: 0, unchanged: IMPORT_BATCH_ROWS });

    const rest = await importStep(h.app.contacts, me, file, h.now(), {
      from: first.next,
      stop: () => false,
    });
    expect(rest).toMatchObject({ total: 450, next: 450 });
    expect(rest.report).toMatchObject({ created: 250, updated: 0, unchanged: 0 });
    expect((await h.app.contacts.list(me.id)).length).toBe(450);
  });

  it('reports the unreadable rows once, with the first step only', async () => {
    const bytes = Buffer.concat([
      connections(3, 'rows.example'),
      Buffer.from('\r\nNo,Address,,,,,\r\n'),
    ]);
    const file = readImportFile(bytes, ctx());
    expect(file.parsed.problems).toHaveLength(1);
    const first = await importStep(h.app.contacts, me, file, h.now(), {
      from: 0,
      stop: () => false,
    });
    expect(first.report.skipped).toEqual([expect.objectContaining({ where: 'line 5' })]);
    const later = await importStep(h.app.contacts, me, file, h.now(), {
      from: 1,
      stop: () => false,
    });
    expect(later.report.skipped).toEqual([]);
  });

  it('takes a start outside the file as its nearest end', async () => {
    const file = readImportFile(connections(3, 'rows.example'), ctx());
    const past = await importStep(h.app.contacts, me, file, h.now(), {
      from: 99,
      stop: () => false,
    });
    expect(past).toMatchObject({ total: 3, next: 3, report: { created: 0, unchanged: 0 } });
    const before = await importStep(h.app.contacts, me, file, h.now(), {
      from: -5,
      stop: () => false,
    });
    expect(before).toMatchObject({ next: 3, report: { unchanged: 3 } });
  });

  it('skips the never-log list and the user’s own addresses in every batch', async () => {
    const user = {
      ...me,
      neverLog: ['p1@skip.example'],
      addresses: ['me@example.com', 'p2@skip.example'],
    };
    const file = readImportFile(connections(3, 'skip.example'), ctx());
    const step = await importStep(h.app.contacts, user, file, h.now(), {
      from: 1,
      stop: () => false,
    });
    expect(step.report.created).toBe(0);
    expect(step.report.skipped.map((s) => s.problem)).toEqual([
      'you asked Tend to forget p1@skip.example; skipped',
      'p2@skip.example is your own address; skipped',
    ]);
  });
});
