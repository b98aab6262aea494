import { count, displayName, formatDay, timeSince } from './format';
import { html, isWebUrl, type SafeHtml } from './html';
import {
  S,
  code,
  commandListHtml,
  commandListText,
  emailDocument,
  joinText,
  TEXT_RULE,
  TEXT_SIGNOFF,
  type CommandEntry,
  type RenderedEmail,
} from './layout';

export interface DigestItemView {
  /** The number the user types in a reply (`2 snooze 1 month`). */
  n: number;
  name: string | null;
  email: string | null;
  linkedinUrl: string | null;
  lastInteractionAt: string | null;
  lastSubject: string | null;
  tags: string[];
  latestNote: string | null;
}

export interface PendingThanksView {
  name: string | null;
  email: string;
  subject: string | null;
  at: string;
}

export interface DigestView {
  timezone: string;
  now: string;
  /** Already chosen and ordered by the caller (at most the user's limit, most overdue first). */
  items: DigestItemView[];
  pendingThanks: PendingThanksView[];
  /** `dueAtLeast`: more are due than `due` (the count stopped at its limit). */
  stats: { loggedThisWeek: number; reconnectedThisWeek: number; due: number; dueAtLeast?: boolean };
}

/** Examples of numbered replies, as the digest footer shows them (SPEC 4). */
export const DIGEST_ITEM_EXAMPLES: readonly CommandEntry[] = [
  { command: '2 snooze 1 month', effect: 'remind you about #2 in a month' },
  { command: '3 done', effect: 'you got in touch with #3 (logged, clock restarts)' },
  { command: '1 note met at the meetup', effect: 'add a note to #1' },
];

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

/** How to reach the contact: the address, else the LinkedIn profile, else nothing. */
function reach(item: DigestItemView): { text: string; html: SafeHtml } | null {
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
  return `${count(view.pendingThanks.length, 'thank-you', 'thank-yous')} to send`;
}

function itemHtml(item: DigestItemView, view: DigestView): SafeHtml {
  const contact = reach(item);
  const name = displayName(item.name, item.email);
  const showReach = contact !== null && name !== item.email;
  return html`<div style="${S.item}">
    <p style="${S.itemName}"><span style="${S.number}">${item.n}</span>${name}</p>
    ${showReach ? html`<p style="${S.muted}">${contact.html}</p>` : ''}
    <p style="${S.line}">${lastContact(item, view)}</p>
    ${item.lastSubject ? html`<p style="${S.line}"><strong>Subject:</strong> ${item.lastSubject}</p>` : ''}
    ${item.tags.length > 0 ? html`<p style="${S.line}">${item.tags.map((t) => html`<span style="${S.tag}">${t}</span>`)}</p>` : ''}
    ${item.latestNote ? html`<p style="${S.line}"><strong>Note:</strong> ${item.latestNote}</p>` : ''}
  </div> `;
}

function itemText(item: DigestItemView, view: DigestView): string {
  const contact = reach(item);
  const name = displayName(item.name, item.email);
  const lines = [`${item.n}. ${name}`];
  if (contact !== null && name !== item.email) lines.push(`   ${contact.text}`);
  lines.push(`   ${lastContact(item, view)}`);
  if (item.lastSubject) lines.push(`   Subject: ${item.lastSubject}`);
  if (item.tags.length > 0) lines.push(`   Tags: ${item.tags.join(', ')}`);
  if (item.latestNote) lines.push(`   Note: ${item.latestNote}`);
  return lines.join('\n');
}

function thanksDetail(t: PendingThanksView, view: DigestView): string {
  const about = t.subject ? `“${t.subject}”, ` : '';
  return `${about}${formatDay(t.at, view.timezone, view.now)}`;
}

function thanksHtml(t: PendingThanksView, view: DigestView): SafeHtml {
  const name = t.name?.trim();
  return html`<p style="${S.line}">
    &bull;
    <strong>${name || t.email}</strong
    >${name ? html` <span style="${S.mutedInline}">${t.email}</span>` : ''} &ndash;
    ${thanksDetail(t, view)}
  </p> `;
}

function thanksText(t: PendingThanksView, view: DigestView): string {
  const name = t.name?.trim();
  return `- ${name ? `${name} <${t.email}>` : t.email} - ${thanksDetail(t, view)}`;
}

/**
 * The weekly digest: numbered people to reconnect with, the thank-yous still pending,
 * one line of stats, and the replies it takes. The caller decides whether it is sent at all.
 */
export function renderDigest(view: DigestView): RenderedEmail {
  const heading = title(view);
  const subject = `Tend: ${heading}`;
  const hasItems = view.items.length > 0;
  const hasThanks = view.pendingThanks.length > 0;

  const body = html`<h1 style="${S.h1}">${heading}</h1>
    ${hasItems ? html`<p style="${S.p}">Most overdue first. Reply with a number and a command, e.g. ${code('1 done')}.</p>` : ''}
    ${view.items.map((item) => itemHtml(item, view))}
    ${
      hasThanks
        ? html`<h2 style="${S.section}">Thank-yous still to send</h2>
            <p style="${S.muted}">Reply to each prompt email to mark it done.</p>
            ${view.pendingThanks.map((t) => thanksHtml(t, view))}`
        : ''
    }
    <p style="${S.stats}">${statsLine(view)}</p>`;

  const footer = html`<p style="${S.p}">
      <strong>Reply with one command per line.</strong> Start with the item number:
    </p>
    ${commandListHtml(DIGEST_ITEM_EXAMPLES)}
    <p style="${S.p}">Or, without a number:</p>
    ${commandListHtml(DIGEST_USER_COMMANDS)}`;

  const text = joinText([
    heading,
    hasItems ? 'Most overdue first. Reply with a number and a command, e.g. "1 done".' : null,
    ...view.items.map((item) => itemText(item, view)),
    hasThanks
      ? [
          'Thank-yous still to send (reply to each prompt email to mark it done):',
          ...view.pendingThanks.map((t) => thanksText(t, view)),
        ].join('\n')
      : null,
    statsLine(view),
    [
      TEXT_RULE,
      'Reply with one command per line. Start with the item number:',
      '',
      commandListText(DIGEST_ITEM_EXAMPLES),
      '',
      'Or, without a number:',
      '',
      commandListText(DIGEST_USER_COMMANDS),
    ].join('\n'),
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, footer) };
}
