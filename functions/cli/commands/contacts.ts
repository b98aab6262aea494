import type { Command } from 'commander';
import { nextDueAt } from '../../../shared/domain/reconnect';
import { readTag, TAG_RULE } from '../../../shared/domain/vocabulary';
import { formatCalendarDate } from '../../../shared/domain/important-dates';
import type { Contact } from '../../../shared/domain/types';
import { likelyDuplicates } from '../../../shared/domain/merge';
import {
  contactDetails,
  listContacts,
  mailboxLabel,
} from '../../../shared/use-cases/contact-details';
import { likelyDuplicatesOf, mergeContacts } from '../../../shared/use-cases/merge-contacts';
import { resolveUser, UserInputError } from '../../../shared/use-cases/users';
import { contactJson, formatTable, localTime } from '../format';
import { count } from '../../../shared/domain/count';
import { userOption, type Cli } from '../output';

export function registerContactCommands(program: Command, cli: Cli): void {
  const contacts = program.command('contacts').description('the people Tend has logged');
  contacts
    .command('list')
    .option('--due', 'only contacts due for reconnecting now')
    .option('--tag <tag>', 'only contacts with this tag')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (opts: { due?: boolean; tag?: string; json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const tag = opts.tag === undefined ? undefined : readTag(opts.tag);
      if (tag === null) throw new UserInputError(`'${opts.tag}' is not a tag: ${TAG_RULE}`);
      const list = await listContacts(a.contacts, user, {
        ...(tag ? { tag } : {}),
        ...(opts.due ? { dueAt: a.clock.now() } : {}),
      });
      const local = (iso: string | null) => localTime(iso, user.timezone);
      cli.print(
        Boolean(opts.json),
        list.map((c) => contactJson(c, user)),
        () =>
          list.length === 0
            ? 'no contacts yet'
            : formatTable(
                ['email', 'name', 'last', 'count', 'next due', 'tags'],
                list.map((c) => {
                  const due = nextDueAt(c, user);
                  return [
                    c.email,
                    c.name ?? '',
                    local(c.lastInteractionAt),
                    String(c.interactionCount),
                    due === null ? notDue(c) : local(due),
                    c.tags.join(' '),
                  ];
                }),
                { clip: [1, 5] },
              ) + duplicatesFooter(list),
      );
    });

  contacts
    .command('show <email>')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (email: string, opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const { contact, interactions, notes, prompts, introducer, introduced } =
        await contactDetails(a, user, email);
      // SPEC 9: contacts of the same name at another address, suggested (never merged).
      const duplicates = await likelyDuplicatesOf(a, user, contact);
      const data = {
        ...contactJson(contact, user),
        // SPEC 5 with section 9: its other addresses, and those that look like it.
        aliases: contact.aliases,
        likelyDuplicates: duplicates.map((d) => d.email),
        interactions: interactions.map((i) => ({
          at: i.at,
          direction: i.direction,
          subject: i.subject,
          snippet: i.snippet,
          messageId: i.messageId,
          tags: i.tags,
        })),
        notes: notes.map((n) => ({ at: n.at, text: n.text })),
        // SPEC 8 and 9: whom they introduced the user to, as the Contact page lists them.
        introduced: introduced.map((p) => ({ email: p.email, name: p.name, at: p.at })),
        prompts: prompts.map((p) => ({
          id: p.id,
          kind: p.kind,
          dueAt: p.dueAt,
          status: p.status,
          sentAt: p.sentAt,
          attempts: p.attempts,
          lastError: p.lastError,
          ...(p.introduced ? { introduced: p.introduced.email } : {}),
        })),
      };
      const local = (iso: string | null) => localTime(iso, user.timezone);
      cli.print(Boolean(opts.json), data, () => {
        const c = contact;
        const lines = [
          `${c.name ?? c.email} <${c.email}>`,
          `  status ${c.status}${c.snoozedUntil ? `, snoozed until ${local(c.snoozedUntil)}` : ''}; tags: ${c.tags.join(', ') || 'none'}; next due ${data.nextDueAt ? local(data.nextDueAt) : notDue(c)}`,
          `  ${count(c.interactionCount, 'interaction')}, first seen ${local(c.firstSeenAt)}`,
          ...(c.aliases.length ? [`  also ${c.aliases.join(', ')}`] : []),
          ...(c.introducedBy ? [`  introduced by ${introducer ?? c.introducedBy}`] : []),
          ...(introduced.length
            ? [`  introduced you to ${introduced.map(mailboxLabel).join(', ')}`]
            : []),
          ...c.dates.map((d) => `  ${d.kind} ${formatCalendarDate(d)}`),
          ...duplicates.map(
            (d) =>
              `  likely the same person: ${d.name ?? d.email} <${d.email}> (merge with: tend contacts merge ${c.email} ${d.email})`,
          ),
          '',
          ...interactions.map(
            (i) =>
              `  ${local(i.at)}  ${i.direction.padEnd(8)}  ${i.subject ?? '(no subject)'}\n      ${i.snippet}`,
          ),
          ...(notes.length
            ? ['', 'notes:', ...notes.map((n) => `  ${local(n.at)}  ${n.text}`)]
            : []),
          ...(prompts.length
            ? [
                '',
                'prompts:',
                ...prompts.map(
                  (p) =>
                    `  ${p.kind}${p.introduced ? ` (about ${p.introduced.email})` : ''} due ${local(p.dueAt)}: ${p.status}${p.lastError ? ` (${p.lastError})` : ''}`,
                ),
              ]
            : []),
        ];
        return lines.join('\n');
      });
    });

  contacts
    .command('merge <primary> <other>')
    .description(
      "make OTHER an address of PRIMARY (SPEC 9): one history, notes and tags, the earliest first-seen, PRIMARY's cadence; later mail to either logs to PRIMARY",
    )
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (primary: string, other: string, opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const result = await mergeContacts(a, user, primary, other);
      cli.print(
        Boolean(opts.json),
        {
          outcome: result.outcome,
          ...contactJson(result.contact, user),
          aliases: result.contact.aliases,
        },
        () => result.message,
      );
    });

  contacts
    .command('edit <email>')
    .description(
      'change a contact the way a reply command does (SPEC 4): `contacts edit ana@example.org --tag mentor --every 1m`',
    )
    .option('--name <name>', "the contact's name (later emails do not change it)")
    .option('--tag <tag>', 'add a tag (repeatable)', collect)
    .option('--untag <tag>', 'remove a tag (repeatable)', collect)
    .option('--every <duration>', 'reconnect cadence, like 2w, 30d, 3 months, quarterly')
    .option('--snooze <when>', 'a duration or a date, like 2w or "until jan 5"')
    .option('--mute', 'no more prompts about them')
    .option('--unmute', 'prompts again')
    .option('--note <text>', 'add a dated note')
    .option('--birthday <date>', 'like "May 4" or "May 4 1990"; "none" clears it')
    .option('--anniversary <date>', 'like "June 12 2015"; "none" clears it')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (email: string, opts: Record<string, unknown>) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user as string | undefined);
      const now = a.clock.now();
      // The reply grammar (and its date parser) only for the command that edits.
      const { applyContactEdits, parseContactEdits } = await import('../contact-edits');
      const commands = parseContactEdits(opts, { now, timezone: user.timezone });
      const target = email.trim().toLowerCase();
      if (!(await a.contacts.get(user.id, target)))
        throw new UserInputError(
          `no contact ${email} for ${user.email} (see \`tend contacts list\`)`,
        );
      const messages = await applyContactEdits(a, user, target, commands, now);
      const after = await a.contacts.get(user.id, target);
      cli.print(Boolean(opts.json), after ? contactJson(after.contact, user) : null, () =>
        messages.join('\n'),
      );
    });
}

/** Why a contact has no next due time: muted, or nothing logged with them yet (SPEC 3). */
function notDue(c: Contact): string {
  return c.status === 'muted' ? 'muted' : 'nothing logged yet';
}

/** Commander's accumulator for a repeatable option. */
function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** SPEC 9: contacts that look like one person, suggested under the list (never merged). */
function duplicatesFooter(list: Contact[]): string {
  const groups = likelyDuplicates(list);
  if (groups.length === 0) return '';
  return [
    '',
    '',
    'likely the same person (merge with: tend contacts merge PRIMARY OTHER):',
    ...groups.map((g) => `  ${g.name}: ${g.emails.join(', ')}`),
  ].join('\n');
}
