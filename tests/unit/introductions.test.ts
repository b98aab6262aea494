import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  closeLoopDue,
  closeLoopStillDue,
  detectIntroduction,
  stripSubjectPrefixes,
  subjectSaysIntro,
} from '../../shared/domain/introductions';
import { parseMail } from '../../shared/mail/parse-mail';
import { mail } from '../../local/workload/mail-builders';
import { testUser } from '../support/fixtures';

const DOMAIN = 'in.tend.localhost';
const ME = 'me@example.com';
const user = testUser({ addresses: [ME], timezone: 'America/New_York' });
const JORDAN = 'Jordan Lee <jordan@lee.example>';
const CHRIS = 'Chris Park <chris@acme.example>';

async function detect(raw: string) {
  return detectIntroduction({
    facts: await parseMail(Buffer.from(raw)),
    user,
    inboundDomain: DOMAIN,
  });
}

interface Intro {
  subject: string;
  body: string;
  from?: string;
  to?: string;
  cc?: string;
}

/** The user forwards a message they received to log@, the way Gmail forwards. */
function gmailForward(m: Intro): string {
  return mail({
    to: `log@${DOMAIN}`,
    subject: `Fwd: ${m.subject}`,
    body: [
      'FYI',
      '',
      '---------- Forwarded message ---------',
      `From: ${m.from ?? JORDAN}`,
      'Date: Tue, Nov 24, 2026 at 3:15 PM',
      `Subject: ${m.subject}`,
      `To: ${m.to ?? `Me <${ME}>, ${CHRIS}`}`,
      ...(m.cc ? [`Cc: ${m.cc}`] : []),
      '',
      m.body,
      '',
    ].join('\n'),
  });
}

/** Outlook's forward: a rule, then From / Sent / To / Cc / Subject. */
function outlookForward(m: Intro): string {
  return mail({
    to: `log@${DOMAIN}`,
    subject: `FW: ${m.subject}`,
    body: [
      '',
      '________________________________',
      `From: ${m.from ?? JORDAN}`,
      'Sent: Tuesday, November 24, 2026 3:15 PM',
      `To: ${m.to ?? `Me <${ME}>; ${CHRIS}`}`,
      ...(m.cc ? [`Cc: ${m.cc}`] : []),
      `Subject: ${m.subject}`,
      '',
      m.body,
      '',
    ].join('\n'),
  });
}

/** Apple Mail's forward: "Begin forwarded message:" and its header lines. */
function appleForward(m: Intro): string {
  return mail({
    to: `log@${DOMAIN}`,
    subject: `Fwd: ${m.subject}`,
    body: [
      '',
      'Begin forwarded message:',
      '',
      `From: ${m.from ?? JORDAN}`,
      `Subject: ${m.subject}`,
      'Date: November 24, 2026 at 3:15:00 PM EST',
      `To: ${m.to ?? `Me <${ME}>`}`,
      `Cc: ${m.cc ?? CHRIS}`,
      '',
      m.body,
      '',
    ].join('\n'),
  });
}

/** The user's reply-all, BCC'd to log@: Gmail's "On …, X <x@…> wrote:" and a `>` quote. */
function gmailReplyAll(m: Intro & { mine: string; attribution?: string }): string {
  return mail({
    to: m.to ?? JORDAN,
    cc: m.cc ?? CHRIS,
    subject: `Re: ${m.subject}`,
    headers: { 'In-Reply-To': '<intro-1@lee.example>', References: '<intro-1@lee.example>' },
    body: [
      m.mine,
      '',
      m.attribution ?? 'On Tue, Nov 24, 2026 at 3:15 PM Jordan Lee <jordan@lee.example> wrote:',
      ...m.body.split('\n').map((l) => `> ${l}`),
      '',
    ].join('\n'),
  });
}

/** Outlook's reply-all: the new text, a rule, the original's header block, then the original. */
function outlookReplyAll(m: Intro & { mine: string; quotedFrom?: string }): string {
  return mail({
    to: m.to ?? JORDAN,
    cc: m.cc ?? CHRIS,
    subject: `RE: ${m.subject}`,
    headers: { 'In-Reply-To': '<intro-2@lee.example>' },
    body: [
      m.mine,
      '',
      '________________________________',
      `From: ${m.quotedFrom ?? JORDAN}`,
      'Sent: Tuesday, November 24, 2026 3:15 PM',
      `To: Me <${ME}>; ${CHRIS}`,
      `Subject: ${m.subject}`,
      '',
      m.body,
      '',
    ].join('\n'),
  });
}

/** Apple Mail's reply: "On Nov 24, 2026, at 3:15 PM, X <x@…> wrote:" and a `>` quote. */
function appleReplyAll(m: Intro & { mine: string }): string {
  return gmailReplyAll({
    ...m,
    attribution: 'On Nov 24, 2026, at 3:15 PM, Jordan Lee <jordan@lee.example> wrote:',
  });
}

const INTRO_BODY = 'Sam, meet Chris. Chris runs growth at Acme.\nChris, Sam is a great PM.';

/** Gmail's quote of a message: its attribution, then its lines behind `>`. */
function gmailQuote(from: string, lines: string): string[] {
  return [
    `On Wed, Nov 25, 2026 at 9:00 AM ${from} wrote:`,
    ...lines.split('\n').map((l) => `> ${l}`),
  ];
}

/** Outlook's quote of a message: a rule, its header block, then its lines. */
function outlookQuote(from: string, to: string, subject: string, lines: string): string[] {
  return [
    '________________________________',
    `From: ${from}`,
    'Sent: Wednesday, November 25, 2026 9:00 AM',
    `To: ${to}`,
    `Subject: ${subject}`,
    '',
    lines,
  ];
}

/** Chris's reply-all to Jordan's intro, quoting it (Gmail). */
const CHRIS_REPLY_ALL = [
  'Thanks Jordan for the intro! Sam, great to meet you. Free for coffee next week?',
  '',
  ...gmailQuote(JORDAN, INTRO_BODY),
].join('\n');

/** The user's reply-all, BCC'd to log@, to the reply-all of the person introduced (Chris). */
function replyToChris(body: string[], subject = 'Re: Intro: Chris <> Sam'): string {
  return mail({
    to: CHRIS,
    cc: JORDAN,
    subject,
    headers: { 'In-Reply-To': '<chris-1@acme.example>' },
    body: ['Great, Chris: Tuesday at 10 works.', '', ...body, ''].join('\n'),
  });
}

const intros: Array<[string, string, { introducer?: string; introduced?: string[] }?]> = [
  [
    'Gmail forward, "Intro: A <> B"',
    gmailForward({ subject: 'Intro: Chris Park <> Sam', body: INTRO_BODY }),
  ],
  [
    'Gmail forward, "Introduction - A / B"',
    gmailForward({ subject: 'Introduction - Chris / Sam', body: 'Hi both!' }),
  ],
  [
    'Gmail forward, bare "A <> B (Company)"',
    gmailForward({ subject: 'Chris <> Sam (Acme)', body: 'Hi both, looping you together.' }),
  ],
  [
    'Gmail forward, "Quick intro" and "meet"',
    gmailForward({ subject: 'Quick intro', body: INTRO_BODY }),
  ],
  [
    'Gmail forward, plain subject, "I\'d like you to meet" opening',
    gmailForward({
      subject: 'Hello!',
      body: "Sam,\n\nI'd like you to meet Chris Park, who leads growth at Acme.",
    }),
  ],
  [
    'Gmail forward, "Connecting you two"',
    gmailForward({ subject: 'Connecting you two', body: 'You should compare notes on hiring.' }),
  ],
  [
    'Gmail forward, "wanted to connect you with"',
    gmailForward({
      subject: 'Chris / Sam',
      body: 'Hi Sam, I wanted to connect you with Chris, who runs growth.',
    }),
  ],
  [
    'Gmail forward, "You two should talk"',
    gmailForward({ subject: 'You two should talk', body: 'Both of you are working on pricing.' }),
  ],
  [
    'Gmail forward, Cc the new person',
    gmailForward({ subject: 'Intro', body: INTRO_BODY, to: `Me <${ME}>`, cc: CHRIS }),
  ],
  [
    'Gmail forward, two new people',
    gmailForward({
      subject: 'Intro: Chris, Dana <> Sam',
      body: INTRO_BODY,
      to: `Me <${ME}>, ${CHRIS}, Dana Wu <dana@acme.example>`,
    }),
    { introduced: ['chris@acme.example', 'dana@acme.example'] },
  ],
  [
    'Gmail forward of a reply, "Re: Intro"',
    gmailForward({ subject: 'Re: Intro: Chris <> Sam', body: 'Adding Chris here.' }),
  ],
  [
    'Gmail forward, "[EXT] Introduction: A"',
    gmailForward({ subject: '[EXT] Introduction: Chris Park', body: 'Hi Sam, as promised.' }),
  ],
  [
    'Gmail forward, "E-intro: A / B"',
    gmailForward({ subject: 'E-intro: Chris Park / Sam', body: 'As discussed.' }),
  ],
  [
    'Outlook forward, "Introduction: A and B"',
    outlookForward({
      subject: 'Introduction: Chris Park (Acme) and Sam',
      body: 'Hi both, happy to connect you.',
    }),
  ],
  [
    'Outlook forward, "Meet A"',
    outlookForward({ subject: 'Meet Chris Park', body: 'Chris is the person I mentioned.' }),
  ],
  [
    'Outlook forward, "Let me introduce" opening',
    outlookForward({
      subject: 'Following up',
      body: 'Sam, let me introduce Chris Park, who built the data team at Acme.',
    }),
  ],
  [
    'Outlook forward, "Intro A x B"',
    outlookForward({ subject: 'Intro Sam x Chris', body: 'As promised.' }),
  ],
  [
    'Apple Mail forward, "Introducing A"',
    appleForward({ subject: 'Introducing Chris Park', body: 'Chris, Sam; Sam, Chris.' }),
  ],
  [
    'Apple Mail forward, "A <-> B"',
    appleForward({ subject: 'Sam <-> Chris', body: 'Two people who should know each other.' }),
  ],
  [
    'Apple Mail forward, "Putting you two in touch" opening',
    appleForward({ subject: 'Coffee?', body: 'Putting you two in touch: Chris is hiring PMs.' }),
  ],
  [
    'Apple Mail forward, "Double opt-in intro"',
    appleForward({ subject: 'Double opt-in intro: Chris Park', body: 'Chris said yes!' }),
  ],
  [
    'Gmail reply-all to "Intro: A <> B"',
    gmailReplyAll({
      subject: 'Intro: Chris <> Sam',
      body: INTRO_BODY,
      mine: 'Thanks Jordan! Chris, great to e-meet you.',
    }),
  ],
  [
    'Gmail reply-all to "Connecting you two"',
    gmailReplyAll({
      subject: 'Connecting you two',
      body: 'You should talk.',
      mine: 'Hi Chris, happy to chat.',
    }),
  ],
  [
    'Gmail reply-all, the quoted opening says it',
    gmailReplyAll({
      subject: 'Hello',
      body: "I'd love for you two to meet. Chris is hiring.",
      mine: 'Hi Chris, nice to meet you.',
    }),
  ],
  [
    'Gmail reply-all, "Thanks for the introduction" in the reply',
    gmailReplyAll({
      subject: 'Chris / Sam',
      body: 'Hi both.',
      mine: 'Thanks so much for the introduction, Jordan! Chris, free Tuesday?',
    }),
  ],
  [
    'Gmail reply-all, attribution wrapped over two lines',
    gmailReplyAll({
      subject: 'Intro',
      body: INTRO_BODY,
      mine: 'Thanks Jordan.',
      attribution: 'On Tue, Nov 24, 2026 at 3:15 PM Jordan Lee <\njordan@lee.example> wrote:',
    }),
  ],
  [
    'Gmail reply-all, the introducer named second',
    gmailReplyAll({
      subject: 'Intro: Chris <> Sam',
      body: INTRO_BODY,
      mine: 'Thanks!',
      to: `${CHRIS}, ${JORDAN}`,
      cc: '',
    }),
  ],
  [
    'Outlook reply-all, "RE: Introduction"',
    outlookReplyAll({
      subject: 'Introduction',
      body: INTRO_BODY,
      mine: 'Thank you Jordan. Chris, when suits you?',
    }),
  ],
  [
    'Outlook reply-all, header block with a name only',
    outlookReplyAll({
      subject: 'Introduction',
      body: INTRO_BODY,
      mine: 'Thanks!',
      to: CHRIS,
      cc: JORDAN,
      quotedFrom: 'Jordan Lee',
    }),
  ],
  [
    'Apple Mail reply-all to "Meet A"',
    appleReplyAll({ subject: 'Meet Chris', body: 'Chris is great.', mine: 'Hi Chris!' }),
  ],
  [
    'Apple Mail reply-all, "connecting you both" quoted',
    appleReplyAll({
      subject: 'Chris + Sam',
      body: 'Connecting you both, as promised.',
      mine: 'Thanks Jordan.',
    }),
  ],
  // Reply-all answers to an intro: the person introduced is never taken for the introducer.
  [
    "Gmail forward of the new person's reply-all, quoting the intro",
    gmailForward({
      from: CHRIS,
      to: `${JORDAN}, Me <${ME}>`,
      subject: 'Re: Intro: Chris <> Sam',
      body: CHRIS_REPLY_ALL,
    }),
  ],
  [
    "Gmail forward of the new person's reply-all, the intro not quoted",
    gmailForward({
      from: CHRIS,
      to: `${JORDAN}, Me <${ME}>`,
      subject: 'Re: Intro: Chris <> Sam',
      body: 'Thanks Jordan for the intro! Sam, great to meet you.',
    }),
  ],
  [
    "Gmail forward of the new person's reply-all, a plain subject, thanks after the name",
    gmailForward({
      from: CHRIS,
      to: `Me <${ME}>`,
      cc: JORDAN,
      subject: 'Re: Hello',
      body: 'Jordan, thank you for connecting us. Sam, when suits you?',
    }),
  ],
  [
    "Outlook forward of the new person's reply-all, the intro's header block quoted",
    outlookForward({
      from: CHRIS,
      to: `${JORDAN}; Me <${ME}>`,
      subject: 'RE: Introduction',
      body: [
        'Thank you for the kind introduction, Jordan. Sam, happy to talk.',
        '',
        ...outlookQuote(JORDAN, `Me <${ME}>; ${CHRIS}`, 'Introduction', INTRO_BODY),
      ].join('\n'),
    }),
  ],
  [
    "Gmail reply-all to the new person's reply-all, both messages quoted",
    replyToChris([...gmailQuote(CHRIS, CHRIS_REPLY_ALL)]),
  ],
  [
    "Gmail reply-all to the new person's reply-all, only theirs quoted",
    replyToChris(gmailQuote(CHRIS, 'Thanks for the intro, Jordan! Sam, great to meet you.')),
  ],
  [
    "Gmail reply-all to the new person's reply-all, the intro's body says nothing, its subject does",
    replyToChris([
      ...gmailQuote(
        CHRIS,
        ['Many thanks for the intro!', '', ...gmailQuote(JORDAN, 'Hi both.')].join('\n'),
      ),
    ]),
  ],
  [
    "Outlook reply-all to the new person's reply-all, two header blocks",
    replyToChris(
      [
        ...outlookQuote(
          CHRIS,
          `${JORDAN}; Me <${ME}>`,
          'RE: Introduction',
          'Thanks Jordan for the introduction!',
        ),
        '',
        ...outlookQuote(JORDAN, `Me <${ME}>; ${CHRIS}`, 'Introduction', INTRO_BODY),
      ],
      'RE: RE: Introduction',
    ),
  ],
  [
    "Apple Mail reply-all to the new person's reply-all, attribution without a time",
    replyToChris([
      'On Nov 25, 2026, at 9:00 AM, Chris Park <chris@acme.example> wrote:',
      '> Thanks Jordan for the intro!',
      '>',
      '>> On Nov 24, 2026, at 3:15 PM, Jordan Lee <jordan@lee.example> wrote:',
      ...INTRO_BODY.split('\n').map((l) => `>> ${l}`),
    ]),
  ],
  [
    "the user's own reply-all to the intro, forwarded to log@",
    gmailForward({
      from: `Me <${ME}>`,
      to: `${JORDAN}, ${CHRIS}`,
      subject: 'Re: Intro: Chris <> Sam',
      body: [
        'Thanks Jordan! Chris, great to e-meet you.',
        '',
        ...gmailQuote(JORDAN, INTRO_BODY),
      ].join('\n'),
    }),
  ],
];

const notIntros: Array<[string, string]> = [
  [
    'meeting notes',
    gmailForward({ subject: 'Meeting notes', body: "Notes from today's meeting are attached." }),
  ],
  [
    'a meet-up schedule',
    gmailForward({ subject: 'Meet-up schedule', body: 'The meet-up is on Thursday at 6pm.' }),
  ],
  [
    'a course: "Intro to Python course"',
    gmailForward({
      subject: 'Intro to Python course',
      body: 'Registration is open for the spring session.',
    }),
  ],
  [
    'a course: "Introduction to Statistics"',
    outlookForward({ subject: 'Introduction to Statistics - week 3', body: 'Slides attached.' }),
  ],
  [
    'a newsletter',
    gmailForward({
      subject: 'This week in fintech',
      body: 'Top stories: rates, payments, and more.',
      from: 'Fintech Weekly <editor@fintech.example>',
    }),
  ],
  [
    'a product announcement: "Introducing our new pricing"',
    appleForward({
      subject: 'Introducing our new pricing',
      body: "We're excited to share our new plans.",
    }),
  ],
  [
    '"I met Chris yesterday"',
    gmailReplyAll({
      subject: 'Catching up',
      body: 'How was the conference?',
      mine: 'I met Chris yesterday, he says hi.',
    }),
  ],
  [
    'a thank-you reply',
    gmailReplyAll({
      subject: 'Launch',
      body: 'Congrats on shipping!',
      mine: 'Thank you so much for your help with the launch!',
    }),
  ],
  [
    'a forwarded thank-you',
    gmailForward({ subject: 'Thanks!', body: 'Thank you for having me on the panel.' }),
  ],
  [
    '"Meet at 3pm?"',
    gmailForward({ subject: 'Meet at 3pm?', body: 'Can we meet at 3pm tomorrow?' }),
  ],
  [
    '"Let\'s meet at noon"',
    gmailReplyAll({
      subject: 'Lunch Friday',
      body: 'Lunch?',
      mine: "Let's meet at noon at Blue Bottle.",
    }),
  ],
  [
    '"meet Tuesday"',
    gmailForward({ subject: 'Project kickoff', body: "Let's meet Tuesday at 10 to kick off." }),
  ],
  [
    '"Meet the team"',
    outlookForward({ subject: 'Meet the team', body: 'Meet the team behind the product.' }),
  ],
  [
    '"Great to meet you"',
    gmailForward({ subject: 'Great to meet you', body: 'It was great to meet you at the summit.' }),
  ],
  [
    '"Q3 / Q4 roadmap"',
    outlookForward({ subject: 'Q3 / Q4 roadmap', body: 'Attached is the roadmap.' }),
  ],
  [
    '"Sales / Marketing sync"',
    gmailForward({ subject: 'Sales / Marketing sync', body: 'Agenda below.' }),
  ],
  [
    'an intro sent to the user alone (nobody new on it)',
    gmailForward({
      subject: 'Intro to the Acme team',
      body: 'Happy to introduce you to the hiring manager.',
      to: `Me <${ME}>`,
    }),
  ],
  [
    "the user's own intro (not a reply)",
    mail({
      to: CHRIS,
      cc: 'Sam <sam@x.example>',
      subject: 'Intro: Chris <> Sam',
      body: INTRO_BODY,
    }),
  ],
  [
    "a reply-all in the user's own intro thread, both messages quoted",
    mail({
      to: CHRIS,
      cc: 'Sam Roe <sam@roe.example>',
      subject: 'Re: Intro: Chris <> Sam',
      headers: { 'In-Reply-To': '<chris-2@acme.example>' },
      body: [
        'Glad to help!',
        '',
        ...gmailQuote(
          CHRIS,
          [
            'Thanks for the intro! Sam, great to meet you.',
            '',
            ...gmailQuote(`Me <${ME}>`, INTRO_BODY),
          ].join('\n'),
        ),
      ].join('\n'),
    }),
  ],
  [
    "a reply-all in the user's own intro thread, only the new person's thanks quoted",
    mail({
      to: CHRIS,
      cc: 'Sam Roe <sam@roe.example>',
      subject: 'Re: Intro: Chris <> Sam',
      headers: { 'In-Reply-To': '<chris-3@acme.example>' },
      body: [
        'Glad to help!',
        '',
        ...gmailQuote(CHRIS, 'Thanks for the intro! Sam, great to meet you.'),
      ].join('\n'),
    }),
  ],
  [
    "the new person's reply-all forwarded, the introducer moved to BCC",
    gmailForward({
      from: CHRIS,
      to: `Me <${ME}>`,
      subject: 'Re: Intro: Chris <> Sam',
      body: 'Thanks Jordan (moving you to bcc)! Sam, coffee next week?',
    }),
  ],
  [
    'the user forwarding their own intro',
    gmailForward({
      subject: 'Intro: Chris <> Sam',
      body: INTRO_BODY,
      from: `Me <${ME}>`,
      to: `${CHRIS}, Sam <sam@x.example>`,
    }),
  ],
];

describe('introductions: what reads as an intro (SPEC 9)', () => {
  it('has a real table', () => {
    expect(intros.length).toBeGreaterThanOrEqual(25);
    expect(notIntros.length).toBeGreaterThanOrEqual(12);
  });

  it.each(intros)('finds the intro in: %s', async (_name, raw, expected = {}) => {
    const found = await detect(raw);
    expect(found).not.toBeNull();
    expect(found?.introducer.address).toBe(expected.introducer ?? 'jordan@lee.example');
    expect(found?.introduced.map((m) => m.address)).toEqual(
      expected.introduced ?? ['chris@acme.example'],
    );
  });

  it.each(notIntros)('finds no intro in: %s', async (_name, raw) => {
    expect(await detect(raw)).toBeNull();
  });

  it.each([
    ['Re: Fwd: Intro: Chris <> Sam', 'Intro: Chris <> Sam'],
    ['RE: RE: FW: Introduction', 'Introduction'],
    ['AW: [EXT] Meet Chris', 'Meet Chris'],
    ['Re[2]: Connecting you two', 'Connecting you two'],
  ])('strips reply and forward prefixes: %s', (subject, stripped) => {
    expect(stripSubjectPrefixes(subject)).toBe(stripped);
    expect(subjectSaysIntro(subject)).toBe(true);
  });

  it('runs over every real email of the corpus without throwing, and finds intros in none', async () => {
    const roots = ['../shared/corpus/eml', '../shared/corpus/forwards'];
    const files = roots
      .flatMap((root) => walk(root))
      .filter((f) => /\.(eml|txt|raw|msg)$/i.test(f) || !/\.[a-z]+$/i.test(f));
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const facts = await parseMail(readFileSync(file)).catch(() => null);
      if (!facts) continue;
      if (detectIntroduction({ facts, user, inboundDomain: DOMAIN })) found.push(file);
    }
    expect(found).toEqual([]);
  }, 120_000);
});

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

describe('the close-the-loop rule (SPEC 9)', () => {
  const introduced = {
    introducedBy: 'jordan@lee.example',
    closeLoopDueAt: null,
    aliases: [],
    status: 'active' as const,
  };
  const at = '2026-11-30T15:00:00.000Z';

  it.each([
    ['the user writes to them', introduced, 'outbound', false, '2026-12-07T15:00:00.000Z'],
    ['the user meets them', introduced, 'meeting', false, '2026-12-07T15:00:00.000Z'],
    ['they write to the user', introduced, 'inbound', false, null],
    ['the email is an intro itself (a second intro)', introduced, 'outbound', true, null],
    [
      'the prompt was made due once already',
      { ...introduced, closeLoopDueAt: at },
      'outbound',
      false,
      null,
    ],
    ['nobody introduced them', { ...introduced, introducedBy: null }, 'outbound', false, null],
    ['they are muted', { ...introduced, status: 'muted' as const }, 'outbound', false, null],
    ['the email brings them in', null, 'outbound', false, null],
  ] as const)('when %s: due %s', (_name, before, direction, isIntro, dueAt) => {
    const due = closeLoopDue({ before, interaction: { at, direction }, isIntro });
    expect(due?.dueAt ?? null).toBe(dueAt);
    if (due) expect(due.introducer).toBe('jordan@lee.example');
  });

  it.each([
    ['never written to', null, true],
    ['written to before the first interaction', '2026-11-29T00:00:00.000Z', true],
    ['written to at the first interaction (in Cc)', at, true],
    ['written to since', '2026-12-01T00:00:00.000Z', false],
  ])('at send time, an introducer %s: still due %s', (_name, lastOutboundAt, due) => {
    expect(closeLoopStillDue({ lastOutboundAt, status: 'active' }, at)).toBe(due);
  });

  it('is cancelled when the introducer is muted', () => {
    expect(closeLoopStillDue({ lastOutboundAt: null, status: 'muted' }, at)).toBe(false);
  });
});
