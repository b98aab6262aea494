import { count } from '../count';
import { displayName, firstName, formatDay, timeSince } from './format';
import { html, isWebUrl, type SafeHtml } from './html';
import type { ActionLinks } from '../action-links';
import {
  S,
  actionLinksHtml,
  actionLinksText,
  code,
  commandListHtml,
  commandListText,
  draftLinkHtml,
  draftLinkText,
  emailDocument,
  joinText,
  TEXT_RULE,
  TEXT_SIGNOFF,
  type CommandEntry,
  type RenderedEmail,
} from './layout';
import { canWriteTo, type Draft } from './mailto';
import { upcomingDatesHtml, upcomingDatesText, type UpcomingDateView } from './upcoming-dates';

export interface DigestItemView {
  /** The number the user types in a reply (`2 snooze 1 month`). */
  n: number;
  name: string | null;
  /** null for a LinkedIn-only contact (no address: no draft link). */
  email: string | null;
  linkedinUrl: string | null;
  lastInteractionAt: string | null;
  lastSubject: string | null;
  tags: string[];
  latestNote: string | null;
  /** SPEC 8: Done / Snooze 2 weeks / Open for this item; absent without TEND_WEB_URL. */
  links?: ActionLinks | null;
  /** SPEC 9: who introduced the user to them (a name, else the address); absent or null: nobody. */
  introducedBy?: string | null;
}

/** An imported contact nothing was logged with yet, suggested for rediscovery (SPEC 3). */
export interface RediscoverItemView {
  /** Numbered after the due items, so `6 done` works on it too. */
  n: number;
  name: string | null;
  email: string | null;
  linkedinUrl: string | null;
  /** The LinkedIn connection date, when the import had one. */
  connectedAt: string | null;
  tags: string[];
  latestNote: string | null;
  links?: ActionLinks | null;
}

export interface PendingThanksView {
  name: string | null;
  email: string;
  subject: string | null;
  at: string;
  /** The prompt's own links (they act on the prompt, as a reply to it would). */
  links?: ActionLinks | null;
}

export interface DigestView {
  timezone: string;
  now: string;
  /** Already chosen and ordered by the caller (at most the user's limit, most overdue first). */
  items: DigestItemView[];
  /** At most a couple, numbered after `items`. */
  rediscover: RediscoverItemView[];
  pendingThanks: PendingThanksView[];
  /** SPEC 9: birthdays and anniversaries of the next two weeks, numbered after the others. */
  dates?: UpcomingDateView[];
  /** More dates fall in the window than `dates` lists. */
  moreDates?: boolean;
  /** `dueAtLeast`: more are due than `due` (the count stopped at its limit). */
  stats: { loggedThisWeek: number; reconnectedThisWeek: number; due: number; dueAtLeast?: boolean };
}

/**
 * Examples of numbered replies for the digest footer (SPEC 3, 4), with the digest's own item
 * numbers: never a number it does not have, none at all without items.
 */
export function digestItemExamples(
  view: Pick<DigestView, 'items' | 'rediscover' | 'dates'>,
): CommandEntry[] {
  const numbers = [...view.items, ...view.rediscover].map((i) => i.n);
  const [first, second, third] = numbers;
  const dated = view.dates?.[0]?.n;
  const dateExample: CommandEntry[] =
    dated === undefined
      ? []
      : [{ command: `${dated} done`, effect: `you wrote to #${dated} for the day (logged)` }];
  if (first === undefined) return dateExample;
  const examples: CommandEntry[] = [
    {
      command: `${second ?? first} snooze 1 month`,
      effect: `remind you about #${second ?? first} in a month`,
    },
    {
      command: `${third ?? first} done`,
      effect: `you got in touch with #${third ?? first} (logged, clock restarts)`,
    },
    { command: `${first} note met at the meetup`, effect: `add a note to #${first}` },
  ];
  const suggested = view.rediscover[0]?.n;
  if (suggested !== undefined)
    examples.push({ command: `${suggested} mute`, effect: `never suggest #${suggested} again` });
  return [...examples, ...dateExample];
}

/** User commands a digest reply also takes, without a number. */
export const DIGEST_USER_COMMANDS: readonly CommandEntry[] = [
  { command: 'digest off', effect: 'stop this weekly email (digest on restarts it)' },
  { command: 'pause 2w', effect: 'no prompts at all for two weeks' },
  { command: 'unsubscribe', effect: 'stop every email from Tend' },
  { command: 'help', effect: 'every command Tend understands' },
];

function lastContact(item: DigestItemView, view: DigestView): string {
  if (item.lastInteractionAt === null) return 'No contact logged yet';
  const ago = timeSince(item.lastInteractionAt, view.now, view.timezone);
  return `Last contact ${ago} (${formatDay(item.lastInteractionAt, view.timezone, view.now)})`;
}

function connected(item: RediscoverItemView, view: DigestView): string {
  if (item.connectedAt === null) return 'No contact logged yet';
  const ago = timeSince(item.connectedAt, view.now, view.timezone);
  return `Connected on LinkedIn ${ago} (${formatDay(item.connectedAt, view.timezone, view.now)}); no contact logged yet`;
}

type Person = Pick<
  DigestItemView,
  'name' | 'email' | 'linkedinUrl' | 'tags' | 'latestNote' | 'links' | 'introducedBy'
>;

/** How to reach the contact: the address, else the LinkedIn profile, else nothing. */
function reach(item: Person): { text: string; html: SafeHtml } | null {
  if (item.email) return { text: item.email, html: html`${item.email}` };
  if (item.linkedinUrl) {
    const url = item.linkedinUrl;
    return {
      text: `LinkedIn: ${url}`,
      html: isWebUrl(url)
        ? html`LinkedIn: <a href="${url}" style="${S.link}">${url}</a>`
        : html`LinkedIn: ${url}`,
    };
  }
  return null;
}

function greeting(item: Person): string {
  const first = firstName(item.name);
  return first ? `Hi ${first},` : 'Hi,';
}

/** A first line to get back in touch, for someone the user has written to before. */
function reconnectDraft(item: DigestItemView): Draft | null {
  if (!canWriteTo(item.email)) return null;
  return {
    to: item.email,
    subject: 'Catching up',
    body: `${greeting(item)}\n\nIt has been a while since we last talked. How are things with you?\n\n`,
  };
}

/** A first line for someone the user is connected with but never wrote to. */
function rediscoverDraft(item: RediscoverItemView, view: DigestView): Draft | null {
  if (!canWriteTo(item.email)) return null;
  const year = item.connectedAt?.slice(0, 4);
  const since = year && year !== view.now.slice(0, 4) ? ` back in ${year}` : '';
  const line = item.connectedAt
    ? `We connected on LinkedIn${since}, and I realised we have never really talked. Would you be up for a quick call in the next few weeks?`
    : 'It has been a long time! How are things with you? I would love to catch up.';
  return { to: item.email, subject: 'Saying hello', body: `${greeting(item)}\n\n${line}\n\n` };
}

/** Who the draft link names: the first name, else the address. */
function writeTo(item: Person & { email: string }): string {
  return firstName(item.name) ?? item.email;
}

function statsLine(view: DigestView): string {
  const { loggedThisWeek, reconnectedThisWeek, due, dueAtLeast } = view.stats;
  const shown = view.items.length < due ? ` (the ${view.items.length} most overdue are above)` : '';
  return (
    `This week: ${count(loggedThisWeek, 'interaction', 'interactions')} logged, ` +
    `${count(reconnectedThisWeek, 'person', 'people')} reconnected, ${due}${dueAtLeast ? '+' : ''} due${shown}.`
  );
}

function title(view: DigestView): string {
  if (view.items.length > 0)
    return `${count(view.items.length, 'person', 'people')} to reconnect with`;
  if (view.pendingThanks.length > 0)
    return `${count(view.pendingThanks.length, 'thank-you', 'thank-yous')} to send`;
  // Suggestions ride along; they never make a digest, dates do (SPEC 9).
  const dates = view.dates?.length ?? 0;
  if (dates > 0) return `${count(dates, 'date', 'dates')} coming up`;
  return `${count(view.rediscover.length, 'person', 'people')} to rediscover`;
}

/** One numbered person: name, how to reach them, the detail lines, the draft link. */
function personHtml(
  item: Person & { n: number },
  when: string,
  lastSubject: string | null,
  draft: Draft | null,
): SafeHtml {
  const contact = reach(item);
  const name = displayName(item.name, item.email);
  const showReach = contact !== null && name !== item.email;
  return html`<div style="${S.item}">
    <p style="${S.itemName}"><span style="${S.number}">${item.n}</span>${name}</p>
    ${showReach ? html`<p style="${S.muted}">${contact.html}</p>` : ''}
    <p style="${S.line}">${when}</p>
    ${item.introducedBy ? html`<p style="${S.line}">Introduced by ${item.introducedBy}</p>` : ''}
    ${lastSubject ? html`<p style="${S.line}"><strong>Subject:</strong> ${lastSubject}</p>` : ''}
    ${item.tags.length > 0 ? html`<p style="${S.line}">${item.tags.map((t) => html`<span style="${S.tag}">${t}</span>`)}</p>` : ''}
    ${item.latestNote ? html`<p style="${S.line}"><strong>Note:</strong> ${item.latestNote}</p>` : ''}
    ${draft ? html`<p style="${S.line}">${draftLinkHtml(writeTo({ ...item, email: draft.to }), draft)}</p>` : ''}
    ${item.links ? actionLinksHtml(item.links, name) : ''}
  </div> `;
}

function personText(
  item: Person & { n: number },
  when: string,
  lastSubject: string | null,
  draft: Draft | null,
): string {
  const contact = reach(item);
  const name = displayName(item.name, item.email);
  const lines = [`${item.n}. ${name}`];
  if (contact !== null && name !== item.email) lines.push(`   ${contact.text}`);
  lines.push(`   ${when}`);
  if (item.introducedBy) lines.push(`   Introduced by ${item.introducedBy}`);
  if (lastSubject) lines.push(`   Subject: ${lastSubject}`);
  if (item.tags.length > 0) lines.push(`   Tags: ${item.tags.join(', ')}`);
  if (item.latestNote) lines.push(`   Note: ${item.latestNote}`);
  if (draft) lines.push(`   ${draftLinkText(writeTo({ ...item, email: draft.to }), draft)}`);
  if (item.links) lines.push(actionLinksText(item.links, '   '));
  return lines.join('\n');
}

function itemHtml(item: DigestItemView, view: DigestView): SafeHtml {
  return personHtml(item, lastContact(item, view), item.lastSubject, reconnectDraft(item));
}

function itemText(item: DigestItemView, view: DigestView): string {
  return personText(item, lastContact(item, view), item.lastSubject, reconnectDraft(item));
}

function rediscoverHtml(item: RediscoverItemView, view: DigestView): SafeHtml {
  return personHtml(item, connected(item, view), null, rediscoverDraft(item, view));
}

function rediscoverText(item: RediscoverItemView, view: DigestView): string {
  return personText(item, connected(item, view), null, rediscoverDraft(item, view));
}

/** Says what the action links do (a click only opens a page: the button there acts). */
const LINKS_NOTE =
  'Or use the links under each person: each opens a page with one button, no sign-in needed.';

const REDISCOVER_HEADING = 'Rediscover';
const REDISCOVER_INTRO =
  'People you are connected with but have not been in touch with yet: a couple each week, never the same person twice in six months.';

function thanksDetail(t: PendingThanksView, view: DigestView): string {
  const about = t.subject ? `“${t.subject}”, ` : '';
  return `${about}${formatDay(t.at, view.timezone, view.now)}`;
}

function thanksHtml(t: PendingThanksView, view: DigestView): SafeHtml {
  const name = displayName(t.name, null);
  const named = t.name?.trim() ? name : null;
  return html`<p style="${S.line}">
      &bull;
      <strong>${named ?? t.email}</strong
      >${named ? html` <span style="${S.mutedInline}">${t.email}</span>` : ''} &ndash;
      ${thanksDetail(t, view)}
    </p>
    ${t.links ? actionLinksHtml(t.links, named ?? t.email) : ''}`;
}

function thanksText(t: PendingThanksView, view: DigestView): string {
  const named = t.name?.trim() ? displayName(t.name, null) : null;
  const line = `- ${named ? `${named} <${t.email}>` : t.email} - ${thanksDetail(t, view)}`;
  return t.links ? `${line}\n${actionLinksText(t.links, '  ')}` : line;
}

/**
 * The weekly digest: numbered people to reconnect with, a couple of imported contacts to
 * rediscover, the thank-yous still pending, one line of stats, and the replies it takes (with
 * its real item numbers). The caller decides whether it is sent at all.
 */
export function renderDigest(view: DigestView): RenderedEmail {
  const heading = title(view);
  const subject = `Tend: ${heading}`;
  const hasItems = view.items.length > 0;
  const hasRediscover = view.rediscover.length > 0;
  const hasThanks = view.pendingThanks.length > 0;
  const examples = digestItemExamples(view);
  // The first number the digest has (a due item, else a suggestion), for the example.
  const first = (view.items[0] ?? view.rediscover[0] ?? view.dates?.[0])?.n;
  const hint =
    first === undefined
      ? null
      : {
          lead: `${hasItems ? 'Most overdue first. ' : ''}Reply with a number and a command, e.g.`,
          example: `${first} done`,
        };

  // SPEC 8: links only when the web app's address is known (TEND_WEB_URL); then say what they do.
  const linked = [
    ...view.items,
    ...view.rediscover,
    ...view.pendingThanks,
    ...(view.dates ?? []),
  ].some((i) => i.links);
  const body = html`<h1 style="${S.h1}">${heading}</h1>
    ${hint !== null ? html`<p style="${S.p}">${hint.lead} ${code(hint.example)}.</p>` : ''}
    ${linked ? html`<p style="${S.p}">${LINKS_NOTE}</p>` : ''}
    ${view.items.map((item) => itemHtml(item, view))}
    ${
      hasRediscover
        ? html`<h2 style="${S.section}">${REDISCOVER_HEADING}</h2>
            <p style="${S.muted}">${REDISCOVER_INTRO}</p>
            ${view.rediscover.map((item) => rediscoverHtml(item, view))}`
        : ''
    }
    ${
      hasThanks
        ? html`<h2 style="${S.section}">Thank-yous still to send</h2>
            <p style="${S.muted}">Reply to each prompt email to mark it done.</p>
            ${view.pendingThanks.map((t) => thanksHtml(t, view))}`
        : ''
    }
    ${upcomingDatesHtml(view.dates ?? [], view.moreDates === true)}
    <p style="${S.stats}">${statsLine(view)}</p>`;

  const footer =
    examples.length > 0
      ? html`<p style="${S.p}">
            <strong>Reply with one command per line.</strong> Start with the item number:
          </p>
          ${commandListHtml(examples)}
          <p style="${S.p}">Or, without a number:</p>
          ${commandListHtml(DIGEST_USER_COMMANDS)}`
      : html`<p style="${S.p}"><strong>Reply with one command per line:</strong></p>
          ${commandListHtml(DIGEST_USER_COMMANDS)}`;

  const text = joinText([
    heading,
    hint !== null ? `${hint.lead} "${hint.example}".` : null,
    linked ? LINKS_NOTE : null,
    ...view.items.map((item) => itemText(item, view)),
    hasRediscover ? `${REDISCOVER_HEADING}\n${REDISCOVER_INTRO}` : null,
    ...view.rediscover.map((item) => rediscoverText(item, view)),
    hasThanks
      ? [
          'Thank-yous still to send (reply to each prompt email to mark it done):',
          ...view.pendingThanks.map((t) => thanksText(t, view)),
        ].join('\n')
      : null,
    upcomingDatesText(view.dates ?? [], view.moreDates === true),
    statsLine(view),
    (examples.length > 0
      ? [
          TEXT_RULE,
          'Reply with one command per line. Start with the item number:',
          '',
          commandListText(examples),
          '',
          'Or, without a number:',
          '',
          commandListText(DIGEST_USER_COMMANDS),
        ]
      : [TEXT_RULE, 'Reply with one command per line:', '', commandListText(DIGEST_USER_COMMANDS)]
    ).join('\n'),
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, footer) };
}
