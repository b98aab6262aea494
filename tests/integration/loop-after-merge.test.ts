import { forwardedIntro as introMail } from '../support/intro-mail';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { DUE_SHARDS } from '../../shared/keys';
import { DUE_LANES } from '../../shared/ports/due-work';
import { contactDetails } from '../../shared/use-cases/contact-details';
import { mergeContacts } from '../../shared/use-cases/merge-contacts';
import { createHarness, mail, type Harness } from '../support/tend-harness';

const ME = 'me@loopmerge.example';

/** An intro the user received, forwarded to log@ the way Gmail forwards. */
const forwardedIntro = (introducer: string, introduced: string, subject: string) =>
  introMail({ user: ME, introducer, introduced, subject });

/** An email the user writes (BCC'd to log@). */
const written = (to: string, subject: string, date: string) =>
  mail({ from: ME, to, subject, date, body: 'Hi,\n\nShort note.\n\nMe' });

/** SPEC 9: the close-the-loop prompt after the introducer (or the person introduced) was merged
 * into another contact. */
describe('close the loop after a merge', () => {
  let h: Harness;
  let user: User;
  const loops = async (introducer: string) =>
    (await h.app.prompts.listFor(user.id, introducer)).filter((p) => p.kind === 'loop');
  const emails = async (subject: string) =>
    (await h.ctx.sentTo(ME)).filter((e) => e.subject === subject);

  beforeAll(async () => {
    h = await createHarness('loop-merge', '2026-11-20T10:00:00Z');
    user = await h.register(ME, 'UTC');
    // Jordan and Pat are known at a second address each before they make an introduction.
    await h.deliver(
      written('Jordan Lee <jordan@work.example>', 'Lunch', 'Fri, 20 Nov 2026 09:00:00 +0000'),
    );
    await h.deliver(
      written('Pat Ng <pat@home.example>', 'Hello Pat', 'Fri, 20 Nov 2026 09:30:00 +0000'),
    );
    await h.deliver(
      written('Chris Park <chris@personal.example>', 'Hi', 'Fri, 20 Nov 2026 09:45:00 +0000'),
    );
    h.setNow('2026-11-24T20:10:00Z');
    await h.deliver(
      forwardedIntro(
        'Jordan Lee <jordan@lee.example>',
        'Chris Park <chris@acme.example>',
        'Intro: Chris <> Me',
      ),
    );
    await h.deliver(
      forwardedIntro('Pat Ng <pat@ng.example>', 'Alex Kim <alex@kim.example>', 'Intro: Alex'),
    );
    expect((await h.app.contacts.get(user.id, 'chris@acme.example'))?.contact.introducedBy).toBe(
      'jordan@lee.example',
    );
  });

  it("names the surviving introducer and introduced contacts, and is kept under the introducer's contact", async () => {
    // The introducer's address (and the introduced person's) merged away before the first email.
    await mergeContacts(h.app, user, 'jordan@work.example', 'jordan@lee.example');
    await mergeContacts(h.app, user, 'chris@personal.example', 'chris@acme.example');
    h.setNow('2026-11-25T15:00:00Z');
    // To the merged address: it logs to the one Chris, whose introduction makes the loop due.
    await h.deliver(
      written('chris@acme.example', 'Coffee next week?', 'Wed, 25 Nov 2026 15:00:00 +0000'),
    );
    const chris = (await h.app.contacts.get(user.id, 'chris@personal.example'))!.contact;
    expect(chris.introducedBy).toBe('jordan@lee.example');
    expect(chris.closeLoopDueAt).toBe('2026-12-02T15:00:00.000Z');
    // `contacts show` and the Contact page name the introducer's contact as it now is.
    expect((await contactDetails(h.app, user, 'chris@acme.example')).introducer).toBe(
      'Jordan Lee <jordan@work.example>',
    );

    await h.tick('2026-12-02T15:01:00Z');
    const [email, ...more] = await emails('Tell Jordan how it went with Chris');
    expect(more).toEqual([]);
    expect(email!.body.text).toContain(
      'Jordan Lee (jordan@work.example) introduced you to Chris Park (chris@personal.example)',
    );
    expect(email!.body.text).toContain('mailto:jordan@work.example?subject=');
    expect(email!.body.text).not.toContain('jordan@lee.example');
    expect(email!.body.text).not.toContain('chris@acme.example');
    // From now on the prompt is the surviving contact's: `done` and `contacts show` find it there.
    expect(await loops('jordan@work.example')).toMatchObject([
      {
        status: 'sent',
        contactEmail: 'jordan@work.example',
        introduced: { email: 'chris@personal.example', name: 'Chris Park' },
      },
    ]);
    expect(await loops('jordan@lee.example')).toEqual([]);
    await h.tick('2026-12-02T15:06:00Z');
    expect(await emails('Tell Jordan how it went with Chris')).toHaveLength(1);
  });

  it("is cancelled when the user wrote to any of the introducer's addresses since", async () => {
    await mergeContacts(h.app, user, 'pat@home.example', 'pat@ng.example');
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(written('alex@kim.example', 'Hello Alex', 'Thu, 26 Nov 2026 15:00:00 +0000'));
    expect(await loops('pat@ng.example')).toMatchObject([
      { status: 'pending', dueAt: '2026-12-03T15:00:00.000Z' },
    ]);
    // Written to the introducer's merged address: it logs to Pat's one contact.
    h.setNow('2026-11-28T15:00:00Z');
    await h.deliver(
      written('pat@ng.example', 'Thanks for the intro', 'Sat, 28 Nov 2026 15:00:00 +0000'),
    );
    expect((await h.app.contacts.get(user.id, 'pat@home.example'))!.contact.lastOutboundAt).toBe(
      '2026-11-28T15:00:00.000Z',
    );
    await h.tick('2026-12-03T15:01:00Z');
    expect(await emails('Tell Pat how it went with Alex')).toHaveLength(0);
    expect(await loops('pat@ng.example')).toMatchObject([{ status: 'cancelled', sentAt: null }]);
  });

  it('is sent to the surviving introducer when nobody wrote to them since', async () => {
    // Alex's introducer is Pat (now pat@home.example); a fresh intro by Pat of Sam, and nothing
    // written to Pat after the first email to Sam.
    h.setNow('2026-11-29T10:00:00Z');
    await h.deliver(
      forwardedIntro('Pat Ng <pat@ng.example>', 'Sam Roe <sam@roe.example>', 'Intro: Sam'),
    );
    expect((await h.app.contacts.get(user.id, 'sam@roe.example'))?.contact.introducedBy).toBe(
      'pat@ng.example',
    );
    h.setNow('2026-11-30T15:00:00Z');
    await h.deliver(written('sam@roe.example', 'Hello Sam', 'Mon, 30 Nov 2026 15:00:00 +0000'));
    // Whatever else is due by then goes first: the tick measured sends the close-the-loop alone.
    await h.tick('2026-12-07T14:59:00Z');
    const { counts } = await h.requests.measure(() => h.tick('2026-12-07T15:01:00Z'));
    // The due-index Queries (one per lane of each shard), the claim, the user, the two people in one
    // BatchGetItem with their alias items and a second for Pat's contact (the introducer's
    // address is an alias now), the prompt marked sent.
    expect(counts.byKind).toEqual({
      Query: DUE_SHARDS * DUE_LANES.length,
      UpdateItem: 1,
      GetItem: 1,
      BatchGetItem: 2,
      PutItem: 1,
    });
    const [email] = await emails('Tell Pat how it went with Sam');
    expect(email?.body.text).toContain('Pat Ng (pat@home.example) introduced you to Sam Roe');
    expect(await loops('pat@home.example')).toMatchObject([
      { status: 'sent', introduced: { email: 'sam@roe.example' } },
    ]);
  });

  it('reads both people in one request when nobody was merged', async () => {
    h.setNow('2026-12-08T10:00:00Z');
    await h.deliver(
      forwardedIntro('Lou Ma <lou@ma.example>', 'Kai Oh <kai@oh.example>', 'Intro: Kai'),
    );
    h.setNow('2026-12-09T15:00:00Z');
    await h.deliver(written('kai@oh.example', 'Hello Kai', 'Wed, 9 Dec 2026 15:00:00 +0000'));
    await h.tick('2026-12-16T14:59:00Z');
    const { counts } = await h.requests.measure(() => h.tick('2026-12-16T15:01:00Z'));
    expect(counts.byKind).toEqual({
      Query: DUE_SHARDS * DUE_LANES.length,
      UpdateItem: 1,
      GetItem: 1,
      BatchGetItem: 1,
      PutItem: 1,
    });
    const [email] = await emails('Tell Lou how it went with Kai');
    expect(email?.body.text).toContain('Lou Ma (lou@ma.example) introduced you to Kai Oh');
  });
});
