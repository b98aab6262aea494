import { forwardedIntro as introMail } from '../support/intro-mail';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { contactDetails } from '../../shared/use-cases/contact-details';
import { createHarness, type Harness } from '../support/tend-harness';

const ME = 'me@introduced.example';
const OTHER = 'other@introduced.example';
const JORDAN = 'jordan@lee.example';

/** An intro the user received, forwarded to log@ (tests/support/intro-mail.ts). */
const forwardedIntro = (user: string, introducer: string, introduced: string, id: string) =>
  introMail({ user, introducer, introduced, messageId: `<${id}@introduced.example>` });

/** SPEC 8 and 9: the Contact page's "whom they introduced", from the introduction index. */
describe('whom a contact introduced (SPEC 9)', () => {
  let h: Harness;
  let me: User;
  let other: User;
  const introduced = async (user: User, email: string) =>
    (await contactDetails(h.app, user, email)).introduced.map((p) => [p.email, p.name]);

  beforeAll(async () => {
    h = await createHarness('introduced-list', '2026-11-24T20:10:00Z');
    me = await h.register(ME);
    other = await h.register(OTHER);
  });

  it("lists the person an introduction brought in on the introducer's details, once", async () => {
    const intro = forwardedIntro(
      ME,
      `Jordan Lee <${JORDAN}>`,
      'Chris Park <chris@acme.example>',
      'a',
    );
    expect(await h.deliver(intro)).toEqual({ outcome: 'logged', contacts: 2 });
    expect(await introduced(me, JORDAN)).toEqual([['chris@acme.example', 'Chris Park']]);
    // Chris introduced nobody.
    expect(await introduced(me, 'chris@acme.example')).toEqual([]);

    // The same email delivered again changes nothing.
    expect((await h.deliver(intro)).outcome).toBe('duplicate');
    // Another intro by Jordan adds its person; Chris, already known, is not listed twice.
    await h.deliver(
      forwardedIntro(ME, `Jordan Lee <${JORDAN}>`, 'Chris Park <chris@acme.example>', 'b'),
    );
    await h.deliver(forwardedIntro(ME, `Jordan Lee <${JORDAN}>`, 'Dana Wu <dana@wu.example>', 'c'));
    expect(await introduced(me, JORDAN)).toEqual([
      ['chris@acme.example', 'Chris Park'],
      ['dana@wu.example', 'Dana Wu'],
    ]);
  });

  it("never shows another user's introductions", async () => {
    await h.deliver(
      forwardedIntro(OTHER, `Jordan Lee <${JORDAN}>`, 'Eve Stone <eve@stone.example>', 'd'),
    );
    expect(await introduced(other, JORDAN)).toEqual([['eve@stone.example', 'Eve Stone']]);
    expect(await introduced(me, JORDAN)).toEqual([
      ['chris@acme.example', 'Chris Park'],
      ['dana@wu.example', 'Dana Wu'],
    ]);
  });

  it('files introductions recorded before the index again, once (the backfill script)', async () => {
    const introducedContacts = await h.app.contacts.helpers(other.id, []);
    expect(introducedContacts.map((c) => c.email)).toEqual(['eve@stone.example']);
    expect(await h.app.contacts.fileIntroductions(other.id, introducedContacts)).toBe(1);
    expect(await introduced(other, JORDAN)).toEqual([['eve@stone.example', 'Eve Stone']]);
  });

  it('forgets the introduction with the introduced person, and those the introducer made', async () => {
    await h.app.contacts.forget(me.id, 'chris@acme.example');
    expect(await introduced(me, JORDAN)).toEqual([['dana@wu.example', 'Dana Wu']]);

    await h.app.contacts.forget(me.id, JORDAN);
    // Nothing is left under Jordan's address (the index read directly: Jordan is gone).
    expect(await h.app.contacts.introductionsBy(me.id, [JORDAN], 20)).toEqual({
      introduced: [],
      more: false,
    });
    // The other user's are theirs still.
    expect(await introduced(other, JORDAN)).toEqual([['eve@stone.example', 'Eve Stone']]);
  });
});
