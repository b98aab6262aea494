import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IngestOutcome } from '../../../shared/use-cases/ingest-email';
import { type Connection, connectionsCsv, generateConnections } from './linkedin-connections';
import {
  appleMail,
  gmail,
  gmailDate,
  gmailForwardHtml,
  gmailForwardText,
  gmailReplyText,
  iphone,
  iphoneReplyText,
  mailbox,
  type Original,
  outlook,
  outlookDate,
  outlookForwardHtml,
  outlookForwardText,
  outlookReplyText,
  type Person,
  type Quoted,
  thunderbird,
  thunderbirdReplyBelowText,
} from './mail-clients';

/**
 * A realistic week of one user's mail, Monday 7 December 2026 to Monday 14 December, then the
 * two weeks after it (the snoozed thank-you comes back on the 23rd), replayed in time order by
 * ../realistic-week.test.ts. Bessie Berry works at Acme (Outlook, America/New_York) and has a
 * personal Gmail; she BCCs log@ (Outlook's auto-BCC rule: everything she sends), forwards what
 * people send her, answers Tend from her phone, her desk and Thunderbird, and imports a few
 * hundred LinkedIn connections on the first morning.
 *
 * Times are UTC; New York is UTC-5 in December (08:00 there is 13:00Z).
 */

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** Real mail from the shared corpus, read where it lies (never copied into the repository). */
export const CORPUS_APPLE_FORWARD = resolve(
  ROOT,
  '../shared/corpus/forwards/crisp-email-forward-parser/apple_mail_en_body.txt',
);

export const DOMAIN = 'in.tend.localhost';
export const LOG = `log@${DOMAIN}`;
export const ZONE = 'America/New_York';

export const USER = {
  name: 'Bessie Berry',
  /** Her work address (Outlook, Exchange): the one she registers, and the one Tend writes to. */
  work: 'bessie.berry@acme.com',
  /** Her personal Gmail, registered with --also. */
  home: 'bessieberry@gmail.example',
};
/** How Exchange writes her in From. */
const BESSIE_OUTLOOK = `"Berry, Bessie" <${USER.work}>`;
const BESSIE_GMAIL = `Bessie Berry <${USER.home}>`;
const BESSIE_APPLE = `Bessie Berry <${USER.work}>`;

const p = (name: string | null, address: string): Person => ({ name, address });

export const PEOPLE = {
  omar: p('Haddad, Omar', 'omar@globex.example'),
  priya: p('Priya Raman', 'priya@initech.example'),
  rita: p('Rita Alvarez', 'rita.alvarez@hooli.example'),
  sam: p('Sam Lee', 'sam.lee@piedpiper.example'),
  dana: p('Smith, Dana', 'dana.smith@globex.example'),
  morgan: p('Lee, Morgan', 'morgan.lee@umbrella.example'),
  wei: p('Chen, Wei', 'wei.chen@initech.example'),
  jaewon: p('Park, Jae-won', 'jaewon.park@umbrella.example'),
  lena: p('Lena Fischer', 'lena@fischer-design.example'),
  // From the corpus forward (crisp-email-forward-parser's apple_mail_en_body.txt).
  john: p('John Doe', 'john.doe@acme.com'),
  walter: p('Walter Sheltan', 'walter.sheltan@acme.com'),
  nicholas: p('Nicholas', 'nicholas@globex.corp'),
};

/** Role and machine addresses in the week's mail: never contacts unless tagged. */
export const ROLES = {
  recruiting: p('Globex Recruiting', 'recruiting@globex.example'),
  calendly: p('Calendly', 'no-reply@calendly.example'),
  careers: p('Hooli Careers', 'careers@hooli.example'),
  support: p('Globex Visitor Desk', 'support@globex.example'),
  jobs: p('Initech Talent', 'jobs@initech.example'),
};

/** A stranger who found log@ (a newsletter list): gets nothing back, ever. */
export const STRANGER = 'newsletter@promo-deals.example';

/** The whole Acme office, on the holiday potluck email: 61 people, more than 50 contacts. */
export const OFFICE = Array.from({ length: 61 }, (_, i) =>
  p(`Colleague ${String(i + 1).padStart(2, '0')}`, `colleague${i + 1}@acme.com`),
);

// ------------------------------------------------------------------ LinkedIn

/** Generated connections, plus Priya (whom the week's mail also involves). */
export const CONNECTION_COUNT = 300;
export const PRIYA_ON_LINKEDIN: Connection = {
  first: 'Priya',
  last: 'Raman',
  slug: 'priya-raman-7b',
  email: PEOPLE.priya.address,
  company: 'Initech',
  position: 'Director of Engineering',
  connectedOn: '14 Jun 2019',
};
export const CONNECTIONS = generateConnections(CONNECTION_COUNT - 1, [PRIYA_ON_LINKEDIN]);
export const CONNECTIONS_CSV = connectionsCsv(CONNECTIONS);

// ------------------------------------------------------------------ what Tend sends

export type EmailKind = 'thanks' | 'digest' | 'confirmation' | 'notice';

export interface Expected {
  /** A name for replies and later checks to refer to it. */
  id?: string;
  kind: EmailKind;
  subject: string;
}

const thanks = (id: string, subject: string): Expected => ({ id, kind: 'thanks', subject });
const confirmation = (id: string, subject: string): Expected => ({
  id,
  kind: 'confirmation',
  subject,
});
const notice = (id: string, subject: string): Expected => ({
  id,
  kind: 'notice',
  subject: `Tend could not use your email “${subject}”`,
});
const digest = (id: string, subject: string): Expected => ({ id, kind: 'digest', subject });

/** The dispatcher: `tend tick` every 3 hours at :05 (deployed it runs every 5 minutes; nothing
 * in this week is due closer than that to another thing). 13:05Z is 08:05 in New York. */
export const TICK_HOURS_UTC = [1, 4, 7, 10, 13, 16, 19, 22];
export const FIRST_TICK = '2026-12-07T13:05:00Z';
export const LAST_TICK = '2026-12-29T01:05:00Z';

/**
 * The ticks that send something, and what; every other tick sends nothing. Among those: Monday
 * 7 December 08:05 New York, Bessie's first digest slot, when nothing is due yet (the imported
 * connections are not due, and suggestions alone make no digest: SPEC 3).
 */
export const DISPATCHES: Record<string, Expected[]> = {
  // The old email forwarded on Monday evening: its thank-you was due long ago, so at once.
  '2026-12-08T01:05:00Z': [thanks('thanks-john', 'Send John Doe a thank-you?')],
  // Rita's intro, Monday 09:02 New York: due 24 h later.
  '2026-12-08T16:05:00Z': [thanks('thanks-rita', 'Thank Rita Alvarez for the intro?')],
  // Dana's advice, Monday 16:12 New York (forwarded on Tuesday).
  '2026-12-08T22:05:00Z': [thanks('thanks-dana', 'Thank Dana Smith for the advice?')],
  // Morgan's "Re: Coffee next week?", Wednesday 17:40 New York (the HTML-only forward).
  '2026-12-11T01:05:00Z': [thanks('thanks-morgan', 'Thank Morgan Lee for the coffee?')],
  // Wei's referral (Thursday) earns no prompt: Bessie thanked Wei herself before it was due.
  // Lena's feedback, Friday 08:30 New York (Gmail's HTML-only forward).
  '2026-12-12T16:05:00Z': [thanks('thanks-lena', 'Thank Lena Fischer for the feedback?')],
  '2026-12-14T13:05:00Z': [digest('digest-1', 'Tend: 3 people to reconnect with')],
  '2026-12-21T13:05:00Z': [digest('digest-2', 'Tend: 1 person to reconnect with')],
  // "snooze 2w" on Wednesday the 9th at 09:45 New York: back two weeks later, once.
  '2026-12-23T16:05:00Z': [thanks('thanks-dana-again', 'Thank Dana Smith for the advice?')],
  '2026-12-28T13:05:00Z': [digest('digest-3', 'Tend: 1 person to reconnect with')],
};

// ------------------------------------------------------------------ the week's mail

export interface Outgoing {
  raw: Buffer;
  /** SMTP envelope as the sender's server relays it to Tend's MX: only inbound-domain recipients. */
  envelope: { from: string; to: string[] };
}

/** Tend's email a reply answers, as the user's client shows it. */
export interface Answered {
  replyTo: string;
  quoted: Quoted;
}

interface StepBase {
  at: string;
  /** What happens, in a few words (step labels in failures). */
  what: string;
  /** What ingest makes of it. */
  outcome: IngestOutcome;
  /** What Tend sends back at once (confirmations, notices). */
  sends: Expected[];
}

export type Step =
  | (StepBase & { kind: 'mail'; build: () => Promise<Outgoing> })
  | (StepBase & {
      kind: 'reply';
      /** The id of the Tend email answered. */
      answers: string;
      build: (answered: Answered) => Promise<Outgoing>;
    });

const bcc = (raw: Buffer, from: string, to = LOG): Outgoing => ({
  raw,
  envelope: { from, to: [to] },
});

const logged = (contacts: number): IngestOutcome => ({ outcome: 'logged', contacts });
const applied = (n: number): IngestOutcome => ({ outcome: 'reply', result: `${n}/${n} applied` });

const RITA_INTRO: Original = {
  from: PEOPLE.rita,
  date: gmailDate('2026-12-07T14:02:00Z', ZONE),
  to: [p('Bessie Berry', USER.home)],
  cc: [PEOPLE.sam],
  subject: 'Intro: Bessie <> Sam Lee',
  body: 'Hi both,\n\nBessie, meet Sam: Sam leads platform at Pied Piper and is hiring. Sam, Bessie ran the payments migration at Acme I told you about.\n\nI will let you two take it from here!\n\nRita',
};

const DANA_ADVICE: Original = {
  from: PEOPLE.dana,
  date: outlookDate('2026-12-07T21:12:00Z', ZONE),
  to: [p('Berry, Bessie', USER.work)],
  cc: [ROLES.recruiting, PEOPLE.omar],
  subject: 'Advice on your portfolio review',
  body: 'Hi Bessie,\n\nLead with the payments migration: the panel cares most about how you handled the cutover. Keep the architecture slides to three.\n\nBest,\nDana',
};

const MORGAN_COFFEE: Original = {
  from: PEOPLE.morgan,
  date: outlookDate('2026-12-09T22:40:00Z', ZONE),
  to: [p('Berry, Bessie', USER.work)],
  subject: 'Re: Coffee next week?',
  body: 'Happy to grab coffee on Thursday at 10. Bring the deck, I would love to see it.\n\nMorgan',
};

const WEI_REFERRAL: Original = {
  from: PEOPLE.wei,
  date: outlookDate('2026-12-10T14:12:00Z', ZONE),
  to: [p('Berry, Bessie', USER.work)],
  subject: 'Referral for the Initech platform role',
  body: 'Bessie,\n\nI put your name forward for the platform lead role; expect a note from our recruiter this week.\n\nWei',
};

const LENA_FEEDBACK: Original = {
  from: PEOPLE.lena,
  date: gmailDate('2026-12-11T13:30:00Z', ZONE),
  to: [p('Bessie Berry', USER.home)],
  subject: 'Portfolio feedback',
  body: 'Hi Bessie,\n\nI went through the portfolio: the case studies are strong, but put the outcomes first.\n\nLena',
};

const omarThread = {
  subject: 'Following up on the platform role',
  messageId: '<BN7PR11MB0001@BN7PR11MB2721.namprd11.prod.outlook.com>',
};

export const STEPS: Step[] = [
  {
    at: '2026-12-07T14:30:00Z',
    what: 'Outlook: an email to Omar, Cc Priya, auto-BCC log@',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: mailbox(PEOPLE.omar),
          cc: mailbox(PEOPLE.priya),
          subject: omarThread.subject,
          at: '2026-12-07T14:30:00Z',
          text: 'Hi Omar,\r\n\r\nThanks for the call on Friday. I have attached the portfolio; Priya can speak to the migration work.\r\n\r\nBest,\r\nBessie',
          html: '<p>Hi Omar,</p><p>Thanks for the call on Friday. I have attached the portfolio; Priya can speak to the migration work.</p><p>Best,<br>Bessie</p>',
          messageId: omarThread.messageId,
        }),
        USER.work,
      ),
    outcome: logged(2),
    sends: [],
  },
  {
    at: '2026-12-07T15:20:00Z',
    what: 'Gmail: Rita’s intro (Cc Sam) forwarded from the personal address',
    kind: 'mail',
    build: async () =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: LOG,
          subject: `Fwd: ${RITA_INTRO.subject}`,
          at: '2026-12-07T15:20:00Z',
          text: gmailForwardText(RITA_INTRO),
          html: gmailForwardHtml(RITA_INTRO),
        }),
        USER.home,
      ),
    outcome: logged(2),
    sends: [],
  },
  {
    at: '2026-12-07T22:30:00Z',
    what: 'Apple Mail: an old thread forwarded (the corpus’s apple_mail_en_body.txt, 2021, Cc Walter and Nicholas)',
    kind: 'mail',
    build: async () =>
      bcc(
        await appleMail({
          from: BESSIE_APPLE,
          to: LOG,
          subject: 'Fwd: Integer consequat non purus',
          at: '2026-12-07T22:30:00Z',
          text: readFileSync(CORPUS_APPLE_FORWARD, 'utf8'),
        }),
        USER.work,
      ),
    outcome: logged(3),
    sends: [],
  },
  {
    at: '2026-12-08T13:00:00Z',
    what: 'Thunderbird, answer below the quote: "skip" and "every 6 months" to John’s prompt',
    kind: 'reply',
    answers: 'thanks-john',
    build: async ({ replyTo, quoted }) =>
      bcc(
        await thunderbird({
          from: BESSIE_APPLE,
          to: replyTo,
          subject: `Re: ${quoted.subject}`,
          at: '2026-12-08T13:00:00Z',
          text: thunderbirdReplyBelowText('skip\nevery 6 months', quoted),
        }),
        USER.work,
        replyTo,
      ),
    outcome: applied(2),
    sends: [confirmation('confirm-john', 'Tend: done (2 commands)')],
  },
  {
    at: '2026-12-08T15:45:00Z',
    what: 'Outlook: Dana’s advice forwarded ("Smith, Dana"; Cc recruiting@ and Omar)',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: LOG,
          subject: `FW: ${DANA_ADVICE.subject}`,
          at: '2026-12-08T15:45:00Z',
          text: outlookForwardText(DANA_ADVICE),
          html: outlookForwardHtml(DANA_ADVICE),
        }),
        USER.work,
      ),
    outcome: logged(2),
    sends: [],
  },
  {
    at: '2026-12-08T17:00:00Z',
    what: 'iPhone: "Done" to Rita’s prompt, with contact commands naming other contacts',
    kind: 'reply',
    answers: 'thanks-rita',
    build: async ({ replyTo, quoted }) =>
      bcc(
        await iphone({
          from: BESSIE_APPLE,
          to: replyTo,
          subject: `Re: ${quoted.subject}`,
          at: '2026-12-08T17:00:00Z',
          text: iphoneReplyText(
            [
              'Done',
              'tag omar@globex.example recruiter',
              'rename nicholas@globex.corp Nicholas Landers',
              'every nicholas@globex.corp 2 months',
            ].join('\n'),
            quoted,
          ),
        }),
        USER.work,
        replyTo,
      ),
    outcome: applied(4),
    sends: [confirmation('confirm-rita', 'Tend: done (4 commands)')],
  },
  {
    at: '2026-12-08T19:00:00Z',
    what: 'Gmail: an email to Sam, BCC log@',
    kind: 'mail',
    build: async () =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: mailbox(PEOPLE.sam),
          subject: 'Great to meet you, Sam',
          at: '2026-12-08T19:00:00Z',
          text: 'Hi Sam,\n\nThanks to Rita for connecting us. Would Thursday work for a call?\n\nBessie',
        }),
        USER.home,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-09T14:45:00Z',
    what: 'Outlook: "snooze 2w" to Dana’s prompt',
    kind: 'reply',
    answers: 'thanks-dana',
    build: async ({ replyTo, quoted }) =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: replyTo,
          subject: `RE: ${quoted.subject}`,
          at: '2026-12-09T14:45:00Z',
          text: outlookReplyText('snooze 2w', quoted, `Berry, Bessie <${USER.work}>`),
        }),
        USER.work,
        replyTo,
      ),
    outcome: applied(1),
    sends: [confirmation('confirm-dana', 'Tend: done (1 command)')],
  },
  {
    at: '2026-12-09T16:00:00Z',
    what: 'Outlook: reply-all to Omar and Priya, Calendly’s no-reply@ in Cc',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: mailbox(PEOPLE.omar),
          cc: [mailbox(PEOPLE.priya), mailbox(ROLES.calendly)],
          subject: `RE: ${omarThread.subject}`,
          at: '2026-12-09T16:00:00Z',
          inReplyTo: '<BN7PR11MB0002@BN7PR11MB2722.namprd11.prod.outlook.com>',
          references: `${omarThread.messageId} <BN7PR11MB0002@BN7PR11MB2722.namprd11.prod.outlook.com>`,
          text: [
            'Thursday at 2 works, see you then.',
            '',
            'Bessie',
            '',
            '________________________________',
            `From: Haddad, Omar <${PEOPLE.omar.address}>`,
            `Sent: ${outlookDate('2026-12-09T13:10:00Z', ZONE)}`,
            `To: Berry, Bessie <${USER.work}>`,
            `Cc: Priya Raman <${PEOPLE.priya.address}>; Calendly <${ROLES.calendly.address}>`,
            `Subject: RE: ${omarThread.subject}`,
            '',
            'Bessie, can you do Thursday at 2 for the panel? Done is better than perfect on the deck.',
            '',
            'Omar',
          ].join('\r\n'),
        }),
        USER.work,
      ),
    outcome: logged(2),
    sends: [],
  },
  {
    at: '2026-12-09T20:00:00Z',
    what: 'Outlook: an application to careers@ (a role address), Cc Rita who referred her',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: mailbox(ROLES.careers),
          cc: mailbox(PEOPLE.rita),
          subject: 'Application: Staff Engineer, Payments (referred by Rita Alvarez)',
          at: '2026-12-09T20:00:00Z',
          text: 'Hello,\r\n\r\nPlease find my application for the Staff Engineer role attached. Rita Alvarez referred me.\r\n\r\nBessie Berry',
        }),
        USER.work,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-10T14:00:00Z',
    what: 'Outlook on the web: an HTML-only forward of Morgan’s reply ("Lee, Morgan")',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: LOG,
          subject: `Fw: ${MORGAN_COFFEE.subject}`,
          at: '2026-12-10T14:00:00Z',
          html: outlookForwardHtml(MORGAN_COFFEE, 'FYI, coffee with Morgan on Thursday.'),
        }),
        USER.work,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-10T15:00:00Z',
    what: 'Outlook: Wei’s referral forwarded ("Chen, Wei")',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: LOG,
          subject: `FW: ${WEI_REFERRAL.subject}`,
          at: '2026-12-10T15:00:00Z',
          text: outlookForwardText(WEI_REFERRAL),
          html: outlookForwardHtml(WEI_REFERRAL),
        }),
        USER.work,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-10T16:00:00Z',
    what: 'Outlook: the holiday potluck, to the whole office (61 people), auto-BCC',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: OFFICE.map(mailbox),
          subject: 'Holiday potluck on the 18th',
          at: '2026-12-10T16:00:00Z',
          text: 'Hi all,\r\n\r\nPotluck in the kitchen on Friday the 18th at noon. Reply with what you will bring!\r\n\r\nBessie',
        }),
        USER.work,
      ),
    outcome: { outcome: 'quarantined', reason: 'too-many-recipients' },
    sends: [notice('notice-potluck', 'Holiday potluck on the 18th')],
  },
  {
    at: '2026-12-10T16:20:00Z',
    what: 'Outlook: her reply-all to the potluck thread, 20 minutes later',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: OFFICE.map(mailbox),
          subject: 'RE: Holiday potluck on the 18th',
          at: '2026-12-10T16:20:00Z',
          text: 'I will bring dumplings.\r\n\r\nBessie',
        }),
        USER.work,
      ),
    outcome: { outcome: 'quarantined', reason: 'too-many-recipients' },
    // SPEC 4: at most one notice per reason per hour.
    sends: [],
  },
  {
    at: '2026-12-10T21:30:00Z',
    what: 'Outlook: Bessie thanks Wei herself, before the prompt is due',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: mailbox(PEOPLE.wei),
          subject: `RE: ${WEI_REFERRAL.subject}`,
          at: '2026-12-10T21:30:00Z',
          text: 'Wei, thank you so much for putting my name forward!\r\n\r\nBessie',
        }),
        USER.work,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-10T22:00:00Z',
    what: 'Outlook: an email to support@ only (the visitor desk), auto-BCC',
    kind: 'mail',
    build: async () =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: mailbox(ROLES.support),
          subject: 'Visitor badge for Monday’s onsite',
          at: '2026-12-10T22:00:00Z',
          text: 'Hello,\r\n\r\nI have an onsite with Omar Haddad on Monday at 10. Could you prepare a visitor badge?\r\n\r\nBessie Berry',
        }),
        USER.work,
      ),
    outcome: { outcome: 'quarantined', reason: 'no-contacts' },
    sends: [notice('notice-badge', 'Visitor badge for Monday’s onsite')],
  },
  {
    at: '2026-12-11T01:06:00Z',
    what: 'Outlook’s automatic reply (out of office Friday) to Morgan’s prompt',
    kind: 'reply',
    answers: 'thanks-morgan',
    build: async ({ replyTo, quoted }) =>
      bcc(
        await outlook({
          from: BESSIE_OUTLOOK,
          to: replyTo,
          subject: `Automatic reply: ${quoted.subject}`,
          at: '2026-12-11T01:06:00Z',
          text: 'I am out of the office on Friday, December 11, with limited access to email. I will reply when I am back on Monday.',
          headers: {
            'Auto-Submitted': 'auto-replied',
            'X-Auto-Response-Suppress': 'All',
            'X-MS-Exchange-Inbox-Rules-Loop': USER.work,
          },
        }),
        '',
        replyTo,
      ),
    outcome: { outcome: 'dropped', reason: 'auto-submitted' },
    sends: [],
  },
  {
    at: '2026-12-11T14:00:00Z',
    what: 'Gmail: an email to jobs@ (a role address) sent to log+recruiter@, so it is tagged',
    kind: 'mail',
    build: async () =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: mailbox(ROLES.jobs),
          subject: 'Platform lead role: Wei Chen referred me',
          at: '2026-12-11T14:00:00Z',
          text: 'Hello Initech talent team,\n\nWei Chen referred me for the platform lead role; my CV is attached.\n\nBessie',
        }),
        USER.home,
        `log+recruiter@${DOMAIN}`,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-11T15:00:00Z',
    what: 'an HTML-only forward with Gmail’s header block (each address a mailto link): Lena’s feedback',
    kind: 'mail',
    build: async () =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: LOG,
          subject: `Fwd: ${LENA_FEEDBACK.subject}`,
          at: '2026-12-11T15:00:00Z',
          html: gmailForwardHtml(LENA_FEEDBACK),
        }),
        USER.home,
      ),
    // Gmail's HTML-only forward: each address a mailto link, read as the sender wrote it.
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-12T16:00:00Z',
    what: 'Gmail on Saturday: lunch with "Park, Jae-won", BCC log@',
    kind: 'mail',
    build: async () =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: mailbox(PEOPLE.jaewon),
          subject: 'Lunch in January?',
          at: '2026-12-12T16:00:00Z',
          text: 'Hi Jae-won,\n\nIt has been too long. Lunch in January?\n\nBessie',
        }),
        USER.home,
      ),
    outcome: logged(1),
    sends: [],
  },
  {
    at: '2026-12-12T18:00:00Z',
    what: 'a newsletter from a stranger to log@',
    kind: 'mail',
    build: async () => ({
      raw: await gmail({
        from: `Deals Daily <${STRANGER}>`,
        to: LOG,
        subject: 'Your weekend deals are here',
        at: '2026-12-12T18:00:00Z',
        text: 'Save 40% this weekend only.',
      }),
      envelope: { from: STRANGER, to: [LOG] },
    }),
    outcome: { outcome: 'quarantined', reason: 'unknown-sender' },
    sends: [],
  },
  {
    at: '2026-12-14T15:30:00Z',
    what: 'Gmail: numbered commands to the first digest',
    kind: 'reply',
    answers: 'digest-1',
    build: async ({ replyTo, quoted }) =>
      bcc(
        await gmail({
          from: BESSIE_GMAIL,
          to: replyTo,
          subject: `Re: ${quoted.subject}`,
          at: '2026-12-14T15:30:00Z',
          text: gmailReplyText(
            [
              '1 done',
              '2 snooze 1 month',
              '3 note Old Acme colleague, ask about the Berlin office',
              '5 mute',
            ].join('\n'),
            quoted,
          ),
        }),
        USER.home,
        replyTo,
      ),
    outcome: applied(4),
    sends: [confirmation('confirm-digest-1', 'Tend: done (4 commands)')],
  },
];
