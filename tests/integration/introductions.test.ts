import { forwardedIntro as introMail } from '../support/intro-mail';
import { beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/types';
import { contactDetails } from '../../shared/use-cases/contact-details';
import { createHarness, mail, type Harness } from '../support/tend-harness';

const ME = 'me@intro.example';

/** An intro the user received, forwarded to log@ the way Gmail forwards. */
const forwardedIntro = (introducer: string, introduced: string, subject: string) =>
  introMail({ user: ME, introducer, introduced, subject });

/** An email the user writes (BCC'd to log@). */
function written(to: string, subject: string, date: string): string {
  return mail({ from: ME, to, subject, date, body: 'Hi,\n\nShort note.\n\nMe' });
}

describe('introductions (SPEC 9)', () => {
  let h: Harness;
  let user: User;
  const loops = async (introducer: string) =>
    (await h.app.prompts.listFor(user.id, introducer)).filter((p) => p.kind === 'loop');
  const closeLoopEmails = async (subject: string) =>
    (await h.ctx.sentTo(ME)).filter((e) => e.subject === subject);

  beforeAll(async () => {
    h = await createHarness('introductions', '2026-11-24T20:10:00Z');
    user = await h.register(ME, 'America/New_York');
  });

  it('records the introducer on the new contact when an intro is forwarded to log@', async () => {
    expect(
      await h.deliver(
        forwardedIntro(
          'Jordan Lee <jordan@lee.example>',
          'Chris Park <chris@acme.example>',
          'Intro: Chris <> Me',
        ),
      ),
    ).toEqual({ outcome: 'logged', contacts: 2 });
    const chris = await h.app.contacts.get(user.id, 'chris@acme.example');
    const jordan = await h.app.contacts.get(user.id, 'jordan@lee.example');
    expect(chris?.contact.introducedBy).toBe('jordan@lee.example');
    expect(chris?.contact.closeLoopDueAt).toBeNull();
    expect(jordan?.contact.introducedBy).toBeNull();
    // The intro itself is not the user's first interaction with Chris: nothing due yet.
    expect(await loops('jordan@lee.example')).toEqual([]);

    const details = await contactDetails(h.app, user, 'chris@acme.example');
    expect(details.introducer).toBe('Jordan Lee <jordan@lee.example>');
  });

  it("makes the close-the-loop prompt due 7 days after the user's first email to the new person, and sends it once", async () => {
    h.setNow('2026-11-25T15:00:00Z');
    await h.deliver(
      written(
        'Chris Park <chris@acme.example>',
        'Coffee next week?',
        'Wed, 25 Nov 2026 15:00:00 +0000',
      ),
    );
    const [loop, ...more] = await loops('jordan@lee.example');
    expect(more).toEqual([]);
    expect(loop).toMatchObject({
      kind: 'loop',
      status: 'pending',
      contactEmail: 'jordan@lee.example',
      interactionAt: '2026-11-25T15:00:00.000Z',
      dueAt: '2026-12-02T15:00:00.000Z',
      introduced: { email: 'chris@acme.example', name: 'Chris Park' },
    });
    expect((await h.app.contacts.get(user.id, 'chris@acme.example'))?.contact.closeLoopDueAt).toBe(
      '2026-12-02T15:00:00.000Z',
    );

    // A second email to Chris makes nothing new due.
    h.setNow('2026-11-27T15:00:00Z');
    await h.deliver(
      written('chris@acme.example', 'Re: Coffee next week?', 'Fri, 27 Nov 2026 15:00:00 +0000'),
    );
    expect(await loops('jordan@lee.example')).toHaveLength(1);

    const subject = 'Tell Jordan how it went with Chris';
    await h.tick('2026-12-02T14:59:00Z');
    expect(await closeLoopEmails(subject)).toHaveLength(0);
    await h.tick('2026-12-02T15:01:00Z');
    await h.tick('2026-12-02T15:06:00Z');
    await h.tick('2026-12-03T15:06:00Z');
    const sent = await closeLoopEmails(subject);
    expect(sent).toHaveLength(1);
    const email = sent[0]!;
    expect(email.body.text).toContain(
      'Jordan Lee (jordan@lee.example) introduced you to Chris Park',
    );
    expect(email.body.text).toContain(
      'mailto:jordan@lee.example?subject=Chris%3A%20how%20it%20went',
    );
    expect(email.body.html).toContain('mailto:jordan@lee.example');
    expect(email.replyTo[0]).toMatch(/^reply\+[0-9a-z]{50}@in\.tend\.localhost$/);
    expect((await loops('jordan@lee.example'))[0]).toMatchObject({
      status: 'sent',
      sentAt: '2026-12-02T15:01:00.000Z',
    });
  });

  it('cancels the prompt when the user wrote to the introducer since the first interaction', async () => {
    h.setNow('2026-11-24T20:10:00Z');
    await h.deliver(
      forwardedIntro(
        'Pat Ng <pat@ng.example>',
        'Alex Kim <alex@kim.example>',
        'Introduction: Alex Kim',
      ),
    );
    h.setNow('2026-11-26T15:00:00Z');
    await h.deliver(
      written('alex@kim.example', 'Hello from an intro', 'Thu, 26 Nov 2026 15:00:00 +0000'),
    );
    expect(await loops('pat@ng.example')).toMatchObject([{ dueAt: '2026-12-03T15:00:00.000Z' }]);
    h.setNow('2026-11-28T15:00:00Z');
    await h.deliver(
      written('pat@ng.example', 'Thanks for the intro to Alex', 'Sat, 28 Nov 2026 15:00:00 +0000'),
    );

    await h.tick('2026-12-03T15:01:00Z');
    expect(await closeLoopEmails('Tell Pat how it went with Alex')).toHaveLength(0);
    expect(await loops('pat@ng.example')).toMatchObject([{ status: 'cancelled', sentAt: null }]);
  });

  it('a second intro of the same person changes nothing', async () => {
    h.setNow('2026-12-04T15:00:00Z');
    await h.deliver(
      forwardedIntro(
        'Morgan Diaz <morgan@diaz.example>',
        'Chris Park <chris@acme.example>',
        'Meet Chris Park',
      ),
    );
    const chris = await h.app.contacts.get(user.id, 'chris@acme.example');
    expect(chris?.contact.introducedBy).toBe('jordan@lee.example');
    expect(chris?.contact.closeLoopDueAt).toBe('2026-12-02T15:00:00.000Z');
    await h.deliver(
      written('chris@acme.example', 'Following up', 'Fri, 4 Dec 2026 16:00:00 +0000'),
    );
    expect(await loops('morgan@diaz.example')).toEqual([]);
    expect(await loops('jordan@lee.example')).toHaveLength(1);
  });
});
