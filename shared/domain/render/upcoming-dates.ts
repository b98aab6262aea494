import type { DateKind } from '../important-dates';
import { formatCalendarDay, readIsoWallClock } from '../time';
import { displayName, firstName } from './format';
import { html, type SafeHtml } from './html';
import type { ActionLinks } from '../action-links';
import { actionLinksHtml, actionLinksText, draftLinkHtml, draftLinkText, S } from './layout';
import { canWriteTo, type Draft } from './mailto';

/** A birthday or anniversary in the next two weeks (SPEC 9), numbered like the digest's items
 * so `8 done` logs that the user wrote to them. */
export interface UpcomingDateView {
  n: number;
  name: string | null;
  /** null for a LinkedIn-only contact (no address: no draft link). */
  email: string | null;
  kind: DateKind;
  /** The day it falls on in the user's calendar, `YYYY-MM-DD`. */
  on: string;
  /** 0 today, 1 tomorrow… */
  inDays: number;
  /** The age a birthday turns, the years an anniversary marks; null without a year. */
  years: number | null;
  /** SPEC 8: Done / Snooze 2 weeks / Open for this item; absent without TEND_WEB_URL. */
  links?: ActionLinks | null;
}

export const DATES_HEADING = 'Birthdays and anniversaries';

/** "today", "tomorrow", "Sat 5 Dec". */
function when(d: UpcomingDateView): string {
  if (d.inDays === 0) return 'today';
  if (d.inDays === 1) return 'tomorrow';
  const day = readIsoWallClock(d.on);
  return day ? formatCalendarDay(day) : d.on;
}

/** "birthday today (turns 40)", "anniversary on Sat 5 Dec (10 years)". */
export function dateLine(d: UpcomingDateView): string {
  const day = when(d);
  const on = d.inDays <= 1 ? day : `on ${day}`;
  const years =
    d.years === null
      ? ''
      : d.kind === 'birthday'
        ? ` (turns ${d.years})`
        : ` (${d.years} year${d.years === 1 ? '' : 's'})`;
  return `${d.kind} ${on}${years}`;
}

function wishes(d: UpcomingDateView): Draft | null {
  if (!canWriteTo(d.email)) return null;
  const first = firstName(d.name);
  const greeting = first ? `Hi ${first},` : 'Hi,';
  const happy = d.kind === 'birthday' ? 'Happy birthday' : 'Happy anniversary';
  return {
    to: d.email,
    subject: `${happy}!`,
    body: `${greeting}\n\n${happy}! I hope it is a great day. How are things with you?\n\n`,
  };
}

function moreLine(more: boolean): string | null {
  return more ? 'More dates fall in these two weeks than fit here.' : null;
}

export function upcomingDatesHtml(dates: readonly UpcomingDateView[], more: boolean): SafeHtml {
  if (dates.length === 0) return html``;
  const extra = moreLine(more);
  return html`<h2 style="${S.section}">${DATES_HEADING}</h2>
    <p style="${S.muted}">In the next two weeks.</p>
    ${dates.map((d) => {
      const draft = wishes(d);
      const name = displayName(d.name, d.email);
      return html`<div style="${S.item}">
        <p style="${S.itemName}"><span style="${S.number}">${d.n}</span>${name}</p>
        <p style="${S.line}">${capitalise(dateLine(d))}</p>
        ${draft ? html`<p style="${S.line}">${draftLinkHtml(firstName(d.name) ?? draft.to, draft)}</p>` : ''}
        ${d.links ? actionLinksHtml(d.links, name) : ''}
      </div> `;
    })}
    ${extra ? html`<p style="${S.muted}">${extra}</p>` : ''}`;
}

export function upcomingDatesText(
  dates: readonly UpcomingDateView[],
  more: boolean,
): string | null {
  if (dates.length === 0) return null;
  const lines = [`${DATES_HEADING} (next two weeks)`];
  for (const d of dates) {
    lines.push(`${d.n}. ${displayName(d.name, d.email)}`, `   ${capitalise(dateLine(d))}`);
    const draft = wishes(d);
    if (draft) lines.push(`   ${draftLinkText(firstName(d.name) ?? draft.to, draft)}`);
    if (d.links) lines.push(actionLinksText(d.links, '   '));
  }
  const extra = moreLine(more);
  if (extra) lines.push(extra);
  return lines.join('\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
