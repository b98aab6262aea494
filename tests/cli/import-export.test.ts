import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import type { ImportReport } from '../../shared/use-cases/import-contacts';
import { CONTACT_COLUMNS } from '../../functions/cli/format';
import { createHarness, mail, type Harness } from '../support/tend-harness';
import { LINKEDIN_CSV, VCARD_30, VCARD_40 } from './fixtures';
import { cliEnv, tend, tendJson } from './run-cli';

const NOW = '2026-11-26T12:00:00Z';

let h: Harness;
let env: Record<string, string>;
let me: User;
let dir: string;
const contact = async (key: string) => (await h.app.contacts.get(me.id, key))?.contact ?? null;

beforeAll(async () => {
  h = await createHarness('cli-import', NOW);
  env = cliEnv(h.ctx.env, { TEND_NOW: NOW });
  me = await h.register('me@example.com', 'UTC');
  // Jane is known from email before any import: what email taught Tend must survive it.
  await h.deliver(
    mail({
      to: 'J. Doe <jane@example.com>',
      subject: 'Quick question',
      date: 'Fri, 20 Nov 2026 09:30:00 +0000',
    }),
  );
  dir = await mkdtemp(join(tmpdir(), 'tend-cli-'));
  await writeFile(join(dir, 'Connections.csv'), LINKEDIN_CSV);
  // Chidi again (second card), and Jane with categories, and a card without an email.
  const moreCards = [
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Jane Doe (work)\r\nEMAIL:jane@example.com\r\nCATEGORIES:Advisor\r\nEND:VCARD',
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Front Desk\r\nTEL:+1 555 0100\r\nEND:VCARD',
  ];
  await writeFile(join(dir, 'contacts.vcf'), [VCARD_30, VCARD_40, ...moreCards].join('\r\n'));
});

describe('import linkedin', () => {
  it('adds connections keyed by email or profile slug, fills in (never overwrites) email contacts', async () => {
    const report = await tendJson<ImportReport>(env, [
      'import',
      'linkedin',
      join(dir, 'Connections.csv'),
    ]);
    expect(report).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    expect(report.skipped).toEqual([expect.objectContaining({ where: 'line 8' })]);

    expect(await contact('jane@example.com')).toMatchObject({
      name: 'J. Doe',
      source: 'email',
      firstSeenAt: '2026-11-20T09:30:00.000Z',
      lastInteractionAt: '2026-11-20T09:30:00.000Z',
      interactionCount: 1,
      linkedinUrl: 'https://www.linkedin.com/in/jane-doe-1a2b3c',
      latestNote: 'LinkedIn: CTO at Acme',
    });
    expect(await contact('linkedin:ravi-kumar-42')).toMatchObject({
      name: 'Ravi Kumar',
      source: 'linkedin',
      linkedinUrl: 'https://www.linkedin.com/in/ravi-kumar-42',
      firstSeenAt: '2023-01-03T09:00:00.000Z',
      // SPEC 3: the connection date is not a contact; nothing is logged with them yet.
      connectedAt: '2023-01-03T09:00:00.000Z',
      lastInteractionAt: null,
      interactionCount: 0,
    });
    expect(
      (await h.app.contacts.listNotes(me.id, 'linkedin:ravi-kumar-42')).map((n) => n.text),
    ).toEqual(['LinkedIn: Head of Sales at Widgets, Inc.']);
  });

  it('changes nothing when the same file is imported again', async () => {
    const before = await h.app.contacts.get(me.id, 'linkedin:ravi-kumar-42');
    const r = await tend(env, ['import', 'linkedin', join(dir, 'Connections.csv')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^imported from LinkedIn: 0 new, 0 updated, 3 unchanged, 1 skipped\n {2}line 8: Private Person has neither/,
    );
    expect(await h.app.contacts.get(me.id, 'linkedin:ravi-kumar-42')).toEqual(before);
    expect(await h.app.contacts.listNotes(me.id, 'jane@example.com')).toHaveLength(1);
  });

  it('says what is wrong with a missing file or a file that is not a LinkedIn export', async () => {
    await writeFile(join(dir, 'other.csv'), 'Name,Email\nJane,jane@example.com\n');
    const [missing, other] = await Promise.all([
      tend(env, ['import', 'linkedin', join(dir, 'nope.csv')]),
      tend(env, ['import', 'linkedin', join(dir, 'other.csv')]),
    ]);
    expect(missing).toMatchObject({
      code: 1,
      stderr: `tend: cannot read ${join(dir, 'nope.csv')}: no such file or directory\n`,
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/^tend: this is not a LinkedIn Connections.csv/);
  });
});

describe('import vcard', () => {
  it('adds cards with an email as vcard contacts, with notes and tags; adds tags to known contacts', async () => {
    const report = await tendJson<ImportReport>(env, [
      'import',
      'vcard',
      join(dir, 'contacts.vcf'),
    ]);
    expect(report).toMatchObject({ created: 2, updated: 1, unchanged: 0 });
    expect(report.skipped).toEqual([
      { where: 'card at line 25', problem: 'Front Desk is skipped: it has no email address' },
    ]);
    expect(await contact('chidi@example.org')).toMatchObject({
      name: 'Dr. Chidi Okafor',
      source: 'vcard',
      tags: ['mentor', 'work-friends'],
      firstSeenAt: NOW.replace('Z', '.000Z'),
      lastInteractionAt: null,
      latestNote:
        'Met at the ethics conference, Lisbon.\nWants an intro to the philosophy department.',
    });
    expect(await contact('jane@example.com')).toMatchObject({
      name: 'J. Doe',
      source: 'email',
      tags: ['advisor'],
    });
  });
});

describe('export csv', () => {
  it('writes the contacts list columns to stdout, and to a file', async () => {
    const file = join(dir, 'export.csv');
    const [stdout, toFile] = await Promise.all([
      tend(env, ['export', 'csv']),
      tend(env, ['export', 'csv', file]),
    ]);
    expect(stdout.code).toBe(0);
    const rows = parse(stdout.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0] ?? {})).toEqual([...CONTACT_COLUMNS]);
    expect(rows.map((r) => r.email)).toEqual([
      'amelie@example.fr',
      'chidi@example.org',
      'jane@example.com',
      'linkedin:ravi-kumar-42',
      'linkedin:zoë-müller',
    ]);
    expect(rows.find((r) => r.email === 'linkedin:ravi-kumar-42')).toMatchObject({
      name: 'Ravi Kumar',
      tags: '',
      cadenceDays: '',
      interactionCount: '0',
      connectedAt: '2023-01-03T09:00:00.000Z',
      // SPEC 3: not due until something is logged with them (the digest suggests rediscovering).
      nextDueAt: '',
      source: 'linkedin',
    });
    expect(toFile).toMatchObject({ code: 0, stdout: `wrote 5 contacts to ${file}\n` });
    expect(await readFile(file, 'utf8')).toBe(stdout.stdout);
  });
});
