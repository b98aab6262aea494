import { describe, expect, it } from 'vitest';
import { newContact } from '../../shared/domain/contact';
import type { LogHints } from '../../shared/domain/ingest/address-hints';
import {
  applyInteraction,
  keepKnownRoles,
  planIngest,
  type PlannedContact,
  type PlannedInteraction,
} from '../../shared/domain/ingest/plan-ingest';
import { readForwardedDate } from '../../shared/domain/ingest/forwarded-date';
import { countsAsReconnect } from '../../shared/domain/ingest/reconnected';
import type { Direction } from '../../shared/domain/types';
import { parseMail } from '../../shared/mail/parse-mail';
import { testUser } from '../support/fixtures';
import { mail } from '../../local/workload/mail-builders';

const DOMAIN = 'in.tend.localhost';
const user = testUser({ addresses: ['me@example.com'], timezone: 'Europe/Paris' });
const NO_HINTS: LogHints = { cadenceDays: null, thanks: null, tags: [] };

const RECEIVED_AT = new Date('2026-11-26T10:00:05Z');

async function plan(raw: string, hints: LogHints = NO_HINTS) {
  const facts = await parseMail(Buffer.from(raw));
  const result = planIngest({
    facts,
    user,
    hints,
    inboundDomain: DOMAIN,
    receivedAt: RECEIVED_AT,
    forwardedAt: readForwardedDate(facts.forwarded?.date ?? null, user.timezone, RECEIVED_AT),
  });
  if (result.kind !== 'log') throw new Error(`expected a log plan, got ${result.reason}`);
  return result;
}

/** An email the user received, forwarded the way Gmail forwards it. */
function gmailForward(headers: { from: string; to: string; cc?: string }): string {
  return mail({
    to: `log@${DOMAIN}`,
    subject: 'Fwd: Referral',
    body: [
      '---------- Forwarded message ---------',
      `From: ${headers.from}`,
      'Date: Tue, Nov 24, 2026 at 3:15 PM',
      'Subject: Referral',
      `To: ${headers.to}`,
      ...(headers.cc ? [`Cc: ${headers.cc}`] : []),
      '',
      'I passed your name to the hiring team.',
      '',
    ].join('\n'),
  });
}

const eligibility = (contacts: PlannedContact[]) =>
  Object.fromEntries(contacts.map((c) => [c.address, c.thanksEligible]));

describe('who may earn a thank-you (SPEC 2.4, 2.7)', () => {
  it('on a forwarded email, the original sender only, not its To and Cc', async () => {
    const p = await plan(
      gmailForward({
        from: 'Rita Referrer <rita@acme.example>',
        to: 'Me <me@example.com>, Omar <omar@acme.example>',
        cc: 'Hiring Team <hiring.team@acme.example>',
      }),
    );
    expect(p.interaction.direction).toBe('inbound');
    expect(eligibility(p.contacts)).toEqual({
      'rita@acme.example': true,
      'omar@acme.example': false,
      'hiring.team@acme.example': false,
    });
  });

  it('on a BCC’d email, every recipient (a prompt for them needs +thanks)', async () => {
    const p = await plan(mail({ to: 'ana@x.example, log@in.tend.localhost', cc: 'bo@x.example' }));
    expect(eligibility(p.contacts)).toEqual({ 'ana@x.example': true, 'bo@x.example': true });
  });

  it('on a forward of the user’s own email, its recipients, as for a BCC', async () => {
    const p = await plan(
      gmailForward({ from: 'Me <me@example.com>', to: 'ana@x.example', cc: 'bo@x.example' }),
    );
    expect(p.interaction.direction).toBe('outbound');
    expect(eligibility(p.contacts)).toEqual({ 'ana@x.example': true, 'bo@x.example': true });
  });

  it('keeps the sender eligible when it also appears in the Cc', async () => {
    const p = await plan(
      gmailForward({
        from: 'rita@acme.example',
        to: 'me@example.com',
        cc: 'Rita R <rita@acme.example>',
      }),
    );
    expect(p.contacts).toEqual([
      {
        address: 'rita@acme.example',
        name: 'Rita R',
        thanksEligible: true,
        skipUnlessKnown: false,
      },
    ]);
  });
});

describe('an HTML-only forward (SPEC 2.4)', () => {
  /** Gmail's HTML of a forward with no text part: each address a mailto link. */
  const htmlOnly = (html: string) =>
    mail({ to: `log@${DOMAIN}`, subject: 'Fwd: Portfolio feedback', body: html }).replace(
      'Content-Type: text/plain',
      'Content-Type: text/html',
    );
  const link = (a: string) => `<a href="mailto:${a}">${a}</a>`;

  it('reads the people behind the mailto links, once each', async () => {
    const p = await plan(
      htmlOnly(
        [
          '<div dir="ltr">fyi<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">',
          '---------- Forwarded message ---------<br>',
          `From: <strong class="gmail_sendername">Lena Fischer</strong> <span>&lt;${link('lena@studio.example')}&gt;</span><br>`,
          'Date: Thu, Dec 10, 2026 at 3:12 PM<br>Subject: Portfolio feedback<br>',
          `To: Me &lt;${link('me@example.com')}&gt;<br>`,
          `Cc: Bo &lt;${link('bo@studio.example')}&gt;<br>`,
          '</div><br><div dir="ltr">Great work on the case study.</div></div></div>',
        ].join('\n'),
      ),
    );
    expect(p.interaction.direction).toBe('inbound');
    expect(p.contacts.map((c) => [c.address, c.name, c.thanksEligible])).toEqual([
      ['lena@studio.example', 'Lena Fischer', true],
      ['bo@studio.example', 'Bo', false],
    ]);
  });
});

describe('names learned from an email (SPEC 2.4)', () => {
  it('reads "Last, First" as "First Last" for BCC recipients', async () => {
    const p = await plan(
      mail({
        to: '"Smith, Dana" <dana@x.example>',
        cc: '"Acme, Inc." <billing.desk@acme.example>',
      }),
    );
    expect(p.contacts.map((c) => c.name)).toEqual(['Dana Smith', 'Acme, Inc.']);
  });

  it('reads "Last, First" in a forwarded From, To and Cc', async () => {
    const p = await plan(
      gmailForward({
        from: '"Haddad, Omar" <omar@globex.example>',
        to: '"Me" <me@example.com>, "Lopez, Ana" <ana@globex.example>',
        cc: '"King, Jr." <king@globex.example>',
      }),
    );
    expect(p.contacts.map((c) => [c.address, c.name])).toEqual([
      ['omar@globex.example', 'Omar Haddad'],
      ['ana@globex.example', 'Ana Lopez'],
      ['king@globex.example', 'King, Jr.'],
    ]);
  });
});

describe('role addresses (SPEC 2.4)', () => {
  const raw = mail({ to: 'noreply@acme.example, support@acme.example, dana@acme.example' });
  const skip = (contacts: PlannedContact[]) =>
    Object.fromEntries(contacts.map((c) => [c.address, c.skipUnlessKnown]));

  it('marks them on an untagged email, to be kept only if known', async () => {
    expect(skip((await plan(raw)).contacts)).toEqual({
      'noreply@acme.example': true,
      'support@acme.example': true,
      'dana@acme.example': false,
    });
  });

  it.each([
    ['a tag', { ...NO_HINTS, tags: ['recruiter'] }, false],
    ['only a cadence', { ...NO_HINTS, cadenceDays: 14 }, true],
    ['only +thanks', { ...NO_HINTS, thanks: 'force' as const }, true],
  ])('with %s, marks them %s', async (_label, hints, marked) => {
    expect((await plan(raw, hints)).contacts[0]?.skipUnlessKnown).toBe(marked);
  });

  const c = (address: string, skipUnlessKnown: boolean): PlannedContact => ({
    address,
    name: null,
    thanksEligible: true,
    skipUnlessKnown,
  });
  it.each([
    ['keeps people', [c('a@x', false)], [], ['a@x'], 0],
    ['drops unknown role addresses', [c('a@x', false), c('info@x', true)], [], ['a@x'], 1],
    [
      'keeps a known role address',
      [c('info@x', true), c('news@x', true)],
      ['info@x'],
      ['info@x'],
      1,
    ],
    ['can leave nothing', [c('info@x', true), c('news@x', true)], [], [], 2],
    ['keeps a known person too', [c('a@x', false)], ['a@x'], ['a@x'], 0],
  ])('after the read, %s', (_label, planned, known, kept, skipped) => {
    const result = keepKnownRoles(planned, (a) => known.includes(a));
    expect(result.contacts.map((k) => k.address)).toEqual(kept);
    expect(result.skippedRoles).toBe(skipped);
  });
});

describe('applyInteraction: the thank-you rule (SPEC 2.7)', () => {
  const at = '2026-11-24T15:00:00.000Z';
  const interaction = (direction: Direction): PlannedInteraction => ({
    at,
    direction,
    subject: 'Referral',
    snippet: '',
    messageId: '<m@x>',
    threadId: '<m@x>',
    tags: [],
  });
  it.each([
    ['the sender of a forward', 'inbound', true, null, true],
    ['someone copied on a forward', 'inbound', false, null, false],
    ['someone copied on a forward, with +thanks', 'inbound', false, 'force', false],
    ['the sender of a forward, with +thanks', 'inbound', true, 'force', true],
    ['the sender of a forward, with +nothanks', 'inbound', true, 'suppress', false],
    ['a BCC recipient', 'outbound', true, null, false],
    ['a BCC recipient, with +thanks', 'outbound', true, 'force', true],
  ] as const)('%s: prompt %s', (_label, direction, thanksEligible, thanks, prompted) => {
    const change = applyInteraction({
      existing: null,
      pending: null,
      mailbox: { address: 'c@x.example', name: null, thanksEligible, skipUnlessKnown: false },
      interaction: interaction(direction),
      hints: { ...NO_HINTS, thanks },
      user,
      now: new Date('2026-11-26T10:00:00Z'),
    });
    expect(change.createThanks !== null).toBe(prompted);
    if (prompted) expect(change.createThanks).toEqual({ dueAt: '2026-11-25T15:00:00.000Z' });
  });

  it('says whether the interaction reconnects, from the contact as it was', () => {
    const args = {
      pending: null,
      mailbox: { address: 'c@x.example', name: null, thanksEligible: true, skipUnlessKnown: false },
      interaction: interaction('outbound'),
      hints: NO_HINTS,
      user,
      now: new Date('2026-11-26T10:00:00Z'),
    };
    expect(applyInteraction({ ...args, existing: null }).reconnected).toBe(false);
    const old = newContact('c@x.example', '2026-10-01T00:00:00.000Z', 'email');
    expect(applyInteraction({ ...args, existing: old }).reconnected).toBe(true);
  });
});

describe('"reconnected this week" (SPEC 3)', () => {
  const at = '2026-11-26T09:30:00.000Z';
  it.each([
    ['a brand-new contact', null, 'outbound', false],
    ['a contact first seen 30 days earlier', '2026-10-27T09:30:00.000Z', 'outbound', true],
    ['a contact first seen exactly 7 days earlier', '2026-11-19T09:30:00.000Z', 'outbound', true],
    ['a contact first seen 6 days 23 h earlier', '2026-11-19T10:30:00.000Z', 'outbound', false],
    ['a contact first seen this week', '2026-11-24T00:00:00.000Z', 'outbound', false],
    [
      'a contact first seen after an email forwarded late',
      '2026-11-27T00:00:00.000Z',
      'outbound',
      false,
    ],
    ['an email from a contact known for months', '2026-06-01T00:00:00.000Z', 'inbound', false],
    ['a manual interaction with a long-known contact', '2026-06-01T00:00:00.000Z', 'manual', true],
  ] as const)('%s: %s', (_label, firstSeenAt, direction, reconnected) => {
    expect(countsAsReconnect(firstSeenAt ? { firstSeenAt } : null, { at, direction })).toBe(
      reconnected,
    );
  });
});
