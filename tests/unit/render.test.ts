import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  buildMime,
  digestItemExamples,
  encodeMailtoValue,
  escapeHtml,
  mailtoUri,
  InvalidMessageError,
  renderConfirmation,
  renderDigest,
  renderHelp,
  renderThanksPrompt,
  type ConfirmationView,
  type DigestItemView,
  type DigestView,
  type OutgoingMessage,
  type RediscoverItemView,
  type ThanksPromptView,
} from '../../shared/domain/render';
import { timeSince } from '../../shared/domain/render/format';
import {
  LONG_ADDRESS,
  sampleConfirmation,
  sampleDigest,
  sampleHelp,
  sampleThanks,
} from '../../scripts/preview-samples';
import { htmlDraftLinks, parseMailto, textDraftLinks } from '../support/mailto-links';

/** A payload per field, so a failure names the field that leaked. */
const hostile = (field: string): string =>
  `<script>alert('${field}')</script>"><img src=x onerror=alert(1)> & '${field}'`;

/** Raw markup that must never reach an HTML part built from hostile data. */
function expectNoInjectedMarkup(html: string): void {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/href="javascript:/i);
}

const NOW = '2025-12-08T07:00:00.000Z';

function item(overrides: Partial<DigestItemView> & { n: number }): DigestItemView {
  return {
    name: `Person ${overrides.n}`,
    email: `p${overrides.n}@example.com`,
    linkedinUrl: null,
    lastInteractionAt: '2025-09-01T10:00:00.000Z',
    lastSubject: null,
    tags: [],
    latestNote: null,
    ...overrides,
  };
}

function suggestion(overrides: Partial<RediscoverItemView> & { n: number }): RediscoverItemView {
  return {
    name: `Connection ${overrides.n}`,
    email: `c${overrides.n}@example.com`,
    linkedinUrl: null,
    connectedAt: '2021-05-04T09:00:00.000Z',
    tags: [],
    latestNote: null,
    ...overrides,
  };
}

function digest(overrides: Partial<DigestView> = {}): DigestView {
  return {
    timezone: 'Europe/Madrid',
    now: NOW,
    items: [item({ n: 1 })],
    rediscover: [],
    pendingThanks: [],
    stats: { loggedThisWeek: 0, reconnectedThisWeek: 0, due: 1 },
    ...overrides,
  };
}

function thanks(
  interaction: Partial<ThanksPromptView['interaction']> = {},
  name: string | null = 'Ana Lopez',
): ThanksPromptView {
  return {
    timezone: 'Europe/Madrid',
    now: NOW,
    contact: { email: 'ana@example.com', name },
    interaction: {
      subject: null,
      at: '2025-12-07T17:05:00.000Z',
      snippet: 'Great to meet you.',
      direction: 'inbound',
      ...interaction,
    },
  };
}

describe('escapeHtml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['"><img src=x onerror=alert(1)>', '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'],
    ["' onmouseover='x", '&#39; onmouseover=&#39;x'],
    ['Tom & Jerry', 'Tom &amp; Jerry'],
    ['&amp;', '&amp;amp;'],
    ['Zoë Ødegaard', 'Zoë Ødegaard'],
    ['', ''],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('escaping of user data', () => {
  it('escapes every digest field in the HTML and keeps it verbatim in the text', () => {
    const fields = {
      name: hostile('name'),
      email: hostile('email'),
      lastSubject: hostile('subject'),
      tag: hostile('tag'),
      latestNote: hostile('note'),
      linkedinUrl: `https://www.linkedin.com/in/x"><script>alert('url')</script>`,
      thanksName: hostile('thanks-name'),
      thanksEmail: hostile('thanks-email'),
      thanksSubject: hostile('thanks-subject'),
    };
    const view = digest({
      items: [
        item({
          n: 1,
          name: fields.name,
          email: fields.email,
          lastSubject: fields.lastSubject,
          tags: [fields.tag],
          latestNote: fields.latestNote,
        }),
        item({ n: 2, email: null, linkedinUrl: fields.linkedinUrl }),
      ],
      pendingThanks: [
        {
          name: fields.thanksName,
          email: fields.thanksEmail,
          subject: fields.thanksSubject,
          at: NOW,
        },
      ],
    });

    const out = renderDigest(view);

    expectNoInjectedMarkup(out.html);
    for (const value of Object.values(fields)) {
      expect(out.html).toContain(escapeHtml(value));
      expect(out.text).toContain(value);
    }
  });

  it('does not turn a javascript: profile URL into a link', () => {
    const out = renderDigest(
      digest({ items: [item({ n: 1, email: null, linkedinUrl: 'javascript:alert(1)' })] }),
    );

    expect(out.html).not.toContain('<a href="javascript:');
    expect(out.html).toContain('LinkedIn: javascript:alert(1)');
  });

  it('escapes every thank-you prompt field in the HTML and keeps it verbatim in the text', () => {
    const view: ThanksPromptView = {
      ...thanks({ subject: hostile('subject'), snippet: hostile('snippet') }, hostile('name')),
      contact: { email: hostile('email'), name: hostile('name') },
    };

    const out = renderThanksPrompt(view);

    expectNoInjectedMarkup(out.html);
    for (const value of [
      hostile('subject'),
      hostile('snippet'),
      hostile('name'),
      hostile('email'),
    ]) {
      expect(out.html).toContain(escapeHtml(value));
      expect(out.text).toContain(value);
    }
  });

  it('escapes confirmation inputs, messages and help rows', () => {
    const out = renderConfirmation({
      lines: [
        { input: hostile('input-ok'), ok: true, message: hostile('message-ok') },
        { input: hostile('input-bad'), ok: false, message: hostile('message-bad') },
      ],
      help: [{ command: hostile('command'), effect: hostile('effect') }],
    });

    expectNoInjectedMarkup(out.html);
    for (const field of [
      'input-ok',
      'message-ok',
      'input-bad',
      'message-bad',
      'command',
      'effect',
    ]) {
      expect(out.html).toContain(escapeHtml(hostile(field)));
      expect(out.text).toContain(hostile(field));
    }
  });

  it('escapes the subject where it becomes the HTML title', () => {
    const out = renderThanksPrompt(thanks({}, '</title><script>x</script>'));

    expect(out.subject).toContain('</title><script>x</script>');
    expect(out.html).toContain(
      '<title>Send &lt;/title&gt;&lt;script&gt;x&lt;/script&gt; a thank-you?</title>',
    );
  });
});

describe('renderDigest', () => {
  it('numbers the items as given, in order, with their details', () => {
    const out = renderDigest(sampleDigest);

    expect(out.subject).toBe('Tend: 4 people to reconnect with');
    const positions = sampleDigest.items.map((i) => out.text.indexOf(`${i.n}. ${i.name ?? ''}`));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(out.text).toContain(
      '   ana.lopez@example.com\n   Last contact 5 months ago (Wed 2 Jul)\n   Subject: Re: Coffee next week?',
    );
    expect(out.text).toContain('   Tags: investor, paris');
    expect(out.text).toContain(
      '   Note: Met at the Madrid product meetup; ask how the move to Lisbon went.',
    );
    expect(out.text).toContain(
      '5. Kenji Watanabe\n   kenji.watanabe@example.jp\n   Connected on LinkedIn 6 years ago (Tue 12 Mar 2019); no contact logged yet',
    );
    expect(out.html).toContain('Last contact 1 year ago (Wed 20 Nov 2024)');
    expect(out.html).toContain('Q3 plans &lt;b&gt;draft&lt;/b&gt; &amp; next steps');
  });

  it('shows the LinkedIn profile link for a contact without an address', () => {
    const out = renderDigest(sampleDigest);
    const url = 'https://www.linkedin.com/in/zoe-odegaard-nakamura-3b41a7';

    expect(out.html).toContain(`<a href="${url}"`);
    expect(out.text).toContain(`2. Zoë Ødegaard-Nakamura\n   LinkedIn: ${url}`);
  });

  it('lists pending thank-yous after the items', () => {
    const out = renderDigest(sampleDigest);

    expect(out.text).toContain(
      '- Priya Raman <priya@raman.example.org> - “Intro: Priya <> you”, Fri 5 Dec',
    );
    expect(out.text).toContain('- dan@startup.example - “Thanks for the referral!”, Thu 4 Dec');
    expect(out.text.indexOf('Thank-yous still to send')).toBeGreaterThan(
      out.text.indexOf('6. Rita'),
    );
  });

  it.each([
    [
      { loggedThisWeek: 6, reconnectedThisWeek: 2, due: 9 },
      5,
      'This week: 6 interactions logged, 2 people reconnected, 9 due (the 5 most overdue are above).',
    ],
    [
      { loggedThisWeek: 1, reconnectedThisWeek: 1, due: 1 },
      1,
      'This week: 1 interaction logged, 1 person reconnected, 1 due.',
    ],
    [
      { loggedThisWeek: 0, reconnectedThisWeek: 0, due: 0 },
      0,
      'This week: 0 interactions logged, 0 people reconnected, 0 due.',
    ],
  ])('writes one stats line for %j', (stats, items, line) => {
    const view = digest({
      items: Array.from({ length: items }, (_, i) => item({ n: i + 1 })),
      pendingThanks: [{ name: 'Priya', email: 'p@example.com', subject: null, at: NOW }],
      stats,
    });

    const out = renderDigest(view);

    expect(out.text).toContain(line);
    expect(out.html).toContain(escapeHtml(line));
  });

  it.each([
    [1, 0, 'Tend: 1 person to reconnect with'],
    [3, 2, 'Tend: 3 people to reconnect with'],
    [0, 1, 'Tend: 1 thank-you to send'],
    [0, 2, 'Tend: 2 thank-yous to send'],
  ])('with %i items and %i thank-yous, the subject is %j', (items, thanksCount, subject) => {
    const view = digest({
      items: Array.from({ length: items }, (_, i) => item({ n: i + 1 })),
      pendingThanks: Array.from({ length: thanksCount }, (_, i) => ({
        name: null,
        email: `t${i}@example.com`,
        subject: null,
        at: NOW,
      })),
    });

    expect(renderDigest(view).subject).toBe(subject);
  });

  it('explains numbered replies and user commands in the footer', () => {
    const out = renderDigest(sampleDigest);

    for (const command of [
      '2 snooze 1 month',
      '3 done',
      '1 note met at the meetup',
      '5 mute',
      'digest off',
      'pause 2w',
      'unsubscribe',
      'help',
    ]) {
      expect(out.text).toContain(`  ${command}\n`);
      expect(out.html).toContain(`>${command}</code>`);
    }
  });

  it('builds a self-contained, image-free, 600 px column', () => {
    const { html } = renderDigest(sampleDigest);

    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('max-width:600px');
    expect(html).toContain('overflow-wrap:anywhere');
    expect(html).not.toMatch(/<img|<link|<script|<style/i);
  });
});

describe('rediscover suggestions in the digest (SPEC 3)', () => {
  it('numbers them after the due items, under their own heading', () => {
    const out = renderDigest(sampleDigest);

    const order = ['4. Siobhán', '\nRediscover\n', '5. Kenji Watanabe', '6. Rita Oyelaran-Björk'];
    const at = order.map((line) => out.text.indexOf(line));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(out.html).toContain('>Rediscover</h2>');
    expect(out.text).toContain(
      '6. Rita Oyelaran-Björk\n   LinkedIn: https://www.linkedin.com/in/rita-oyelaran-bjork\n   Connected on LinkedIn 2 years ago (Thu 1 Jun 2023); no contact logged yet',
    );
  });

  it('says nothing about a connection date the import did not have', () => {
    const out = renderDigest(digest({ rediscover: [suggestion({ n: 2, connectedAt: null })] }));

    expect(out.text).toContain('2. Connection 2\n   c2@example.com\n   No contact logged yet');
  });

  it('names the suggestions in the subject when nothing else is in the digest', () => {
    const view = digest({ items: [], rediscover: [suggestion({ n: 1 }), suggestion({ n: 2 })] });

    expect(renderDigest(view).subject).toBe('Tend: 2 people to rediscover');
  });
});

describe('the digest’s command examples use its real item numbers (SPEC 3)', () => {
  const items = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => item({ n: from + i }));
  const suggestions = (from: number, count: number) =>
    Array.from({ length: count }, (_, i) => suggestion({ n: from + i }));

  it.each<[string, string[], Partial<DigestView>]>([
    [
      'one item',
      ['1 snooze 1 month', '1 done', '1 note met at the meetup'],
      { items: items(1, 1) },
    ],
    [
      'two items',
      ['2 snooze 1 month', '1 done', '1 note met at the meetup'],
      { items: items(1, 2) },
    ],
    [
      'seven items',
      ['2 snooze 1 month', '3 done', '1 note met at the meetup'],
      { items: items(1, 7) },
    ],
    [
      'two items and two suggestions',
      ['2 snooze 1 month', '3 done', '1 note met at the meetup', '3 mute'],
      { items: items(1, 2), rediscover: suggestions(3, 2) },
    ],
    [
      'only a suggestion',
      ['1 snooze 1 month', '1 done', '1 note met at the meetup', '1 mute'],
      { items: [], rediscover: suggestions(1, 1) },
    ],
  ])('with %s: %j', (_label, commands, overrides) => {
    const view = digest({
      pendingThanks: [{ name: null, email: 't@example.com', subject: null, at: NOW }],
      ...overrides,
    });

    const out = renderDigest(view);

    expect(digestItemExamples(view).map((e) => e.command)).toEqual(commands);
    const numbers = new Set([...view.items, ...view.rediscover].map((i) => i.n));
    const footer = out.text.slice(out.text.indexOf('Start with the item number'));
    const mentioned = [...footer.matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));
    expect(mentioned.length).toBeGreaterThan(0);
    expect(mentioned.every((n) => numbers.has(n))).toBe(true);
    for (const command of commands) {
      expect(out.text).toContain(`  ${command}\n`);
      expect(out.html).toContain(`>${command}</code>`);
    }
    expect(out.text).toContain(`e.g. "${Math.min(...numbers)} done"`);
  });

  it('gives no item examples when it has no items, only thank-yous', () => {
    const out = renderDigest(
      digest({
        items: [],
        pendingThanks: [{ name: 'Priya', email: 'p@example.com', subject: null, at: NOW }],
        stats: { loggedThisWeek: 1, reconnectedThisWeek: 0, due: 0 },
      }),
    );

    expect(out.text).not.toMatch(/^\s+\d+ (done|snooze|note|mute)/m);
    expect(out.html).not.toMatch(/>\d+ (done|snooze|note|mute)[^<]*<\/code>/);
    expect(out.text).not.toContain('item number');
    expect(out.text).not.toContain('Reply with a number');
    expect(out.text).toContain('Reply with one command per line:\n\n  digest off');
    expect(out.html).toContain('>digest off</code>');
  });
});

describe('encodeMailtoValue (RFC 6068)', () => {
  it.each([
    ['a space', 'Catching up', 'Catching%20up'],
    ['the field delimiters', 'Q&A = fun?', 'Q%26A%20%3D%20fun%3F'],
    ['a fragment and a percent sign', '#1 at 100%', '%231%20at%20100%25'],
    ['a plus sign (never read as a space)', 'C++ + Rust', 'C%2B%2B%20%2B%20Rust'],
    ['LF line breaks, as CRLF', 'Hi Ana,\n\nThanks', 'Hi%20Ana%2C%0D%0A%0D%0AThanks'],
    ['CRLF and CR line breaks', 'a\r\nb\rc', 'a%0D%0Ab%0D%0Ac'],
    ['accents, as UTF-8', 'Café López', 'Caf%C3%A9%20L%C3%B3pez'],
    ['an emoji, as UTF-8', 'Thanks 🎉', 'Thanks%20%F0%9F%8E%89'],
    ['a lone surrogate (a cut emoji)', 'Thanks \uD83C', 'Thanks%20%EF%BF%BD'],
    ['quotes and angle brackets', `"Ana" <a@x> 'hi'`, '%22Ana%22%20%3Ca%40x%3E%20%27hi%27'],
    ['what ends a link in plain text', 'Park (Acme)! *new*', 'Park%20%28Acme%29%21%20%2Anew%2A'],
  ])('encodes %s', (_label, input, expected) => {
    expect(encodeMailtoValue(input)).toBe(expected);
  });

  it.each([
    'Q&A = fun? #1 at 100% + more',
    'Re: Zoë’s intro <> Ben — café ☕ 🎉',
    'Hi Ana,\r\n\r\nThank you for the intro.\r\n\r\n',
  ])('decodes back to %j', (value) => {
    expect(decodeURIComponent(encodeMailtoValue(value))).toBe(value);
  });
});

describe('mailtoUri', () => {
  it('puts the address, then the subject and body as header fields', () => {
    const uri = mailtoUri({ to: 'rita@example.com', subject: 'Re: Q&A', body: 'Hi Rita,\n' });

    expect(uri).toBe('mailto:rita@example.com?subject=Re%3A%20Q%26A&body=Hi%20Rita%2C%0D%0A');
    expect(parseMailto(uri)).toEqual({
      to: 'rita@example.com',
      subject: 'Re: Q&A',
      body: 'Hi Rita,\r\n',
    });
  });

  it('encodes an address whose local part holds ? % # &', () => {
    const uri = mailtoUri({ to: 'a?b%c#d&e@example.com', subject: 'x', body: '' });

    expect(uri).toBe('mailto:a%3Fb%25c%23d%26e@example.com?subject=x');
    expect(parseMailto(uri).to).toBe('a?b%c#d&e@example.com');
  });
});

describe('"Write to …" draft links', () => {
  it('opens the thank-you as a reply to the subject, the greeting, then "Thank you for …"', () => {
    const out = renderThanksPrompt(sampleThanks);

    const [link, ...more] = htmlDraftLinks(out.html);
    expect(more).toEqual([]);
    expect(link).toMatchObject({
      label: 'Write to Ana',
      to: 'ana.lopez@example.com',
      subject: 'Re: Intro: Ana López <> Ben Park (Acme)',
      body: 'Hi Ana,\r\n\r\nThank you for the intro to Ben Park (Acme). I really appreciate you connecting us.\r\n\r\n',
    });
    expect(link?.uri).toContain('subject=Re%3A%20Intro%3A%20Ana%20L%C3%B3pez%20%3C%3E%20Ben');
    expect(link?.uri).not.toMatch(/[ +]/);
    expect(out.html).toContain(`href="${escapeHtml(link?.uri ?? '')}"`);
    expect(textDraftLinks(out.text)).toEqual([link]);
  });

  it.each<[string | null, string]>([
    ['Re: Coffee on Tuesday?', 'Re: Coffee on Tuesday?'],
    ['Fwd: Q&A = fun? #1 at 100% + more', 'Re: Q&A = fun? #1 at 100% + more'],
    [null, 'Thank you'],
  ])('gives a thank-you for subject %j the draft subject %j', (subject, draftSubject) => {
    const out = renderThanksPrompt(thanks({ subject }));

    const [link] = htmlDraftLinks(out.html);
    expect(link?.subject).toBe(draftSubject);
    expect(link?.body).toMatch(/^Hi Ana,\r\n\r\nThank(s| you)/);
    expect(textDraftLinks(out.text)[0]?.subject).toBe(draftSubject);
  });

  it('offers a reconnect line for each due item, a hello for each suggestion and wishes for each date with an address', () => {
    const out = renderDigest(sampleDigest);

    const links = htmlDraftLinks(out.html);
    expect(links.map((l) => [l.label, l.to])).toEqual([
      ['Write to Ana', 'ana.lopez@example.com'],
      ['Write to François', LONG_ADDRESS],
      ['Write to Siobhán', 'siobhan@oconnor.example.ie'],
      ['Write to Kenji', 'kenji.watanabe@example.jp'],
      ['Write to Marta', 'marta@jimenez.example.es'],
      ['Write to Tomás', 'tomas.herrera@example.com'],
    ]);
    expect(links[4]).toMatchObject({
      subject: 'Happy birthday!',
      body: 'Hi Marta,\r\n\r\nHappy birthday! I hope it is a great day. How are things with you?\r\n\r\n',
    });
    expect(links[0]).toMatchObject({
      subject: 'Catching up',
      body: 'Hi Ana,\r\n\r\nIt has been a while since we last talked. How are things with you?\r\n\r\n',
    });
    expect(links[3]?.body).toBe(
      'Hi Kenji,\r\n\r\nWe connected on LinkedIn back in 2019, and I realised we have never really talked. Would you be up for a quick call in the next few weeks?\r\n\r\n',
    );
    expect(textDraftLinks(out.text)).toEqual(links);
  });

  it('gives no draft link to a LinkedIn-only contact', () => {
    const out = renderDigest(sampleDigest);

    expect(out.text).not.toContain('Write to Zoë');
    expect(out.text).not.toContain('Write to Rita');
    expect(out.html).not.toMatch(/mailto:linkedin/);
  });

  it('names a contact without a name by its address', () => {
    const out = renderDigest(digest({ items: [item({ n: 1, name: null, email: 'x@y.org' })] }));

    expect(htmlDraftLinks(out.html)[0]).toMatchObject({ label: 'Write to x@y.org', to: 'x@y.org' });
    expect(htmlDraftLinks(out.html)[0]?.body).toMatch(/^Hi,\r\n/);
  });
});

describe('names written "Last, First" (kept by earlier versions from Outlook)', () => {
  it('shows digest items and pending thank-yous as "First Last"', () => {
    const out = renderDigest(
      digest({
        items: [item({ n: 1, name: 'Smith, Dana', email: 'dana@example.com' })],
        rediscover: [suggestion({ n: 2, name: 'Haddad, Omar' })],
        pendingThanks: [{ name: 'Lopez, Ana', email: 'ana@example.com', subject: null, at: NOW }],
      }),
    );

    expect(out.text).toContain('1. Dana Smith\n');
    expect(out.text).toContain('2. Omar Haddad\n');
    expect(out.text).toContain('- Ana Lopez <ana@example.com>');
    expect(out.html).toContain('<strong>Ana Lopez</strong');
    expect(htmlDraftLinks(out.html).map((l) => l.label)).toEqual([
      'Write to Dana',
      'Write to Omar',
    ]);
    expect(out.text).not.toMatch(/Smith,|Haddad,|Lopez,/);
  });

  it('greets the contact of a thank-you prompt by the first name', () => {
    const out = renderThanksPrompt(thanks({ subject: 'Advice on the offer' }, 'Smith, Dana'));

    expect(out.subject).toBe('Thank Dana Smith for the advice?');
    expect(out.text).toContain('Hi Dana, thank you for the advice.');
    expect(out.text).not.toContain('Smith,');
  });

  it('keeps an organisation as written', () => {
    const out = renderDigest(digest({ items: [item({ n: 1, name: 'Acme, Inc.' })] }));

    expect(out.text).toContain('1. Acme, Inc.\n');
  });
});

describe('timeSince', () => {
  it.each([
    ['2025-12-08T06:00:00.000Z', 'today'],
    ['2025-12-07T10:00:00.000Z', 'yesterday'],
    ['2025-12-01T10:00:00.000Z', '7 days ago'],
    ['2025-11-17T10:00:00.000Z', '3 weeks ago'],
    ['2025-09-01T10:00:00.000Z', '3 months ago'],
    ['2024-12-01T10:00:00.000Z', '1 year ago'],
    ['2022-01-01T10:00:00.000Z', '3 years ago'],
  ])('counts %s as %j before Monday 8 December', (at, expected) => {
    expect(timeSince(at, NOW, 'Europe/Madrid')).toBe(expected);
  });

  it('counts calendar days in the user zone, not UTC', () => {
    // 23:30 UTC on the 7th is already the 8th in Madrid, the same day as now.
    expect(timeSince('2025-12-07T23:30:00.000Z', NOW, 'Europe/Madrid')).toBe('today');
    expect(timeSince('2025-12-07T23:30:00.000Z', NOW, 'UTC')).toBe('yesterday');
  });
});

describe('renderThanksPrompt', () => {
  it('names the contact and shows what happened, in the user zone', () => {
    const out = renderThanksPrompt(sampleThanks);

    expect(out.subject).toBe('Thank Ana López for the intro?');
    expect(out.text).toContain('Ana López (ana.lopez@example.com) emailed you yesterday.');
    expect(out.text).toContain('Subject: Intro: Ana López <> Ben Park (Acme)');
    expect(out.text).toContain('When: Sun 7 Dec, 18:05');
    expect(out.text).toContain('> Ben, meet Ana:');
    expect(out.text).toContain(
      'Hi Ana, thank you for the intro to Ben Park (Acme). I really appreciate you connecting us.',
    );
  });

  it('shows the time in whatever zone the user lives in', () => {
    const out = renderThanksPrompt({ ...sampleThanks, timezone: 'America/New_York' });

    expect(out.text).toContain('When: Sun 7 Dec, 12:05');
  });

  it.each<
    [string | null, ThanksPromptView['interaction']['direction'], string | null, string, string]
  >([
    [
      'Intro: Ana Lopez <> Ben Park',
      'inbound',
      'Ana Lopez',
      'Thank Ana Lopez for the intro?',
      'Hi Ana, thank you for the intro to Ben Park. I really',
    ],
    [
      'Introduction to Ben Park',
      'inbound',
      'Ana Lopez',
      'Thank Ana Lopez for the intro?',
      'Hi Ana, thank you for the intro to Ben Park.',
    ],
    [
      'Re: intro request',
      'inbound',
      'Ana Lopez',
      'Thank Ana Lopez for the intro?',
      'Hi Ana, thank you for the intro. I really',
    ],
    [
      'Re: Coffee on Tuesday?',
      'outbound',
      'Ana Lopez',
      'Thank Ana Lopez for the coffee?',
      'Hi Ana, thank you for the coffee. It was great to catch up.',
    ],
    ['Lunch', 'manual', 'Ana Lopez', 'Thank Ana Lopez for lunch?', 'Hi Ana, thank you for lunch.'],
    [
      'Quick call about hiring',
      'outbound',
      'Ana Lopez',
      'Thank Ana Lopez for taking the time to talk?',
      'Hi Ana, thank you for taking the time to talk.',
    ],
    [
      'Referral for the PM role',
      'inbound',
      'Ana Lopez',
      'Thank Ana Lopez for the referral?',
      'Hi Ana, thank you for the referral.',
    ],
    [
      'Feedback on my deck',
      'inbound',
      'Ana Lopez',
      'Thank Ana Lopez for the feedback?',
      'Hi Ana, thank you for the feedback.',
    ],
    [
      'Q3 plans',
      'inbound',
      'Ana Lopez',
      'Send Ana Lopez a thank-you?',
      'Hi Ana, thank you for your note about “Q3 plans”.',
    ],
    [
      'Q3 plans',
      'outbound',
      'Ana Lopez',
      'Send Ana Lopez a thank-you?',
      'Hi Ana, thanks again for your time on “Q3 plans”.',
    ],
    [
      null,
      'manual',
      'Ana Lopez',
      'Send Ana Lopez a thank-you?',
      'Hi Ana, thank you for taking the time to meet.',
    ],
    [
      null,
      'inbound',
      null,
      'Send ana@example.com a thank-you?',
      'Hi there, thank you for getting in touch.',
    ],
  ])(
    'for subject %j (%s, name %j) asks %j and suggests %j',
    (subject, direction, name, expectedSubject, line) => {
      const out = renderThanksPrompt(thanks({ subject, direction }, name));

      expect(out.subject).toBe(expectedSubject);
      expect(out.text).toContain(line);
      expect(out.html).toContain(escapeHtml(line));
    },
  );

  it('lists the commands it accepts in the footer', () => {
    const out = renderThanksPrompt(sampleThanks);

    for (const command of ['done', 'snooze 2w', 'skip', 'mute', 'note …', 'forget', 'help']) {
      expect(out.text).toContain(`  ${command}\n`);
      expect(out.html).toContain(`>${command}</code>`);
    }
  });
});

describe('renderConfirmation', () => {
  it('lists what each command did and each line not understood, with the help table', () => {
    const out = renderConfirmation(sampleConfirmation);

    expect(out.subject).toBe('Tend: 2 done, 1 not understood');
    expect(out.text).toContain(
      '✓ Done: 2 snooze 1 month\n    Snoozed Zoë Ødegaard-Nakamura until Thu 8 Jan',
    );
    expect(out.text).toContain(
      '✗ Not understood: 9 done\n    There is no item 9 in that digest (it had 5).',
    );
    expect(out.html).toContain('Snoozed Zoë Ødegaard-Nakamura until Thu 8 Jan');
    expect(out.html).toContain('✗ Not understood');
    expect(out.text).toContain('  snooze [DURATION or DATE]\n      snooze 2w');
    expect(out.html).toContain('>snooze [DURATION or DATE]</code>');
  });

  it('leaves the help table out when it is not given', () => {
    const view: ConfirmationView = {
      lines: [{ input: 'done', ok: true, message: 'Marked Ana Lopez done' }],
      help: null,
    };

    const out = renderConfirmation(view);

    expect(out.text).not.toContain('snooze [DURATION or DATE]');
    expect(out.html).not.toContain('snooze [DURATION or DATE]');
    expect(out.text).not.toContain('\nCommands\n');
  });

  it.each<[ConfirmationView['lines'], string]>([
    [
      [
        { input: 'done', ok: true, message: 'x' },
        { input: 'tag mentor', ok: true, message: 'y' },
      ],
      'Tend: done (2 commands)',
    ],
    [[{ input: 'done', ok: true, message: 'x' }], 'Tend: done (1 command)'],
    [
      [{ input: 'frobnicate', ok: false, message: 'unknown command' }],
      'Tend: 1 line not understood',
    ],
    [[], 'Tend: no commands found'],
  ])('with lines %j the subject is %j', (lines, subject) => {
    expect(renderConfirmation({ lines, help: null }).subject).toBe(subject);
  });
});

describe('renderHelp', () => {
  it('answers help with the table alone', () => {
    const out = renderHelp(sampleHelp);

    expect(out.subject).toBe('Tend: commands');
    for (const row of sampleHelp) {
      expect(out.text).toContain(`  ${row.command}\n      ${row.effect}`);
      expect(out.html).toContain(escapeHtml(row.command));
      expect(out.html).toContain(escapeHtml(row.effect));
    }
  });
});

describe('buildMime', () => {
  const digestEmail = renderDigest(sampleDigest);
  const message: OutgoingMessage = {
    from: 'Tend <tend@tend.example>',
    to: 'user@example.com',
    replyTo: 'reply+abc.def@tend.example',
    listUnsubscribe: 'mailto:unsubscribe+abc.def@tend.example?subject=unsubscribe',
    subject: digestEmail.subject,
    text: digestEmail.text,
    html: digestEmail.html,
    messageId: '<digest-1@tend.example>',
    date: new Date('2025-12-08T07:00:00.000Z'),
  };

  it('builds multipart/alternative text and HTML that parse back unchanged', async () => {
    const raw = await buildMime(message);
    const parsed = await simpleParser(raw);

    expect(raw.toString()).toMatch(/Content-Type: multipart\/alternative/);
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.text?.trim()).toBe(message.text.trim());
    expect(parsed.html).toBe(message.html);
    expect(parsed.messageId).toBe('<digest-1@tend.example>');
    expect(parsed.date?.toISOString()).toBe('2025-12-08T07:00:00.000Z');
  });

  it('sets Reply-To, Auto-Submitted, X-Auto-Response-Suppress and a mailto List-Unsubscribe', async () => {
    const parsed = await simpleParser(await buildMime(message));
    // Unfold (RFC 5322 2.2.3): a long header may be continued on the next line.
    const line = (key: string): string | undefined =>
      parsed.headerLines.find((h) => h.key === key)?.line.replace(/\r\n(?=[ \t])/g, '');

    expect(parsed.replyTo?.value[0]?.address).toBe('reply+abc.def@tend.example');
    expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.value[0]?.address : undefined).toBe(
      'user@example.com',
    );
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(parsed.headers.get('x-auto-response-suppress')).toBe('All');
    expect(line('list-unsubscribe')).toBe(
      'List-Unsubscribe: <mailto:unsubscribe+abc.def@tend.example?subject=unsubscribe>',
    );
    expect(line('list-unsubscribe-post')).toBeUndefined();
  });

  it('accepts a List-Unsubscribe already in angle brackets', async () => {
    const parsed = await simpleParser(
      await buildMime({ ...message, listUnsubscribe: '<mailto:u@tend.example>' }),
    );

    expect(parsed.headerLines.find((h) => h.key === 'list-unsubscribe')?.line).toBe(
      'List-Unsubscribe: <mailto:u@tend.example>',
    );
  });

  it('keeps extra headers but never lets them override the required ones', async () => {
    const parsed = await simpleParser(
      await buildMime({ ...message, headers: { 'X-Tend-Kind': 'digest', 'auto-submitted': 'no' } }),
    );

    expect(parsed.headers.get('x-tend-kind')).toBe('digest');
    expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('does not let a line break in the subject inject a header', async () => {
    const parsed = await simpleParser(
      await buildMime({ ...message, subject: 'Hi\r\nBcc: evil@example.com' }),
    );

    expect(parsed.bcc).toBeUndefined();
    expect(parsed.headerLines.some((h) => h.key === 'bcc')).toBe(false);
  });

  it.each([
    'https://tend.example/unsubscribe',
    'unsubscribe@tend.example',
    'mailto:a b@tend.example',
  ])('refuses %j as List-Unsubscribe', async (listUnsubscribe) => {
    await expect(buildMime({ ...message, listUnsubscribe })).rejects.toBeInstanceOf(
      InvalidMessageError,
    );
  });
});
