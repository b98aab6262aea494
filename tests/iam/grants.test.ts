import { beforeAll, describe, expect, it } from 'vitest';
import type { SesStoredEmail } from '../../local/services';
import type { User } from '../../shared/domain/types';
import { claimAddress } from '../../shared/use-cases/claim-address';
import { ics, inviteMail } from '../support/calendar-mail';
import { AccessDeniedException, authorize } from '../support/iam/enforce-iam';
import { TEND_FUNCTIONS, type TendFunctionId } from '../support/iam/iam-world';
import { grantKey, grantsOf } from '../support/iam/policy';
import { forwardedIntro } from '../support/intro-mail';
import { permanentBounce } from '../support/ses-feedback-samples';
import { forwardedMail, mail } from '../support/tend-harness';
import { createWebHarness, ORIGIN, type WebClient, type WebHarness } from '../web/web-harness';

/**
 * SPEC 7 and STYLE "Proof where it runs": every SDK call of every function's flows is one its
 * role in the synthesized template grants. The harness runs each flow with that function's
 * clients behind its role (tests/support/iam); this file tours every kind of flow once, so a
 * missing grant fails here with the action and resource named, and then checks the other way:
 * each grant that no flow used is listed below with the reason it stays.
 */
const ME = 'me@example.com';
const ALT = 'me.alt@example.net';
const DOMAIN = 'in.tend.localhost';
const ANA = 'ana@tour.example';
const RITA = 'rita@tour.example';
const JORDAN = 'jordan@tour.example';
const CHRIS = 'chris@tour.example';
const ZED = 'zed@tour.example';
const STRANGER = 'pia@stranger.example';

const enc = encodeURIComponent;

let h: WebHarness;
let me: User;
let browser: WebClient;

const emailsTo = async (subject: RegExp): Promise<SesStoredEmail[]> =>
  (await h.ctx.sentTo(ME)).filter((e) => subject.test(e.subject));

/** The user's reply to a Tend email: to its reply-to address, the way a mail client sends it. */
async function reply(email: SesStoredEmail, body: string) {
  const to = email.replyTo[0]!;
  return h.deliver(mail({ from: ME, to, subject: `Re: ${email.subject}`, body }), {
    recipients: [to],
  });
}

beforeAll(async () => {
  h = await createWebHarness('iam-grants', '2026-11-26T10:00:00Z', { TEND_WEB_URL: ORIGIN });
  me = await h.register(ME, 'UTC', [ALT]);
});

describe('the flows run under their functions’ roles', () => {
  it('ingest: a BCC, a forward, an intro, an invite, news@ and login@ from a user and a stranger', async () => {
    expect(
      await h.deliver(mail({ from: ME, to: `Ana Lopez <${ANA}>`, subject: 'Great to meet you' })),
    ).toMatchObject({ outcome: 'logged' });
    expect(await h.deliver(mail({ from: ME, to: `Zed <${ZED}>`, subject: 'Hello' }))).toMatchObject(
      { outcome: 'logged' },
    );
    expect(
      await h.deliver(forwardedMail(`Rita <${RITA}>`, ME, 'Thu, Nov 26, 2026 at 9:00 AM')),
    ).toMatchObject({ outcome: 'logged' });
    expect(
      await h.deliver(
        forwardedIntro({
          user: ME,
          introducer: `Jordan <${JORDAN}>`,
          introduced: `Chris <${CHRIS}>`,
        }),
      ),
    ).toMatchObject({ outcome: 'logged' });
    // The first email to the person introduced: the close-the-loop prompt is due 7 days on.
    expect(
      await h.deliver(mail({ from: ME, to: `Chris <${CHRIS}>`, subject: 'Coffee next week?' })),
    ).toMatchObject({ outcome: 'logged' });
    const calendar = ics([
      'DTSTART:20261201T100000Z',
      'DTEND:20261201T103000Z',
      'SUMMARY:Coffee',
      `ORGANIZER:mailto:${ME}`,
      // A new name for Ana: holding the meeting renames her, so her old name's word items go.
      `ATTENDEE;CN=Ana Smith:mailto:${ANA}`,
    ]);
    expect(await h.deliver(inviteMail({ from: ME, to: ANA, calendar }))).toMatchObject({
      outcome: 'meeting',
    });
    expect(
      await h.deliver(
        mail({ from: ME, to: `news@${DOMAIN}`, subject: 'news', body: 'I started at Acme.\n' }),
        {
          recipients: [`news@${DOMAIN}`],
        },
      ),
    ).toMatchObject({ outcome: 'news' });
    expect(
      await h.deliver(mail({ from: ME, to: `login@${DOMAIN}`, subject: 'login' }), {
        recipients: [`login@${DOMAIN}`],
      }),
    ).toEqual({ outcome: 'login', result: 'sent' });
    // An address no user has yet, proving the user's claim on it: its claims are looked up.
    const { claim } = await claimAddress(h.app, me, STRANGER, h.now());
    expect(
      await h.deliver(
        mail({ from: STRANGER, to: `login@${DOMAIN}`, subject: `Tend ${claim.code}` }),
        {
          recipients: [`login@${DOMAIN}`],
          envelopeSender: STRANGER,
        },
      ),
    ).toEqual({ outcome: 'login', result: 'address-added' });
  });

  it('dispatch: a thank-you, then (after a reply) a digest with an introducer and a birthday', async () => {
    await h.tick('2026-11-27T10:05:00Z');
    const [thanks] = await emailsTo(/Rita/);
    expect(thanks).toBeDefined();
    h.setNow('2026-11-27T11:00:00Z');
    expect(
      await reply(thanks!, ['done', `birthday ${ANA} December 5`, `tag ${ANA} mentor`].join('\n')),
    ).toMatchObject({ outcome: 'reply' });
    await h.tick('2026-11-30T08:05:00Z'); // Monday's digest slot
    const [digest] = await emailsTo(/coming up|to reconnect|thank-yous? to send|to rediscover/);
    expect(digest).toBeDefined();
    // The introducer's thank-you still pending, and Ana's birthday within the fortnight.
    expect(digest!.body.text).toContain(`Jordan <${JORDAN}>`);
    expect(digest!.body.text).toMatch(/Ana Lopez\s+Birthday on Sat 5 Dec/);
  });

  it('dispatch: a meeting that has happened, then the close-the-loop prompt', async () => {
    await h.tick('2026-12-01T11:05:00Z');
    await h.tick('2026-12-03T10:05:00Z');
    expect(await emailsTo(/Jordan/)).not.toEqual([]);
  });

  it('ingest: a reply with several commands, forget and digest off among them', async () => {
    const [last] = (await h.ctx.sentTo(ME)).slice(-1);
    h.setNow('2026-12-03T11:00:00Z');
    expect(
      await reply(last!, [`note ${ZED} said hi`, `forget ${ZED}`, 'digest off', 'help'].join('\n')),
    ).toMatchObject({ outcome: 'reply' });
    expect(await h.app.contacts.get(me.id, ZED)).toBeNull();
    expect(await h.app.digests.getSchedule(me.id)).toBeNull();
  });

  it('web: an action link from an email, opened and used', async () => {
    const [thanks] = await emailsTo(/Rita/);
    const link = /^\s*Open in Tend: (\S+)$/m.exec(thanks!.body.text ?? '')?.[1];
    expect(link).toBeDefined();
    const path = new URL(link!).pathname;
    expect((await h.client().get(path)).status).toBeLessThan(400);
    expect((await h.client().post(path, {})).status).toBeLessThan(500);
  });

  it('web: sign-in, every page, and the forms', async () => {
    browser = h.client();
    expect((await browser.signIn(h, me)).location).toBe('/today');
    for (const path of [
      '/today',
      '/contacts',
      '/contacts?q=ana',
      '/contacts?due=yes&sort=due',
      '/contacts?tag=mentor',
      `/contacts/${enc(ANA)}`,
      '/network',
      '/settings',
      '/settings/export.csv',
    ]) {
      expect([path, (await browser.get(path)).status]).toEqual([path, 200]);
    }
    await browser.get(`/contacts/${enc(ANA)}`);
    const forms: Array<[string, Record<string, string>]> = [
      [`/contacts/${enc(ANA)}/notes`, { note: 'Talked about hiring' }],
      [`/contacts/${enc(ANA)}/edit`, { tags: 'mentor, advisor', every: '30d' }],
      [`/contacts/${enc(ANA)}/actions`, { action: 'snooze', snooze: '2w' }],
      [`/contacts/${enc(RITA)}/merge`, { other: JORDAN }],
      [`/contacts/${enc(CHRIS)}/forget`, {}],
      ['/settings', { cadence: '60d', timezone: 'UTC' }],
      ['/settings/pause', { action: 'pause', for: '1w' }],
      ['/settings/addresses', { action: 'add', 'new-address': 'me.third@example.org' }],
    ];
    for (const [path, form] of forms) {
      const res = await browser.post(path, { ...form, csrf: browser.csrf() });
      expect([path, res.status < 400]).toEqual([path, true]);
      await browser.get('/settings');
    }
    // The forms did their work, not only answered.
    expect((await h.app.contacts.listNotes(me.id, ANA)).map((n) => n.text)).toContain(
      'Talked about hiring',
    );
    expect(await h.app.contacts.get(me.id, CHRIS)).toBeNull();
    expect((await h.app.users.get(me.id))!.defaultCadenceDays).toBe(60);
    expect((await browser.post('/signout-everywhere', { csrf: browser.csrf() })).status).toBe(303);
  });

  it('feedback: a hard bounce stops email to the user', async () => {
    const { feedbackHandler } = await import('../../functions/ses-feedback/handler');
    const run = feedbackHandler(h.app);
    const handler = (event: unknown) => h.as('FeedbackHandler', () => run(event));
    const event = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:tend-feedback:abc',
          Sns: {
            Type: 'Notification',
            MessageId: 'bounce-1',
            TopicArn: 'arn:aws:sns:us-east-1:123456789012:tend-feedback',
            Message: JSON.stringify(permanentBounce),
            Timestamp: '2026-12-03T12:00:00.000Z',
          },
        },
      ],
    };
    expect(await handler(event)).toEqual({ stopped: 1, already: 0, ignored: 0 });
  });
});

describe('the gaps the tier found, pinned', () => {
  const table = () => h.ctx.table;

  it('Dispatch may BatchGetItem the table: contacts.getMany (dates, meetings, close-the-loop)', () => {
    const input = { RequestItems: { [table()]: { Keys: [{ pk: 'x', sk: 'y' }] } } };
    expect(() =>
      authorize(h.iam.role('Dispatch'), 'dynamodb', 'BatchGetItemCommand', input),
    ).not.toThrow();
  });

  it('Ingest may Query gsi1: the claims of an address no user has, written to login@', () => {
    const input = { TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p' };
    expect(() => authorize(h.iam.role('Ingest'), 'dynamodb', 'QueryCommand', input)).not.toThrow();
  });
});

describe('what no role grants is refused through the real clients', () => {
  it('the web app sends no email', async () => {
    const send = () =>
      h.app.mailer.sendRaw({ from: h.app.config.TEND_FROM, to: ME, raw: Buffer.from('x') });
    await expect(h.as('Web', send)).rejects.toThrow(
      /not authorized to perform: ses:SendEmail on resource: arn:aws:ses:us-east-1:\d+:identity\/in\.tend\.localhost/,
    );
  });

  it('ingest deletes no raw mail, and the dispatcher reads none', async () => {
    const key = `${h.ctx.prefix}some-message`;
    await expect(h.as('Ingest', () => h.app.rawMail.delete([key]))).rejects.toBeInstanceOf(
      AccessDeniedException,
    );
    await expect(h.as('Dispatch', () => h.app.rawMail.get(key))).rejects.toThrow(
      `not authorized to perform: s3:GetObject on resource: arn:aws:s3:::${h.ctx.bucket}/${key}`,
    );
  });

  it('the feedback handler queries no index', async () => {
    await expect(
      h.as('FeedbackHandler', () => h.app.addressClaims.listByAddress('someone@example.org')),
    ).rejects.toThrow(/dynamodb:Query on resource: \S+\/index\/gsi1/);
  });
});

/**
 * Granted to a function and used by none of its flows above, each with the reason it stays.
 * None today: the tour uses every grant of every role (Dispatch's DeleteItem, for one, is the
 * word items a meeting's new name for a contact drops). Only the services the tier enforces
 * count: the logs and dead-letter grants serve the Lambda service's own calls, not the flows'.
 */
const UNUSED: Record<TendFunctionId, string[]> = {
  Ingest: [],
  Dispatch: [],
  Web: [],
  FeedbackHandler: [],
};

const ENFORCED = /^(dynamodb|s3|ses|ssm):/;

describe('least privilege', () => {
  it.each(TEND_FUNCTIONS)('%s: every grant is used by a flow, but those listed', (fn) => {
    const role = h.iam.role(fn);
    const unused = grantsOf(role.statements)
      .filter((g) => ENFORCED.test(g.action) && !role.used.has(grantKey(g)))
      .map(
        (g) =>
          `${g.sid} ${g.action} ${g.resource.replace(h.ctx.table, 'TABLE').replace(h.ctx.bucket, 'BUCKET')}`,
      );
    expect(unused).toEqual(UNUSED[fn]);
  });
});
