import { ulid } from 'ulid';
import type { App } from '../../shared/app';
import {
  isContactCommand,
  parseCommandLine,
  type ContactCommand,
  type ParseContext,
} from '../../shared/domain/commands';
import type { User } from '../../shared/domain/types';
import { applyContactCommand } from '../../shared/use-cases/contact-commands';
import { UserInputError } from '../../shared/use-cases/users';

/**
 * `tend contacts edit EMAIL --flag …` (SPEC 4, last paragraph). One rule, two doors: each flag
 * is the reply command it stands for, read by the reply grammar (shared/domain/commands.ts), so
 * `--every 2w` accepts and refuses exactly what `every 2w` does in a reply.
 */
export interface ContactEditFlags {
  name?: string;
  tag?: string[];
  untag?: string[];
  every?: string;
  snooze?: string;
  mute?: boolean;
  unmute?: boolean;
  note?: string;
  birthday?: string;
  anniversary?: string;
}

/** The flags and the reply command each one is, in the order they are applied. */
function commandLines(flags: ContactEditFlags): Array<{ flag: string; line: string }> {
  const lines: Array<{ flag: string; line: string }> = [];
  const add = (flag: string, line: string) => lines.push({ flag, line });
  if (flags.name !== undefined) add(`--name ${quote(flags.name)}`, `rename ${flags.name}`);
  for (const t of flags.untag ?? []) add(`--untag ${quote(t)}`, `untag ${t}`);
  for (const t of flags.tag ?? []) add(`--tag ${quote(t)}`, `tag ${t}`);
  if (flags.every !== undefined) add(`--every ${quote(flags.every)}`, `every ${flags.every}`);
  if (flags.snooze !== undefined) add(`--snooze ${quote(flags.snooze)}`, `snooze ${flags.snooze}`);
  if (flags.mute) add('--mute', 'mute');
  if (flags.unmute) add('--unmute', 'unmute');
  if (flags.note !== undefined) add(`--note ${quote(flags.note)}`, `note ${flags.note}`);
  for (const kind of ['birthday', 'anniversary'] as const) {
    const value = flags[kind];
    if (value !== undefined) add(`--${kind} ${quote(value)}`, `${kind} ${value}`);
  }
  return lines;
}

/** What the flags ask for, as contact commands; every problem at once as a UserInputError. */
export function parseContactEdits(flags: ContactEditFlags, ctx: ParseContext): ContactCommand[] {
  if (flags.mute && flags.unmute) throw new UserInputError('give --mute or --unmute, not both');
  const lines = commandLines(flags);
  if (lines.length === 0)
    throw new UserInputError(
      'say what to change: --name, --tag, --untag, --every, --snooze, --mute, --unmute, --note, --birthday or --anniversary',
    );
  const commands: ContactCommand[] = [];
  const problems: string[] = [];
  for (const { flag, line } of lines) {
    // A value on its own line would be read as a second command: one flag, one command.
    if (/[\r\n]/.test(line) && !line.startsWith('note ')) {
      problems.push(`${flag}: one line only`);
      continue;
    }
    const parsed = parseCommandLine(line, ctx);
    if ('error' in parsed) problems.push(`${flag}: ${parsed.error}`);
    else if (
      parsed.item !== null ||
      parsed.contact !== undefined ||
      !isContactCommand(parsed.command)
    )
      problems.push(`${flag}: not a value for this flag`);
    else commands.push(parsed.command);
  }
  if (problems.length > 0) throw new UserInputError(problems.join('; '));
  return commands;
}

function quote(value: string): string {
  return /^[\w@.+-]+$/.test(value) ? value : `'${value}'`;
}

/**
 * Applies the commands to the contact one after the other, with the use case a reply command
 * goes through (shared/use-cases/contact-commands.ts); one line per command saying what it did.
 * Each command is its own write: a refusal half-way leaves the earlier ones applied, as the
 * lines of a reply are.
 */
export async function applyContactEdits(
  app: App,
  user: User,
  email: string,
  commands: ContactCommand[],
  now: Date,
): Promise<string[]> {
  // Seeds the ids of what the commands add (a note): one run, one note per --note.
  const run = ulid(now.getTime());
  const messages: string[] = [];
  for (const [i, command] of commands.entries()) {
    const result = await applyContactCommand(app, {
      user,
      email,
      command,
      now,
      door: 'cli',
      idSeed: `cli#${run}#${i}`,
    });
    if (result.outcome === 'not-found')
      throw new UserInputError(
        `no contact ${email} for ${user.email} (see \`tend contacts list\`)`,
      );
    if (result.outcome !== 'duplicate') messages.push(result.message);
  }
  return messages;
}
