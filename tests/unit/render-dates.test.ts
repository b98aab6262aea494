import { describe, expect, it } from 'vitest';
import {
  digestItemExamples,
  renderDigest,
  type DigestView,
  type UpcomingDateView,
} from '../../shared/domain/render';
import { textDraftLinks } from '../support/mailto-links';

const NOW = '2026-12-21T13:05:00.000Z';

function date(o: Partial<UpcomingDateView> & { n: number }): UpcomingDateView {
  return {
    name: 'Omar Haddad',
    email: 'omar@globex.example',
    kind: 'birthday',
    on: '2026-12-31',
    inDays: 10,
    years: null,
    ...o,
  };
}

function digest(o: Partial<DigestView> = {}): DigestView {
  return {
    timezone: 'America/New_York',
    now: NOW,
    items: [],
    rediscover: [],
    pendingThanks: [],
    stats: { loggedThisWeek: 0, reconnectedThisWeek: 0, due: 0 },
    ...o,
  };
}

describe('the digest dates section (SPEC 9)', () => {
  it.each<[Partial<UpcomingDateView>, string]>([
    [{ inDays: 0, on: '2026-12-21' }, 'Birthday today'],
    [{ inDays: 1, on: '2026-12-22' }, 'Birthday tomorrow'],
    [{ years: 41 }, 'Birthday on Thu 31 Dec (turns 41)'],
    [
      { kind: 'anniversary', on: '2027-01-02', inDays: 12, years: 12 },
      'Anniversary on Sat 2 Jan (12 years)',
    ],
    [
      { kind: 'anniversary', on: '2027-01-02', inDays: 12, years: 1 },
      'Anniversary on Sat 2 Jan (1 year)',
    ],
  ])('says %j as %j', (o, line) => {
    const out = renderDigest(digest({ dates: [date({ n: 1, ...o })] }));
    expect(out.text).toContain(`1. Omar Haddad\n   ${line}\n`);
    expect(out.html).toContain(line);
  });

  it('makes a digest of its own: title, the hint and a numbered example use the date items', () => {
    const view = digest({ dates: [date({ n: 1 }), date({ n: 2, name: 'Dana Reyes' })] });
    const out = renderDigest(view);
    expect(out.subject).toBe('Tend: 2 dates coming up');
    expect(out.text).toContain('Reply with a number and a command, e.g. "1 done".');
    expect(digestItemExamples(view)).toEqual([
      { command: '1 done', effect: 'you wrote to #1 for the day (logged)' },
    ]);
  });

  it('comes after the due items, whose title it leaves alone', () => {
    const out = renderDigest(
      digest({
        items: [
          {
            n: 1,
            name: 'Ana',
            email: 'ana@x.example',
            linkedinUrl: null,
            lastInteractionAt: '2026-06-01T10:00:00.000Z',
            lastSubject: null,
            tags: [],
            latestNote: null,
          },
        ],
        dates: [date({ n: 2 })],
        stats: { loggedThisWeek: 0, reconnectedThisWeek: 0, due: 1 },
      }),
    );
    expect(out.subject).toBe('Tend: 1 person to reconnect with');
    expect(out.text.indexOf('Birthdays and anniversaries')).toBeGreaterThan(
      out.text.indexOf('1. Ana'),
    );
  });

  it('offers birthday wishes to write, and none without an address', () => {
    const out = renderDigest(
      digest({ dates: [date({ n: 1 }), date({ n: 2, name: 'Zoë', email: null })] }),
    );
    const links = textDraftLinks(out.text);
    expect(links.map((l) => [l.label, l.to, l.subject])).toEqual([
      ['Write to Omar', 'omar@globex.example', 'Happy birthday!'],
    ]);
  });

  it('escapes names in the HTML part', () => {
    const out = renderDigest(digest({ dates: [date({ n: 1, name: '<b>Omar</b> & co' })] }));
    expect(out.html).toContain('&lt;b&gt;Omar&lt;/b&gt; &amp; co');
    expect(out.html).not.toContain('<b>Omar</b>');
  });

  it('says when more dates fall in the two weeks than it lists', () => {
    expect(renderDigest(digest({ dates: [date({ n: 1 })], moreDates: true })).text).toContain(
      'More dates fall in these two weeks than fit here.',
    );
    expect(renderDigest(digest({ dates: [date({ n: 1 })] })).text).not.toContain('More dates');
  });
});
