/**
 * Regenerates the README's pictures of the web app (issue 12): Today, one Contact and Network at
 * a desktop width, and Today on a phone, for a believable demo network.
 *   npx tsx scripts/screenshot-web.ts [outDir]      (default docs/images)
 *
 * Starts its own DynamoDB Local, s3rver and local SES on free ports of 127.0.0.1 (fresh, in
 * memory), seeds one user's year of email through the real ingest path (raw mail into S3, then
 * the ingest use case, the dispatcher for the thank-you prompts, contact commands for notes and
 * a birthday), signs in with a one-time link in Debian's Chromium and takes full-page PNGs.
 * Everything it started is stopped before it exits. The clock is fixed: 2026-11-30T09:00:00Z.
 * Needs Java 17 (DynamoDB Local) and Debian's chromium (`apt-get install -y chromium`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser } from 'playwright-core';
import { createWebApp } from '../functions/web/app';
import { ensureTable } from '../shared/adapters/dynamodb/table-definition';
import { createApp, type App } from '../shared/app';
import { parseConfig, resetConfig } from '../shared/config';
import { isContactCommand, parseCommandLine } from '../shared/domain/commands';
import type { User } from '../shared/domain/types';
import { logger } from '../shared/logger';
import { applyContactCommand } from '../shared/use-cases/contact-commands';
import { dispatch } from '../shared/use-cases/dispatch-run';
import { ingestDeps } from '../shared/use-cases/ingest-deps';
import { ingestEmail } from '../shared/use-cases/ingest-email';
import { issueLoginLink } from '../shared/use-cases/login-links';
import { registerUser } from '../shared/use-cases/users';
import {
  ensureBucket,
  localDynamoDbClient,
  localS3Client,
  type LocalServices,
  startLocalServices,
} from '../local/services';
import { LOCAL_HOST, LOCAL_SES_RATE } from '../local/env';
import { mail } from '../local/workload/mail-builders';
import { CHROMIUM, launchChromium } from './chromium';

/** The demo's "now": a Monday morning, as TEND_NOW would set it. */
const NOW = '2026-11-30T09:00:00Z';
const DAY_MS = 86_400_000;
const DOMAIN = 'in.tend.localhost';
const TABLE = 'tend-screenshots';

const ME = { name: 'Alex Morgan', email: 'alex@example.com', timezone: 'America/New_York' };

/** A desktop and the iPhone SE / mini class phone (as the digest picture). */
const DESKTOP_WIDTH = 1280;
const PHONE_WIDTH = 375;

class ScreenshotError extends Error {
  override name = 'ScreenshotError';
}

// ------------------------------------------------------------------ the demo network

interface Person {
  name: string;
  email: string;
  tags: string[];
  /** Days before NOW of the last email with them. */
  last: number;
  /** How many emails with them over the year (the last included). */
  emails: number;
}

/** The user's network: mentors, recruiters, alumni, investors, colleagues, founders. With the
 * default cadence of 90 days (mentors 30), seven of them are due or overdue at NOW. */
const PEOPLE: Person[] = [
  p('Maya Chen', 'maya.chen@northwind.example', ['mentor', 'alumni'], 13, 0),
  p('Chris Okafor', 'chris@lumenlabs.example', ['founder'], 9, 0),
  p('Priya Natarajan', 'priya@talentbridge.example', ['recruiter'], 4, 0),
  p('Daniel Alvarez', 'daniel@harborventures.example', ['investor'], 128, 3),
  p('Sofia Rossi', 'sofia.rossi@polimi.example', ['alumni'], 205, 2),
  p("James O'Brien", 'james.obrien@fjordsoft.example', ['mentor'], 48, 5),
  p('Aisha Bello', 'aisha@hirewell.example', ['recruiter'], 101, 2),
  p('Tom Becker', 'tom.becker@gmail.example', ['colleague'], 262, 2),
  p('Hannah Kim', 'hannah@seedling.example', ['investor'], 96, 3),
  p('Lucas Martin', 'lucas.martin@orbit.example', ['mentor'], 75, 4),
  p('Elena Petrova', 'elena.petrova@alumni.example', ['alumni'], 20, 3),
  p('Omar Haddad', 'omar@globex.example', ['recruiter'], 35, 3),
  p('Grace Liu', 'grace@northstar.example', ['investor'], 61, 2),
  p('Ben Carter', 'ben.carter@acme.example', ['colleague'], 8, 5),
  p('Nadia Rahman', 'nadia.rahman@acme.example', ['colleague'], 15, 4),
  p('Kenji Watanabe', 'kenji.watanabe@example.jp', ['alumni'], 70, 3),
  p('Rachel Adler', 'rachel@adlerdesign.example', [], 30, 2),
  p('Mateo Silva', 'mateo@tidepool.example', ['founder'], 50, 3),
  p('Zoë Laurent', 'zoe.laurent@alumni.example', ['alumni'], 25, 2),
  p('Ivan Novak', 'ivan.novak@initech.example', ['colleague'], 80, 3),
  p('Fatima Zahra', 'fatima@meridiancap.example', ['investor'], 40, 2),
  p('Liam Walsh', 'liam.walsh@example.ie', [], 5, 3),
  p('Ana López', 'ana.lopez@example.com', ['mentor'], 12, 4),
  p('Ethan Brooks', 'ethan@peoplefirst.example', ['recruiter'], 55, 2),
  p('Chloé Dubois', 'chloe.dubois@example.fr', [], 88, 2),
];

function p(name: string, email: string, tags: string[], last: number, emails: number): Person {
  return { name, email, tags, last, emails };
}

/** What people in this network write about, by tag: subject, then the opening of the body. */
const TOPICS: Record<string, Array<[string, string]>> = {
  mentor: [
    [
      'Advice on the team lead offer',
      'Thanks again for making time. Your point about asking for the scope in writing was exactly right.',
    ],
    [
      'Quarterly check-in',
      'Here is where I got to since we last spoke: the migration shipped and I am now hiring two engineers.',
    ],
    [
      'That book you recommended',
      "I finished The Manager's Path on the train. The chapter on skip-levels changed how I run my one-on-ones.",
    ],
    [
      'Coffee in December?',
      'Would you have half an hour before the holidays? I would love your take on the reorg.',
    ],
    [
      'Re: Career conversation',
      'I have been thinking about what you said about picking problems rather than titles.',
    ],
  ],
  recruiter: [
    [
      'Staying in touch',
      'Not looking right now, but happy to hear about staff-level platform roles next year.',
    ],
    [
      'Re: Platform roles in Berlin',
      'Thanks for thinking of me. Remote-first is a must for me; happy to talk if that fits.',
    ],
    ['Updated CV', 'As promised, here is my CV with the payments work from this year.'],
  ],
  alumni: [
    ['Reunion photos', 'It was so good to see everyone. Here are the photos from the terrace.'],
    ['Re: Class of 2016 dinner', 'Count me in. Happy to help pick the place if you need a hand.'],
    [
      'Congratulations on the new role!',
      'Just saw the news. They are lucky to have you; let me know how the first weeks go.',
    ],
  ],
  investor: [
    [
      'Following up from the demo day',
      'Thanks for the sharp questions on retention. Here are the cohort numbers you asked about.',
    ],
    [
      'Intro to a founder in logistics',
      'A friend is raising a seed round for routing software; would you like an intro?',
    ],
    ['Re: Market map', 'Great map. I would add the open-source players to the bottom left.'],
  ],
  colleague: [
    ['Lunch this week?', 'The new ramen place opened on Fifth. Thursday?'],
    [
      'Re: Postmortem notes',
      'Added my timeline to the doc. The alert fired, but nobody owned the pager that night.',
    ],
    ['Farewell card', "Signed! Going to miss working with you. Let's keep the Friday walks going."],
    [
      'Conference talk draft',
      'Here is the draft of the talk. Slides 8 to 12 need your eyes on the numbers.',
    ],
  ],
  founder: [
    [
      'Great to meet you at the meetup',
      'Loved hearing how you found your first ten customers. Let me know if I can help with hiring.',
    ],
    [
      'Re: Beta feedback',
      'Tried the beta over the weekend: the onboarding is great, the export needs work.',
    ],
  ],
  none: [
    [
      'Thanks for the recommendation',
      'The carpenter you suggested was perfect. I owe you a drink.',
    ],
    ['Catching up', 'It has been too long! How is the new place?'],
    ['Re: Weekend hike', 'Saturday works. I will bring the map and the coffee.'],
  ],
};

interface Email {
  at: Date;
  /** A raw email the user sent (BCC'd) or forwarded to the inbound address. */
  raw: string;
  /** SES's recipient on the inbound domain: log@, or log+tags@ with hints. */
  to: string;
}

/** A small deterministic generator, so every run draws the same network. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const nowMs = Date.parse(NOW);
/** `days` before NOW, at an office hour in New York (13:00–21:00 UTC). */
function daysAgo(days: number, hour = 15, minute = 0): Date {
  const d = new Date(nowMs - days * DAY_MS);
  d.setUTCHours(hour, minute, 0, 0);
  return d;
}

const mailbox = (x: { name: string; email: string }) => `${x.name} <${x.email}>`;

/** An email the user wrote, BCC'd to Tend. */
function sent(to: Person[], subject: string, body: string, at: Date, hints = ''): Email {
  return {
    at,
    to: `log${hints}@${DOMAIN}`,
    raw: mail({
      from: mailbox(ME),
      to: to.map(mailbox).join(', '),
      subject,
      date: at.toUTCString(),
      // The timeline shows the opening of each email: the message, without greeting or sign-off.
      body: `${body}\n`,
    }),
  };
}

/** An email someone sent the user, forwarded to Tend the way Gmail forwards it. */
function forwarded(
  from: Person,
  subject: string,
  body: string,
  at: Date,
  options: { hints?: string; cc?: Person[] } = {},
): Email {
  const cc = options.cc ?? [];
  return {
    at,
    to: `log${options.hints ?? ''}@${DOMAIN}`,
    raw: mail({
      from: mailbox(ME),
      to: `log@${DOMAIN}`,
      subject: `Fwd: ${subject}`,
      date: new Date(at.getTime() + 20 * 60_000).toUTCString(),
      body: [
        '---------- Forwarded message ---------',
        `From: ${mailbox(from)}`,
        `Date: ${at.toUTCString()}`,
        `Subject: ${subject}`,
        `To: ${mailbox(ME)}`,
        ...(cc.length ? [`Cc: ${cc.map(mailbox).join(', ')}`] : []),
        '',
        body,
        '',
      ].join('\n'),
    }),
  };
}

const person = (email: string): Person => {
  const found = PEOPLE.find((x) => x.email === email);
  if (!found) throw new ScreenshotError(`no demo person ${email}`);
  return found;
};
const MAYA = person('maya.chen@northwind.example');
const CHRIS = person('chris@lumenlabs.example');
const PRIYA = person('priya@talentbridge.example');

/** Maya's year, written out: the mentor whose page the README shows. */
function mayaStory(): Email[] {
  const tags = '+mentor+alumni';
  return [
    sent(
      [MAYA],
      'Thank you for the advice on the offer',
      'I signed with Acme this morning. Your advice to ask for the platform scope in writing made all the difference. Thank you!',
      daysAgo(342, 14),
      tags,
    ),
    forwarded(
      MAYA,
      'Re: Thank you for the advice on the offer',
      'So happy for you! Let us do a call in a month once you have your feet under you.',
      daysAgo(340, 17),
      { hints: '+nothanks' },
    ),
    sent(
      [MAYA],
      'First month at Acme',
      'A month in: the team is great, the on-call is not. Could we talk about how you set up rotations at Northwind?',
      daysAgo(300, 15),
    ),
    sent(
      [MAYA],
      'Re: Rotation templates',
      'Thanks for the templates. We adopted the follow-the-sun split and pages went down by half.',
      daysAgo(262, 16),
    ),
    forwarded(
      MAYA,
      'Your talk at LeadDev',
      'I shared your name with the LeadDev programme committee: they are looking for a talk on on-call. Here is the call for papers.',
      daysAgo(126, 13, 30),
    ),
    sent(
      [MAYA],
      'The talk was accepted!',
      'LeadDev accepted the on-call talk. None of it would have happened without your nudge. Dinner is on me when you are in town.',
      daysAgo(95, 18),
    ),
    sent(
      [MAYA],
      'Quarterly check-in',
      'Here is where I got to since we last spoke: the migration shipped and I am now hiring two engineers. Would love your take on the interview loop.',
      daysAgo(44, 15),
    ),
    forwarded(
      MAYA,
      'Intro: Chris <> Alex',
      'Chris, meet Alex: Alex runs platform at Acme and has scaled on-call twice. Alex, meet Chris: Chris founded Lumen Labs and is hiring his first SRE. I think you two should talk. I will let you take it from here!',
      daysAgo(13, 14),
      { cc: [CHRIS] },
    ),
  ];
}

/** Chris, introduced by Maya: the reply-all to her intro, and his answer. */
function chrisStory(): Email[] {
  return [
    sent(
      [CHRIS],
      'Re: Intro: Chris <> Alex',
      'Thanks Maya (moving you to bcc)! Chris, great to e-meet you. Happy to share what we learned about on-call at Acme. Does Thursday at 10 work for a call?',
      daysAgo(12, 15),
      '+founder',
    ),
    forwarded(
      CHRIS,
      'Re: Intro: Chris <> Alex',
      'Thursday at 10 is perfect. I will send an invite. Thanks for making time.',
      daysAgo(9, 16),
      { hints: '+nothanks' },
    ),
  ];
}

/** Priya sent a lead: a thank-you to write. */
function priyaStory(): Email[] {
  return [
    sent(
      [PRIYA],
      'Staying in touch',
      'Not looking right now, but happy to hear about staff-level platform roles next year.',
      daysAgo(210, 15),
      '+recruiter',
    ),
    forwarded(
      PRIYA,
      'Re: Staying in touch',
      'Noted! I will keep you in mind for platform roles in the new year.',
      daysAgo(208, 19),
      { hints: '+nothanks' },
    ),
    forwarded(
      PRIYA,
      'A staff engineer role at Helio',
      'Hi Alex, this one made me think of you: Helio is building its platform team from scratch and the hiring manager asked for someone with your on-call experience. Happy to make the intro.',
      daysAgo(4, 14, 20),
    ),
  ];
}

/** Everyone else: `emails` emails over the year, the last `last` days ago, the first tagged. */
function everyoneElse(): Email[] {
  const rnd = random(12);
  const out: Email[] = [];
  for (const x of PEOPLE) {
    if (x.emails === 0) continue;
    const topics = TOPICS[x.tags[0] ?? 'none']!;
    const days: number[] = [x.last];
    for (let i = 1; i < x.emails; i++) {
      const earliest = days[days.length - 1]! + 12;
      days.push(Math.min(355, earliest + Math.floor(rnd() * 70)));
    }
    days.reverse(); // oldest first
    for (const [i, d] of days.entries()) {
      const [subject, body] = topics[(i + x.name.length) % topics.length]!;
      const at = daysAgo(d, 13 + Math.floor(rnd() * 8), Math.floor(rnd() * 4) * 15);
      const hints = i === 0 && x.tags.length ? `+${x.tags.join('+')}` : '';
      // About one email in four is theirs, forwarded (no thank-you owed for a plain reply).
      out.push(
        i > 0 && rnd() < 0.25
          ? forwarded(x, `Re: ${subject.replace(/^Re: /, '')}`, body, at, { hints: '+nothanks' })
          : sent([x], subject, body, at, hints),
      );
    }
  }
  return out;
}

/** A few group emails: the alumni dinner, a team offsite. */
function groupEmails(): Email[] {
  const alumni = [
    'sofia.rossi@polimi.example',
    'elena.petrova@alumni.example',
    'kenji.watanabe@example.jp',
    'zoe.laurent@alumni.example',
    'maya.chen@northwind.example',
  ].map(person);
  const team = [
    'ben.carter@acme.example',
    'nadia.rahman@acme.example',
    'ivan.novak@initech.example',
  ].map(person);
  return [
    sent(
      alumni,
      'Class of 2016 dinner',
      'Ten years! I booked the back room at Osteria Rosa for the 14th of March. Partners welcome.',
      daysAgo(290, 17),
    ),
    sent(
      alumni,
      'Reunion photos',
      'It was so good to see everyone. Here are the photos from the terrace.',
      daysAgo(256, 20),
    ),
    sent(
      team,
      'Offsite agenda',
      'Here is the agenda for the offsite: roadmap in the morning, the on-call review after lunch.',
      daysAgo(150, 14),
    ),
    sent(
      team,
      'Thanks for a great offsite',
      'Thank you all: the on-call review alone was worth the trip. Notes are in the shared folder.',
      daysAgo(118, 21),
    ),
  ];
}

// ------------------------------------------------------------------ seeding through the product

interface Demo {
  app: App;
  user: User;
  setNow(at: Date): void;
}

async function seed(demo: Demo, deliver: (email: Email) => Promise<void>): Promise<void> {
  const { app, user, setNow } = demo;
  const emails = [
    ...mayaStory(),
    ...chrisStory(),
    ...priyaStory(),
    ...everyoneElse(),
    ...groupEmails(),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const edits: Array<{ at: Date; email: string; line: string }> = [
    {
      at: daysAgo(262, 17),
      email: MAYA.email,
      line: 'note Prefers a call to email; early mornings her time work best',
    },
    { at: daysAgo(60, 15), email: MAYA.email, line: 'birthday December 8' },
    {
      at: daysAgo(44, 16),
      email: MAYA.email,
      line: 'note Moving to the Lisbon office in January: ask how the move went',
    },
    {
      at: daysAgo(150, 16),
      email: 'daniel@harborventures.example',
      line: 'note Leads seed rounds in developer tools; met at the Harbor demo day',
    },
  ];
  /** The LeadDev nudge earned a thank-you: the dispatcher sends the prompt, and the reply
   * `done` (the thank-you written) closes it. */
  const thanked = { at: daysAgo(124, 14), email: MAYA.email };

  // One timeline: the emails, the edits and the `done`. The dispatcher runs before each step,
  // as the local stack's does every minute, so each prompt goes out soon after it is due.
  const steps: Array<{ at: Date; run: () => Promise<void> }> = [
    ...emails.map((email) => ({ at: email.at, run: () => deliver(email) })),
    ...edits.map((x) => ({
      at: x.at,
      run: () => contactCommand(app, user, x.email, x.line, x.at),
    })),
    {
      at: thanked.at,
      run: async () => {
        const [prompt] = (await app.prompts.listFor(user.id, thanked.email)).filter(
          (x) => x.status === 'sent',
        );
        if (!prompt) throw new ScreenshotError('seed: the LeadDev thank-you prompt was not sent');
        await contactCommand(app, user, thanked.email, 'done', thanked.at, prompt.id);
      },
    },
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of steps) {
    setNow(step.at);
    await dispatch(app, step.at);
    await step.run();
  }
  // Now: the dispatcher sends what is due since the last step (Priya's lead).
  setNow(new Date(NOW));
  await dispatch(app, new Date(NOW));
}

/** One line of a reply or `tend contacts edit`, through the contact-command use case. */
async function contactCommand(
  app: App,
  user: User,
  email: string,
  line: string,
  at: Date,
  promptId?: string,
): Promise<void> {
  const parsed = parseCommandLine(line, { now: at, timezone: user.timezone });
  if ('error' in parsed) throw new ScreenshotError(`seed: '${line}': ${parsed.error}`);
  const command = parsed.command;
  if (!isContactCommand(command))
    throw new ScreenshotError(`seed: '${line}' is not a contact command`);
  const prompt = promptId ? await app.prompts.get(user.id, promptId) : null;
  const result = await applyContactCommand(app, {
    user,
    email,
    command,
    now: at,
    door: 'reply',
    idSeed: `screenshot#${email}#${line}`,
    prompt,
  });
  if (result.outcome !== 'applied')
    throw new ScreenshotError(`seed: '${line}' for ${email}: ${result.outcome}`);
}

// ------------------------------------------------------------------ main

async function main(outDir: string): Promise<void> {
  if (!existsSync(CHROMIUM))
    throw new ScreenshotError(`${CHROMIUM} is missing: run apt-get install -y chromium`);
  logger.setLogLevel('ERROR');
  // The SDK's notice that it will need Node 22 in 2027 is for maintainers (as local/env.ts).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

  const running: { services?: LocalServices; server?: ServerType; browser?: Browser } = {};
  try {
    // The web server first: the app needs its own address for the sign-in link.
    const late: { fetch?: (r: Request) => Response | Promise<Response> } = {};
    running.server = await new Promise<ServerType>((started, failed) => {
      const s = serve({ fetch: (r) => late.fetch!(r), port: 0, hostname: LOCAL_HOST }, () =>
        started(s),
      );
      s.once('error', failed);
    });
    const base = `http://${LOCAL_HOST}:${(running.server.address() as AddressInfo).port}`;

    const services = await startLocalServices(); // free ports, in memory, 127.0.0.1
    running.services = services;
    await ensureTable(localDynamoDbClient(services.endpoints.dynamodb), TABLE);
    const s3 = localS3Client(services.endpoints.s3);
    await ensureBucket(s3, TABLE);

    // The environment the handlers would have (the SES mailer reads it on first use).
    Object.assign(process.env, services.env, {
      TEND_TABLE: TABLE,
      TEND_BUCKET: TABLE,
      TEND_INBOUND_DOMAIN: DOMAIN,
      TEND_FROM: `tend@${DOMAIN}`,
      TEND_NOW: NOW,
      TEND_WEB_URL: base,
      TEND_TOKEN_SECRET: randomBytes(32).toString('hex'),
      TEND_SES_RATE: String(LOCAL_SES_RATE),
    });
    resetConfig();
    const config = parseConfig(process.env);
    // The clock walks through the year while the history is replayed, then stays at NOW.
    let now = new Date(daysAgo(365, 12));
    const app = createApp(config, { clock: { now: () => now } });
    const web = createWebApp(app);
    late.fetch = (r) => web.fetch(r);

    const user = await registerUser(
      app.users,
      { email: ME.email, timezone: ME.timezone, also: [] },
      now,
    );
    const deps = ingestDeps(app);
    let logged = 0;
    const deliver = async (email: Email) => {
      now = new Date(email.at.getTime() + 60_000);
      const key = `${config.TEND_INBOUND_PREFIX}${randomBytes(10).toString('hex')}`;
      await s3.send(new PutObjectCommand({ Bucket: TABLE, Key: key, Body: email.raw }));
      const outcome = await ingestEmail(deps, {
        s3Key: key,
        receivedAt: now,
        recipients: [email.to],
        envelopeSender: ME.email,
        verdicts: { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS' },
      });
      if (outcome.outcome !== 'logged')
        throw new ScreenshotError(`seed: an email was not logged (${JSON.stringify(outcome)})`);
      logged += 1;
    };
    await seed(
      {
        app,
        user,
        setNow: (at) => {
          now = at;
        },
      },
      deliver,
    );
    const contacts = await app.contacts.list(user.id);
    console.error(`seeded ${contacts.length} contacts from ${logged} emails`);

    running.browser = await launchChromium();
    const context = await running.browser.newContext({ deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.setViewportSize({ width: DESKTOP_WIDTH, height: 800 });
    // Signing in as a person does: the emailed link, then its button.
    const link = await issueLoginLink(app, user, base, now);
    await page.goto(link.url);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/today`);

    await mkdir(outDir, { recursive: true });
    const shots = [
      { file: 'web-today.png', path: '/today', width: DESKTOP_WIDTH },
      {
        file: 'web-contact.png',
        path: `/contacts/${encodeURIComponent(MAYA.email)}`,
        width: DESKTOP_WIDTH,
      },
      { file: 'web-network.png', path: '/network', width: DESKTOP_WIDTH },
      { file: 'web-today-phone.png', path: '/today', width: PHONE_WIDTH },
    ];
    for (const shot of shots) {
      await page.setViewportSize({ width: shot.width, height: 800 });
      const response = await page.goto(`${base}${shot.path}`);
      if (!response || response.status() !== 200)
        throw new ScreenshotError(`${shot.path} answered ${response?.status() ?? 'nothing'}`);
      const file = join(outDir, shot.file);
      await page.screenshot({ path: file, fullPage: true });
      console.log(`${file} (${(await stat(file)).size} bytes)`);
    }
  } finally {
    await running.browser?.close();
    if (running.server) await new Promise((done) => running.server!.close(done));
    await running.services?.stop();
  }
}

try {
  await main(resolve(process.argv[2] ?? 'docs/images'));
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
}
