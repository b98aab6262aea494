import { count } from '../count';
import { html } from './html';
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

/** The help table as the command module defines it (SPEC 4); rendered as given. */
export type HelpTable = ReadonlyArray<CommandEntry>;

export interface ConfirmationLine {
  /** The line as the user wrote it. */
  input: string;
  ok: boolean;
  /** What it did ("Snoozed Ana Lopez until Mon 14 Dec"), or why it was not understood. */
  message: string;
}

export interface ConfirmationView {
  lines: ConfirmationLine[];
  /** Shown when non-null: the caller adds it when a line was not understood or `help` was asked. */
  help: HelpTable | null;
}

function confirmationSubject(lines: readonly ConfirmationLine[]): string {
  const done = lines.filter((l) => l.ok).length;
  const failed = lines.length - done;
  if (lines.length === 0) return 'Tend: no commands found';
  if (failed === 0) return `Tend: done (${count(done, 'command', 'commands')})`;
  if (done === 0) return `Tend: ${count(failed, 'line', 'lines')} not understood`;
  return `Tend: ${done} done, ${failed} not understood`;
}

const HELP_INTRO =
  'Reply with one command per line. In a digest, start the line with the item number.';

/**
 * The answer to every accepted reply: each command and what it did, in the order written,
 * each line not understood with its reason, and the help table when given.
 */
export function renderConfirmation(view: ConfirmationView): RenderedEmail {
  const subject = confirmationSubject(view.lines);
  const heading = subject.replace(/^Tend: /, '');
  const done = view.lines.filter((l) => l.ok).length;
  const mixed = done > 0 && done < view.lines.length;
  const empty = view.lines.length === 0;

  const body = html`<h1 style="${S.h1}">${heading.charAt(0).toUpperCase()}${heading.slice(1)}</h1>
    ${empty ? html`<p style="${S.p}">Tend found no commands in your reply.</p>` : ''}
    ${view.lines.map(
      (l) =>
        html`<div style="${S.item}">
          <p style="${S.line}">
            <span style="${l.ok ? S.ok : S.bad}">${l.ok ? '✓ Done' : '✗ Not understood'}</span>
            ${code(l.input)}
          </p>
          <p style="${S.line}">${l.message}</p>
        </div> `,
    )}
    ${mixed ? html`<p style="${S.muted}">Lines marked done were applied; the others changed nothing.</p>` : ''}
    ${
      view.help
        ? html`<h2 style="${S.h2}">Commands</h2>
            <p style="${S.p}">${HELP_INTRO}</p>
            ${commandListHtml(view.help)}`
        : ''
    }`;

  const footer = html`<p style="${S.p}">Reply ${code('help')} for every command.</p>`;

  const text = joinText([
    heading.charAt(0).toUpperCase() + heading.slice(1),
    empty ? 'Tend found no commands in your reply.' : null,
    ...view.lines.map(
      (l) => `${l.ok ? '✓ Done:' : '✗ Not understood:'} ${l.input}\n    ${l.message}`,
    ),
    mixed ? 'Lines marked done were applied; the others changed nothing.' : null,
    view.help ? `Commands\n\n${HELP_INTRO}\n\n${commandListText(view.help)}` : null,
    `${TEXT_RULE}\nReply "help" for every command.`,
    TEXT_SIGNOFF,
  ]);

  return { subject, text, html: emailDocument(subject, body, footer) };
}

/** The answer to `help`: the command table alone. */
export function renderHelp(help: HelpTable): RenderedEmail {
  const subject = 'Tend: commands';
  const body = html`<h1 style="${S.h1}">What you can reply</h1>
    <p style="${S.p}">${HELP_INTRO}</p>
    ${commandListHtml(help)}`;
  const footer = html`<p style="${S.p}">
    Examples: ${code('snooze 2w')}, ${code('2 done')}, ${code('digest friday 9am')}.
  </p>`;
  const text = joinText([
    'What you can reply',
    HELP_INTRO,
    commandListText(help),
    `${TEXT_RULE}\nExamples: "snooze 2w", "2 done", "digest friday 9am".`,
    TEXT_SIGNOFF,
  ]);
  return { subject, text, html: emailDocument(subject, body, footer) };
}
