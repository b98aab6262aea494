import type { ActionLinks } from '../action-links';
import { html, trusted, type SafeHtml } from './html';
import { mailtoUri, type Draft } from './mailto';

/** What every renderer returns: the parts of one email to the user. */
export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** One row of a command list: what to type and what it does. */
export interface CommandEntry {
  command: string;
  effect: string;
}

const FONT =
  "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";

/**
 * Colours chosen for contrast on white: text 17:1, muted 7.6:1, accent 6.7:1 (WCAG AA
 * needs 4.5:1). Long unbroken strings (a 200-character address) wrap anywhere instead of
 * widening the page on a 320 px phone.
 */
export const S = {
  page: trusted(`margin:0;padding:0;background:#f3f4f6;`),
  outer: trusted(`background:#f3f4f6;padding:12px 8px;`),
  card: trusted(
    `max-width:600px;margin:0 auto;background:#ffffff;border:1px solid #d1d5db;border-radius:8px;` +
      `padding:20px 16px;box-sizing:border-box;font-family:${FONT};font-size:16px;line-height:1.5;` +
      `color:#111827;overflow-wrap:anywhere;word-break:break-word;`,
  ),
  brand: trusted(
    `margin:0 0 8px;font-size:13px;font-weight:700;letter-spacing:0.08em;text-transform:uppercase;color:#1d4ed8;`,
  ),
  h1: trusted(`margin:0 0 8px;font-size:22px;line-height:1.3;font-weight:700;color:#111827;`),
  h2: trusted(`margin:24px 0 8px;font-size:17px;line-height:1.3;font-weight:700;color:#111827;`),
  section: trusted(
    `margin:8px 0 8px;padding-top:16px;border-top:1px solid #e5e7eb;font-size:17px;line-height:1.3;font-weight:700;color:#111827;`,
  ),
  mutedInline: trusted(`color:#4b5563;`),
  p: trusted(`margin:0 0 12px;`),
  muted: trusted(`margin:0 0 4px;color:#4b5563;`),
  line: trusted(`margin:0 0 4px;`),
  quote: trusted(
    `margin:8px 0 12px;padding:8px 12px;border-left:4px solid #1d4ed8;background:#eff6ff;color:#111827;`,
  ),
  snippet: trusted(
    `margin:8px 0 12px;padding:8px 12px;border-left:4px solid #9ca3af;background:#f9fafb;color:#374151;white-space:pre-line;`,
  ),
  stats: trusted(
    `margin:20px 0 0;padding:10px 12px;border-radius:6px;background:#f3f4f6;font-size:15px;color:#111827;`,
  ),
  item: trusted(`padding:14px 0;border-top:1px solid #e5e7eb;`),
  itemName: trusted(`margin:0 0 2px;font-size:18px;line-height:1.3;font-weight:700;color:#111827;`),
  number: trusted(
    `display:inline-block;min-width:28px;margin-right:8px;padding:0 6px;border-radius:6px;background:#1d4ed8;` +
      `color:#ffffff;text-align:center;font-size:15px;line-height:24px;vertical-align:1px;`,
  ),
  tag: trusted(
    `display:inline-block;margin:2px 4px 2px 0;padding:0 8px;border:1px solid #9ca3af;border-radius:999px;` +
      `font-size:13px;line-height:20px;color:#374151;`,
  ),
  link: trusted(`color:#1d4ed8;text-decoration:underline;`),
  /** An action link drawn as a button with a border only (no image, no background), so it reads
   * the same with images off; 44 px tall for a thumb (WCAG 2.5.8 asks for 24). */
  actionLink: trusted(
    `display:inline-block;margin:4px 8px 4px 0;padding:10px 14px;border:1px solid #1d4ed8;` +
      `border-radius:6px;color:#1d4ed8;font-weight:700;line-height:22px;text-decoration:underline;`,
  ),
  actions: trusted(`margin:8px 0 4px;`),
  code: trusted(
    `font-family:${MONO};font-size:14px;background:#f3f4f6;border:1px solid #e5e7eb;border-radius:4px;padding:0 4px;color:#111827;`,
  ),
  footer: trusted(
    `margin-top:24px;padding-top:16px;border-top:1px solid #d1d5db;font-size:14px;line-height:1.5;color:#374151;`,
  ),
  commandRow: trusted(`margin:0 0 6px;`),
  ok: trusted(`color:#166534;font-weight:700;`),
  bad: trusted(`color:#991b1b;font-weight:700;`),
  after: trusted(
    `max-width:600px;margin:8px auto 0;padding:0 8px;box-sizing:border-box;font-family:${FONT};font-size:12px;` +
      `line-height:1.5;color:#4b5563;text-align:center;`,
  ),
} as const;

/** The one shell every email uses: a single centred column, no images, inline styles only. */
export function emailDocument(title: string, body: SafeHtml, footer: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="supported-color-schemes" content="light" />
        <title>${title}</title>
      </head>
      <body style="${S.page}">
        <div style="${S.outer}">
          <div style="${S.card}">
            <p style="${S.brand}">Tend</p>
            ${body}
            <div style="${S.footer}">${footer}</div>
          </div>
          <p style="${S.after}">
            Tend only ever writes to you. Reply <strong>unsubscribe</strong> to stop every email.
          </p>
        </div>
      </body>
    </html> `.value;
}

/** `<code>` for a command the user can type. */
export function code(text: string): SafeHtml {
  return html`<code style="${S.code}">${text}</code>`;
}

/** "Write to Ana": a link that opens the user's own mail client on the draft (the URI is
 * escaped for the attribute by the template). */
export function draftLinkHtml(who: string, draft: Draft): SafeHtml {
  return html`<a href="${mailtoUri(draft)}" style="${S.link}">Write to ${who}</a>`;
}

/** The same link in the text part: mail clients make the URI clickable. */
export function draftLinkText(who: string, draft: Draft): string {
  return `Write to ${who}: ${mailtoUri(draft)}`;
}

/** The labels of the action links (SPEC 8: Done, Snooze 2 weeks, Open). */
const ACTION_LABELS = [
  ['done', 'Done'],
  ['snooze', 'Snooze 2 weeks'],
  ['open', 'Open in Tend'],
] as const satisfies ReadonlyArray<readonly [keyof ActionLinks, string]>;

/**
 * An item's action links (SPEC 8). `about` names the person, for screen readers that list a
 * digest's links out of context ("Done: Bob Stone"); the visible label starts the name.
 */
export function actionLinksHtml(links: ActionLinks, about: string): SafeHtml {
  return html`<p style="${S.actions}">
    ${ACTION_LABELS.map(
      ([key, label]) =>
        html`<a href="${links[key]}" style="${S.actionLink}" aria-label="${label}: ${about}"
          >${label}</a
        > `,
    )}
  </p>`;
}

/** The same links in the text part, one per line (mail clients make them clickable). */
export function actionLinksText(links: ActionLinks, indent = ''): string {
  return ACTION_LABELS.map(([key, label]) => `${indent}${label}: ${links[key]}`).join('\n');
}

export function commandListHtml(entries: readonly CommandEntry[]): SafeHtml {
  return html`${entries.map(
    (e) =>
      html`<p style="${S.commandRow}">
        ${code(e.command)} ${e.effect ? html`&ndash; ${e.effect}` : ''}
      </p> `,
  )}`;
}

/** Plain-text rows: the command, then its effect indented beneath (fits a phone's width). */
export function commandListText(entries: readonly CommandEntry[]): string {
  return entries
    .map((e) => (e.effect ? `  ${e.command}\n      ${e.effect}` : `  ${e.command}`))
    .join('\n');
}

/** Text footer separator; the text part ends with the same note as the HTML one. */
export const TEXT_RULE = '----------------------------------------';
export const TEXT_SIGNOFF =
  'Tend only ever writes to you. Reply "unsubscribe" to stop every email.';

export function joinText(blocks: ReadonlyArray<string | null>): string {
  return `${blocks.filter((b): b is string => b !== null && b !== '').join('\n\n')}\n`;
}
