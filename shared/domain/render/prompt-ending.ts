import type { ActionLinks } from '../action-links';
import { html, type SafeHtml } from './html';
import {
  S,
  actionLinksHtml,
  actionLinksText,
  commandListHtml,
  commandListText,
  draftLinkHtml,
  draftLinkText,
  TEXT_RULE,
  type CommandEntry,
} from './layout';
import type { Draft } from './mailto';

export const ACTION_LINKS_LEAD = 'Or use a link (each opens a page with one button):';

/** How a prompt ends, a thank-you's or a close-the-loop's: the suggested first line, the
 * mailto: draft, the action links, and the reply commands it accepts. */
export interface PromptEnding {
  /** The first line as shown in the quote. */
  line: string;
  /** Who the draft writes to ("Write to Ana"). */
  writeTo: string;
  draft: Draft | null;
  links: ActionLinks | null | undefined;
  /** Whom the action links act on, for screen readers. */
  about: string;
  commands: readonly CommandEntry[];
}

export function promptEndingHtml(e: PromptEnding): { body: SafeHtml; footer: SafeHtml } {
  const body = html`<h2 style="${S.h2}">A first line for your note</h2>
    <div style="${S.quote}">${e.line}</div>
    ${e.draft ? html`<p style="${S.p}">${draftLinkHtml(e.writeTo, e.draft)} (opens your mail app with this line)</p>` : ''}
    ${
      e.links
        ? html`<p style="${S.p}">
              When you have written, reply <strong>done</strong>. ${ACTION_LINKS_LEAD}
            </p>
            ${actionLinksHtml(e.links, e.about)}`
        : ''
    }`;
  const footer = html`<p style="${S.p}"><strong>Reply with a command</strong> (one per line):</p>
    ${commandListHtml(e.commands)}`;
  return { body, footer };
}

/** The same ending as blocks of the text part. */
export function promptEndingText(e: PromptEnding): Array<string | null> {
  return [
    `A first line for your note:\n\n  ${e.line}`,
    e.draft ? draftLinkText(e.writeTo, e.draft) : null,
    e.links
      ? `When you have written, reply "done". ${ACTION_LINKS_LEAD}\n\n${actionLinksText(e.links, '  ')}`
      : null,
    `${TEXT_RULE}\nReply with a command (one per line):\n\n${commandListText(e.commands)}`,
  ];
}
