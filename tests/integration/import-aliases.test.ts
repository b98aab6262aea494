import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { importContacts } from '../../shared/use-cases/import-contacts';
import { parseLinkedInConnections } from '../../shared/use-cases/import-linkedin';
import { parseVCards } from '../../shared/use-cases/import-vcard';
import { mergeContacts } from '../../shared/use-cases/merge-contacts';
import { createHarness, mail, type Harness } from '../support/tend-harness';

const ME = 'importer@aliases.example';
const NOW = '2026-11-26T12:00:00Z';

/** SPEC 9 with SPEC 5 imports: a row naming an address merged into a contact updates that
 * contact; it never starts a second one under the alias. */
describe('imports after a merge', () => {
  let h: Harness;
  let user: User;

  beforeAll(async () => {
    h = await createHarness('import-aliases', NOW);
    user = await h.register(ME, 'UTC');
    const send = (to: string, subject: string, date: string) =>
      h.deliver(mail({ from: ME, to, subject, date }));
    await send('Ana Lopez <ana@work.example>', 'Budget', 'Thu, 19 Nov 2026 09:00:00 +0000');
    await send('Ana Lopez <ana@home.example>', 'Dinner', 'Mon, 02 Nov 2026 09:00:00 +0000');
    await send('Bo Chen <bo@example.net>', 'Hello', 'Tue, 03 Nov 2026 09:00:00 +0000');
    const merged = await mergeContacts(h.app, user, 'ana@work.example', 'ana@home.example');
    expect(merged.outcome).toBe('merged');
  });

  const card = (email: string) =>
    [
      'BEGIN:VCARD',
      'VERSION:3.0',
      'FN:Ana Lopez',
      `EMAIL:${email}`,
      'CATEGORIES:Climber',
      'NOTE:Met at the crag',
      'BDAY:1990-05-04',
      'END:VCARD',
    ].join('\r\n');

  it('a vCard naming the alias updates the one contact (tags, note, birthday)', async () => {
    const report = await importContacts(
      h.app.contacts,
      user,
      'vcard',
      parseVCards(card('Ana@Home.example'), new Date(NOW)),
      new Date(NOW),
    );
    expect(report).toMatchObject({ created: 0, updated: 1, unchanged: 0, skipped: [] });
    expect(await h.app.contacts.get(user.id, 'ana@home.example')).toBeNull();
    const ana = (await h.app.contacts.get(user.id, 'ana@work.example'))!.contact;
    expect(ana).toMatchObject({
      email: 'ana@work.example',
      aliases: ['ana@home.example'],
      source: 'email',
      interactionCount: 2,
    });
    expect(ana.tags).toContain('climber');
    expect(ana.dates).toEqual([{ kind: 'birthday', month: 5, day: 4, year: 1990 }]);
    const notes = await h.app.contacts.listNotes(user.id, 'ana@work.example');
    expect(notes.map((n) => [n.contactEmail, n.text])).toEqual([
      ['ana@work.example', 'Met at the crag'],
    ]);
    expect(await h.app.contacts.listNotes(user.id, 'ana@home.example')).toEqual([]);
    const dates = await h.app.contacts.datesIn(user.id, [{ from: '05-04', to: '05-04' }], 10);
    expect(dates.dates.map((d) => d.email)).toEqual(['ana@work.example']);
    expect((await h.app.contacts.list(user.id)).map((c) => c.email).sort()).toEqual([
      'ana@work.example',
      'bo@example.net',
    ]);
  });

  it('the same file again, under either address, changes nothing', async () => {
    const before = await h.app.contacts.get(user.id, 'ana@work.example');
    for (const email of ['ana@home.example', 'ana@work.example']) {
      const report = await importContacts(
        h.app.contacts,
        user,
        'vcard',
        parseVCards(card(email), new Date(NOW)),
        new Date(NOW),
      );
      expect(report).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    }
    expect(await h.app.contacts.get(user.id, 'ana@work.example')).toEqual(before);
  });

  it('a LinkedIn row naming the alias fills in the contact; one row for both addresses is one contact', async () => {
    const csv = [
      'First Name,Last Name,URL,Email Address,Company,Position,Connected On',
      'Ana,Lopez,https://www.linkedin.com/in/ana-lopez,ana@home.example,Acme,CTO,12 Mar 2024',
      'Ana,Lopez,https://www.linkedin.com/in/ana-lopez,ana@work.example,Acme,CTO,12 Mar 2024',
      'Cy,New,https://www.linkedin.com/in/cy-new,cy@new.example,,,01 Feb 2025',
    ].join('\r\n');
    const report = await importContacts(
      h.app.contacts,
      user,
      'linkedin',
      parseLinkedInConnections(csv, { now: new Date(NOW), timezone: 'UTC' }),
      new Date(NOW),
    );
    // The two Ana rows are two writes of one contact: one updates it, the other then finds
    // nothing left to add (or both count as updates if they raced; never a creation).
    expect(report.created).toBe(1);
    expect(report.updated + report.unchanged).toBe(2);
    expect(report.updated).toBeGreaterThanOrEqual(1);
    const ana = (await h.app.contacts.get(user.id, 'ana@work.example'))!.contact;
    expect(ana.linkedinUrl).toBe('https://www.linkedin.com/in/ana-lopez');
    expect(ana.connectedAt).toBe('2024-03-12T09:00:00.000Z');
    expect(await h.app.contacts.get(user.id, 'ana@home.example')).toBeNull();
    expect((await h.app.contacts.list(user.id)).map((c) => c.email).sort()).toEqual([
      'ana@work.example',
      'bo@example.net',
      'cy@new.example',
    ]);
  });
});
