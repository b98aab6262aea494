import { ulid } from 'ulid';
import type { App } from '../../shared/app';
import {
  isContactCommand,
  parseCommandLine,
  type ContactCommand,
} from '../../shared/domain/commands';
import {
  DATE_KINDS,
  dateOf,
  type DateKind,
  formatCalendarDate,
} from '../../shared/domain/important-dates';
import type { Contact, User } from '../../shared/domain/types';
import { applyContactCommand } from '../../shared/use-cases/contact-commands';

/**
 * One rule, two doors (SPEC 8): every web action is written as the reply command it stands for,
 * read by the reply grammar (shared/domain/commands.ts) and applied by the reply's use case
 * (shared/use-cases/contact-commands.ts), so the web accepts and refuses what a reply does.
 */

/** The quick actions of a Today item or a contact page, as reply commands. */
export const QUICK_ACTIONS = ['done', 'skip', 'mute', 'unmute', 'snooze'] as const;
export type QuickAction = (typeof QUICK_ACTIONS)[number];

/** The snooze lengths offered (the reply grammar's shorthands); the links use 2 weeks. */
export const SNOOZE_CHOICES = [
  { value: '1w', label: '1 week' },
  { value: '2w', label: '2 weeks' },
  { value: '1m', label: '1 month' },
  { value: '3m', label: '3 months' },
] as const;
export const DEFAULT_SNOOZE = '2w';

/** Each form carries a fresh id: what it adds (a note, a `done`) is written once, however often
 * the form is sent (a double click, a resend after a network error). */
export const FORM_ID_FIELD = 'formId';
const FORM_ID = /^[0-9A-Z]{26}$/;

export function newFormId(now: Date): string {
  return ulid(now.getTime());
}

export function formIdOf(value: string | undefined, now: Date): string {
  return value && FORM_ID.test(value) ? value : newFormId(now);
}

/** The reply command a quick action stands for; null for anything else. */
export function quickActionLine(action: string | undefined, snooze: string | undefined) {
  if (!QUICK_ACTIONS.includes(action as QuickAction)) return null;
  if (action !== 'snooze') return action as string;
  const choice = SNOOZE_CHOICES.find((s) => s.value === snooze)?.value ?? DEFAULT_SNOOZE;
  return `snooze ${choice}`;
}

/** The reply commands that turn the contact into what the edit form says (blank: unchanged). */
export function editLines(
  c: Contact,
  form: { name?: string; tags?: string; every?: string } & Partial<Record<DateKind, string>>,
): string[] {
  const lines: string[] = [];
  const name = oneLine(form.name ?? '');
  if (name !== '' && name !== (c.name ?? '')) lines.push(`rename ${name}`);
  if (form.tags !== undefined) {
    const wanted = [
      ...new Set(
        oneLine(form.tags)
          .toLowerCase()
          .split(/[\s,]+/)
          .filter(Boolean),
      ),
    ];
    for (const t of c.tags) if (!wanted.includes(t)) lines.push(`untag ${t}`);
    for (const t of wanted) if (!c.tags.includes(t)) lines.push(`tag ${t}`);
  }
  const every = oneLine(form.every ?? '');
  if (every !== '' && every !== cadenceText(c)) lines.push(`every ${every}`);
  for (const kind of DATE_KINDS) {
    const value = form[kind];
    if (value === undefined) continue;
    const wanted = oneLine(value);
    const current = dateText(c, kind);
    if (wanted.toLowerCase() === current.toLowerCase()) continue;
    // The field shows the date: emptying it clears the date, as `birthday none` does.
    lines.push(`${kind} ${wanted === '' ? 'none' : wanted}`);
  }
  return lines;
}

/** The contact's birthday or anniversary as the edit form shows it ('' when it has none). */
export function dateText(c: Contact, kind: DateKind): string {
  const date = dateOf(c.dates, kind);
  return date ? formatCalendarDate(date) : '';
}

/** The contact's own cadence as the edit form shows it ('' when it has none). */
export function cadenceText(c: Contact): string {
  return c.cadenceDays === null ? '' : `${c.cadenceDays}d`;
}

/** A form field is one line: a line break would make a second command. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export type CommandsOutcome =
  | { kind: 'done'; messages: string[] }
  | { kind: 'refused'; messages: string[] }
  | { kind: 'not-found' };

/**
 * Reads the lines as reply commands about one contact and applies them in order, as the lines of
 * a reply are. Any line the grammar refuses: nothing is applied, every problem is said.
 */
export async function runContactCommands(
  app: App,
  user: User,
  email: string,
  lines: string[],
  opts: { formId: string; promptId?: string | undefined },
): Promise<CommandsOutcome> {
  const now = app.clock.now();
  const commands: ContactCommand[] = [];
  const problems: string[] = [];
  for (const line of lines) {
    const parsed = parseCommandLine(line, { now, timezone: user.timezone });
    if ('error' in parsed) problems.push(`'${parsed.line}': ${parsed.error}`);
    else if (
      parsed.item !== null ||
      parsed.contact !== undefined ||
      !isContactCommand(parsed.command)
    )
      problems.push(`'${parsed.line}' is not a change to this contact`);
    else commands.push(parsed.command);
  }
  if (problems.length > 0) return { kind: 'refused', messages: problems };

  // Only one of this user's own prompts, about this contact, is answered (the use case checks
  // the contact; the store read is scoped to the user).
  const prompt = opts.promptId ? await app.prompts.get(user.id, opts.promptId) : null;
  const messages: string[] = [];
  let current = user;
  for (const [i, command] of commands.entries()) {
    const result = await applyContactCommand(app, {
      user: current,
      email,
      command,
      now,
      door: 'web',
      idSeed: `web#${opts.formId}#${i}`,
      prompt,
    });
    if (result.outcome === 'not-found') return { kind: 'not-found' };
    current = result.user;
    if (result.outcome !== 'duplicate') messages.push(result.message);
  }
  return { kind: 'done', messages };
}
