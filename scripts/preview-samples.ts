/**
 * Realistic sample views for the email previews (scripts/preview.ts), the README
 * screenshot (scripts/screenshot-digest.ts) and the browser layout test. They cover the
 * awkward cases: accents, a LinkedIn-only contact, a 200-character address, a subject
 * with markup in it, a contact with no name, imported contacts suggested for rediscovery,
 * a birthday today and an anniversary in eleven days.
 */
import type { CloseLoopPromptView } from '../shared/domain/render/close-loop-prompt';
import type {
  ConfirmationView,
  DigestView,
  HelpTable,
  ThanksPromptView,
} from '../shared/domain/render';
import type { NewsChecklistView } from '../shared/domain/render/news';

/** Monday 08:00 in Madrid: the default digest time. */
export const SAMPLE_NOW = '2025-12-08T07:00:00.000Z';
export const SAMPLE_TIMEZONE = 'Europe/Madrid';

/** A legal but absurd address: 64-character local part, long subdomains (RFC 5321 limits). */
export const LONG_ADDRESS =
  'francois.dubois-muller.partnerships.and.strategic.alliances.emea@' +
  'mail.corporate-communications.international-holdings-group.subsidiary-operations-europe-middle-east-and-africa.regional-office.example.com';

export const sampleDigest: DigestView = {
  timezone: SAMPLE_TIMEZONE,
  now: SAMPLE_NOW,
  items: [
    {
      n: 1,
      name: 'Ana López',
      email: 'ana.lopez@example.com',
      linkedinUrl: null,
      lastInteractionAt: '2025-07-02T16:20:00.000Z',
      lastSubject: 'Re: Coffee next week?',
      tags: ['mentor'],
      latestNote: 'Met at the Madrid product meetup; ask how the move to Lisbon went.',
    },
    {
      n: 2,
      name: 'Zoë Ødegaard-Nakamura',
      email: null,
      linkedinUrl: 'https://www.linkedin.com/in/zoe-odegaard-nakamura-3b41a7',
      lastInteractionAt: '2025-08-14T09:00:00.000Z',
      lastSubject: null,
      tags: ['advisor', 'design'],
      latestNote: null,
    },
    {
      n: 3,
      name: 'François Dubois-Müller',
      email: LONG_ADDRESS,
      linkedinUrl: null,
      lastInteractionAt: '2025-09-10T11:45:00.000Z',
      lastSubject: 'Q3 plans <b>draft</b> & next steps',
      tags: ['investor', 'paris'],
      latestNote: 'Wants the deck "before Christmas".',
    },
    {
      n: 4,
      name: "Siobhán O'Connor",
      email: 'siobhan@oconnor.example.ie',
      linkedinUrl: null,
      lastInteractionAt: '2024-11-20T15:00:00.000Z',
      lastSubject: 'Intro: Siobhán <> Kenji',
      tags: [],
      latestNote: 'Prefers Thursday calls.',
    },
  ],
  rediscover: [
    {
      n: 5,
      name: 'Kenji Watanabe',
      email: 'kenji.watanabe@example.jp',
      linkedinUrl: 'https://www.linkedin.com/in/kenji-watanabe-42',
      connectedAt: '2019-03-12T09:00:00.000Z',
      tags: ['conference'],
      latestNote: 'LinkedIn: Head of Platform at Mercari',
    },
    {
      n: 6,
      name: 'Rita Oyelaran-Björk',
      email: null,
      linkedinUrl: 'https://www.linkedin.com/in/rita-oyelaran-bjork',
      connectedAt: '2023-06-01T09:00:00.000Z',
      tags: [],
      latestNote: null,
    },
  ],
  pendingThanks: [
    {
      name: 'Priya Raman',
      email: 'priya@raman.example.org',
      subject: 'Intro: Priya <> you',
      at: '2025-12-05T10:30:00.000Z',
    },
    {
      name: null,
      email: 'dan@startup.example',
      subject: 'Thanks for the referral!',
      at: '2025-12-04T18:00:00.000Z',
    },
  ],
  dates: [
    {
      n: 7,
      name: 'Marta Jiménez',
      email: 'marta@jimenez.example.es',
      kind: 'birthday',
      on: '2025-12-08',
      inDays: 0,
      years: null,
    },
    {
      n: 8,
      name: 'Tomás Herrera',
      email: 'tomas.herrera@example.com',
      kind: 'anniversary',
      on: '2025-12-19',
      inDays: 11,
      years: 10,
    },
  ],
  stats: { loggedThisWeek: 6, reconnectedThisWeek: 2, due: 9 },
};

export const sampleThanks: ThanksPromptView = {
  timezone: SAMPLE_TIMEZONE,
  now: SAMPLE_NOW,
  contact: { email: 'ana.lopez@example.com', name: 'Ana López' },
  interaction: {
    subject: 'Intro: Ana López <> Ben Park (Acme)',
    at: '2025-12-07T17:05:00.000Z',
    snippet:
      'Ben, meet Ana: she ran growth at Fintonic and is the person to ask about the Spanish market. ' +
      'Ana, Ben is building payroll for small restaurants. I will let you two take it from here!',
    direction: 'inbound',
  },
};

/** SPEC 9: a week after the user first wrote to the person Jordan introduced. */
export const sampleCloseLoop: CloseLoopPromptView = {
  timezone: SAMPLE_TIMEZONE,
  now: SAMPLE_NOW,
  introducer: { email: 'jordan.lee@example.org', name: 'Jordan Lee' },
  introduced: { email: 'chris.park@acme.example', name: 'Chris Park' },
  interaction: {
    subject: 'Coffee next week?',
    at: '2025-12-01T15:30:00.000Z',
    direction: 'outbound',
  },
};

/** The help table as SPEC 4 words it (the real one comes from the command module). */
export const sampleHelp: HelpTable = [
  { command: 'done', effect: 'marks the prompt done and logs an interaction' },
  {
    command: 'snooze [DURATION or DATE]',
    effect: 'snooze 2w, snooze until jan 5; bare snooze = 1 week',
  },
  { command: 'skip', effect: 'resets the reconnect clock without logging an interaction' },
  { command: 'mute / unmute', effect: 'stop / restart prompts for that contact' },
  { command: 'every DURATION', effect: "the contact's cadence (every 2 months)" },
  { command: 'tag WORD / untag WORD', effect: 'tags, e.g. mentor' },
  { command: 'note TEXT', effect: 'adds a dated note to the contact' },
  { command: 'pause DURATION / resume', effect: 'all prompts (holidays)' },
  { command: 'digest off / on / friday 9am', effect: 'your digest schedule' },
  { command: 'unsubscribe', effect: 'stops every email to you' },
  { command: 'forget', effect: 'deletes the contact and never logs that address again' },
  { command: 'help', effect: 'this table' },
];

export const sampleConfirmation: ConfirmationView = {
  lines: [
    {
      input: '2 snooze 1 month',
      ok: true,
      message: 'Snoozed Zoë Ødegaard-Nakamura until Thu 8 Jan',
    },
    {
      input: '3 done',
      ok: true,
      message: 'Logged that you reconnected with François Dubois-Müller',
    },
    { input: '9 done', ok: false, message: 'There is no item 9 in that digest (it had 5).' },
  ],
  help: sampleHelp,
};

/** Every contact name the digest sample must show (the browser test checks each is visible). */
export function digestNames(view: DigestView): string[] {
  return [
    ...[...view.items, ...view.rediscover, ...(view.dates ?? [])].map(
      (i) => i.name ?? i.email ?? '',
    ),
    ...view.pendingThanks.map((t) => t.name ?? t.email),
  ].filter((n) => n !== '');
}

/** SPEC 9: the answer to news@, with an accent, a nameless contact, the long address, markup in
 * a name and people past the cap. */
export const sampleNews: NewsChecklistView = {
  news: 'I started at Acme as Head of Product & Design this week. Thank you for <all> of it!',
  people: [
    { n: 1, name: 'Ana López', email: 'ana.lopez@example.com', kinds: ['mentor', 'thanked'] },
    { n: 2, name: "Siobhán O'Connor", email: 'siobhan@oconnor.example.ie', kinds: ['thanked'] },
    { n: 3, name: 'François Dubois-Müller', email: LONG_ADDRESS, kinds: ['advisor'] },
    { n: 4, name: null, email: 'dev+news@startup.example', kinds: ['thanked'] },
    { n: 5, name: '<b>Kenji</b> Watanabe', email: 'kenji.watanabe@example.jp', kinds: ['mentor'] },
  ],
  more: 3,
};
