import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { mergeContacts } from '../../shared/use-cases/merge-contacts';
import { runContactCommand } from '../support/contact-fixtures';
import { createHarness, mail, type Harness } from '../support/tend-harness';

const ME = 'merger@merge.example';

/** SPEC 9 / issue 13: one person, many addresses. */
describe('merging contacts', () => {
  let h: Harness;
  let user: User;

  const send = (to: string, subject: string, date: string) =>
    h.deliver(mail({ from: ME, to, subject, date }));
  const command = (email: string, line: string, seed: string) =>
    runContactCommand(h, user, email, line, seed);
  beforeAll(async () => {
    h = await createHarness('merge', '2026-11-26T10:00:00Z');
    user = await h.register(ME, 'America/New_York');
    await send('Ana Lopez <ana@work.example>', 'Budget review', 'Thu, 26 Nov 2026 09:00:00 +0000');
    await send('Ana Lopez <ana@home.example>', 'Dinner', 'Mon, 02 Nov 2026 09:00:00 +0000');
    await send('Ana Lopez <ana@home.example>', 'Hiking', 'Tue, 03 Nov 2026 09:00:00 +0000');
    await command('ana@work.example', 'every 30 days', 'c1');
    await command('ana@home.example', 'tag friend', 'c2');
    await command('ana@home.example', 'note loves hiking', 'c3');
    await command('ana@home.example', 'birthday May 4', 'c4');
  });

  it('suggests the pair as likely duplicates before anything is merged', async () => {
    const { likelyDuplicates } = await import('../../shared/domain/merge');
    expect(likelyDuplicates(await h.app.contacts.list(user.id))).toEqual([
      { name: 'Ana Lopez', emails: ['ana@home.example', 'ana@work.example'] },
    ]);
  });

  it('unites history, notes, tags and the earliest first-seen, keeping the primary cadence', async () => {
    const result = await mergeContacts(h.app, user, 'ana@work.example', 'ana@home.example');
    expect(result.outcome).toBe('merged');
    const ana = (await h.app.contacts.get(user.id, 'ana@work.example'))!.contact;
    expect(ana.aliases).toEqual(['ana@home.example']);
    expect(ana.tags).toContain('friend');
    expect(ana.cadenceDays).toBe(30);
    expect(ana.interactionCount).toBe(3);
    expect(ana.firstSeenAt).toBe('2026-11-02T09:00:00.000Z');
    expect(ana.dates.map((d) => d.kind)).toEqual(['birthday']);
    const history = await h.app.contacts.listInteractions(user.id, 'ana@work.example');
    expect(history.map((i) => i.subject)).toEqual(['Budget review', 'Hiking', 'Dinner']);
    expect(history.every((i) => i.contactEmail === 'ana@work.example')).toBe(true);
    const notes = await h.app.contacts.listNotes(user.id, 'ana@work.example');
    expect(notes.map((n) => n.text)).toEqual(['loves hiking']);
    expect(await h.app.contacts.get(user.id, 'ana@home.example')).toBeNull();
    expect(await h.app.contacts.listInteractions(user.id, 'ana@home.example')).toEqual([]);
    const dates = await h.app.contacts.datesIn(user.id, [{ from: '05-04', to: '05-04' }], 10);
    expect(dates.dates.map((d) => d.email)).toEqual(['ana@work.example']);
    expect((await h.app.contacts.list(user.id)).map((c) => c.email)).toEqual(['ana@work.example']);
  });

  it('changes nothing when replayed', async () => {
    const before = await h.app.contacts.get(user.id, 'ana@work.example');
    const { result: again, counts } = await h.requests.measure(() =>
      mergeContacts(h.app, user, 'ana@work.example', 'ana@home.example'),
    );
    expect(again.outcome).toBe('already');
    expect(counts.byKind.TransactWriteItems ?? 0).toBe(0);
    expect(await h.app.contacts.get(user.id, 'ana@work.example')).toEqual(before);
  });

  it('logs later mail to the merged address to the one contact', async () => {
    h.setNow('2026-11-28T10:00:00Z');
    const out = await send('Ana <ana@home.example>', 'Photos', 'Sat, 28 Nov 2026 09:00:00 +0000');
    expect(out).toEqual({ outcome: 'logged', contacts: 1 });
    // Both addresses on one email: one interaction.
    await send('ana@home.example, ana@work.example', 'Both', 'Sat, 28 Nov 2026 09:30:00 +0000');
    const ana = (await h.app.contacts.get(user.id, 'ana@work.example'))!.contact;
    expect(ana.interactionCount).toBe(5);
    expect(await h.app.contacts.get(user.id, 'ana@home.example')).toBeNull();
    expect((await h.app.contacts.find(user.id, 'ana@home.example'))?.contact.email).toBe(
      'ana@work.example',
    );
    // A command naming the alias changes the contact.
    await command('ana@home.example', 'tag climber', 'c5');
    expect((await h.app.contacts.get(user.id, 'ana@work.example'))!.contact.tags).toContain(
      'climber',
    );
  });

  it('refuses unknown addresses, the same address and merging an alias', async () => {
    await send('Bo <bo@example.net>', 'Hi Bo', 'Sat, 28 Nov 2026 11:00:00 +0000');
    const merge = (a: string, b: string) => mergeContacts(h.app, user, a, b);
    await expect(merge('ana@work.example', 'nobody@example.net')).rejects.toThrow(
      'nobody@example.net is not one of your contacts',
    );
    await expect(merge('nobody@example.net', 'bo@example.net')).rejects.toThrow(
      'nobody@example.net is not one of your contacts',
    );
    await expect(merge('bo@example.net', 'BO@example.net')).rejects.toThrow('into itself');
    await expect(merge('ana@home.example', 'bo@example.net')).rejects.toThrow(
      'ana@home.example is an address of ana@work.example',
    );
    await expect(merge('bo@example.net', 'ana@home.example')).rejects.toThrow(
      'ana@home.example is already an address of ana@work.example',
    );
  });

  it('finishes a merge interrupted midway when it is run again', async () => {
    for (let i = 0; i < 60; i++)
      await send(
        'Cy Old <cy@old.example>',
        `Old ${i}`,
        `Sun, 01 Nov 2026 ${String(Math.floor(i / 60) + 8).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00 +0000`,
      );
    await send('Cy New <cy@new.example>', 'New', 'Sat, 28 Nov 2026 12:00:00 +0000');
    // The second transaction (the first batch of moves) fails once: the merge is marked, half done.
    let transactions = 0;
    h.requests.client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'TransactWriteItemsCommand' && ++transactions === 3)
          throw new Error('injected: the network went away');
        return next(args);
      },
      { step: 'initialize', name: 'failThirdTransaction' },
    );
    try {
      await expect(mergeContacts(h.app, user, 'cy@new.example', 'cy@old.example')).rejects.toThrow(
        'injected',
      );
    } finally {
      h.requests.client.middlewareStack.remove('failThirdTransaction');
    }
    // Half merged: already the one contact for ingest and commands.
    expect(
      (await h.app.contacts.getMany(user.id, ['cy@old.example'])).get('cy@old.example')?.contact
        .email,
    ).toBe('cy@new.example');
    expect((await h.app.contacts.get(user.id, 'cy@old.example')) !== null).toBe(true);
    const again = await mergeContacts(h.app, user, 'cy@new.example', 'cy@old.example');
    expect(again.outcome).toBe('merged');
    const cy = (await h.app.contacts.get(user.id, 'cy@new.example'))!.contact;
    expect(cy.interactionCount).toBe(61);
    expect(cy.aliases).toEqual(['cy@old.example']);
    expect((await h.app.contacts.listInteractions(user.id, 'cy@new.example')).length).toBe(61);
    expect(await h.app.contacts.listInteractions(user.id, 'cy@old.example')).toEqual([]);
    expect(await h.app.contacts.get(user.id, 'cy@old.example')).toBeNull();
    expect((await mergeContacts(h.app, user, 'cy@new.example', 'cy@old.example')).outcome).toBe(
      'already',
    );
  });
});
