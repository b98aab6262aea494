import { readFile, writeFile } from 'node:fs/promises';
import { Command, CommanderError, Option } from 'commander';
import { localEnv } from '../../scripts/local-env';
import { createApp, type App } from '../../shared/app';
import { ConfigError, parseConfig } from '../../shared/config';
import { isDue, nextDueAt } from '../../shared/domain/reconnect';
import type { QuarantineRecord, User } from '../../shared/domain/types';
import { logger } from '../../shared/logger';
import { dispatch } from '../../shared/use-cases/dispatch';
import { toCsv } from '../../shared/use-cases/export-csv';
import {
  ImportFormatError,
  importContacts,
  type ImportReport,
} from '../../shared/use-cases/import-contacts';
import { parseLinkedInConnections } from '../../shared/use-cases/import-linkedin';
import { parseVCards } from '../../shared/use-cases/import-vcard';
import {
  reprocessKey,
  reprocessQuarantined,
  type ReprocessResult,
} from '../../shared/use-cases/reprocess';
import {
  applySetting,
  parseSetting,
  SETTING_KEYS,
  settingsOf,
} from '../../shared/use-cases/settings';
import { registerUser, resolveUser, UserInputError } from '../../shared/use-cases/users';
import { CONTACT_COLUMNS, contactJson, formatTable } from './format';

/**
 * `npx tend …` (SPEC 5). Talks to the same table as the handlers: the local stack's unless
 * TEND_TARGET=aws, reading the same TEND_* variables as `npm start`.
 */

let appInstance: App | undefined;
function app(): App {
  if (!appInstance) {
    const env = process.env.TEND_TARGET === 'aws' ? process.env : localEnv(process.env);
    Object.assign(process.env, env);
    // The use cases log for CloudWatch; on a terminal only warnings are worth showing (on stderr).
    if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('WARN');
    appInstance = createApp(parseConfig(env));
  }
  return appInstance;
}

function print(json: boolean, data: unknown, human: () => string): void {
  process.stdout.write(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
}

function userJson(u: User) {
  return {
    email: u.email,
    addresses: u.addresses,
    timezone: u.timezone,
    digest: u.digest,
    pausedUntil: u.pausedUntil,
    unsubscribed: u.unsubscribed,
  };
}

const program = new Command('tend')
  .description('Tend: keep your professional network alive from your inbox')
  // Set before any subcommand is added: subcommands copy these settings when created.
  .configureOutput({
    outputError: (message, write) => write(`tend: ${message.replace(/^error: /, '')}`),
  })
  .showHelpAfterError()
  .exitOverride();

const userOption = () =>
  new Option('--user <email>', 'which user (optional when there is only one)');

// ---------------------------------------------------------------- users
const users = program.command('users').description('register and list Tend users');
users
  .command('add <email>')
  .description('register a user (their address is the only one Tend ever emails)')
  .option('--tz <zone>', 'IANA timezone', 'UTC')
  .option('--also <email...>', 'more addresses of the same person', [])
  .option('--json', 'JSON output')
  .action(async (email: string, opts: { tz: string; also: string[]; json?: boolean }) => {
    const a = app();
    for (const address of [email, ...opts.also]) {
      const owner = await a.users.findByAddress(address.trim().toLowerCase());
      if (owner) {
        const whose =
          owner.email === address.trim().toLowerCase() ? '' : ` (an address of ${owner.email})`;
        throw new UserInputError(`${address} is already registered to a Tend user${whose}`);
      }
    }
    const user = await registerUser(
      a.users,
      { email, timezone: opts.tz, also: opts.also },
      a.clock.now(),
    );
    print(
      Boolean(opts.json),
      userJson(user),
      () =>
        `registered ${user.email} (${user.timezone}); BCC log@${a.config.TEND_INBOUND_DOMAIN} on your networking emails`,
    );
  });
users
  .command('list')
  .option('--json', 'JSON output')
  .action(async (opts: { json?: boolean }) => {
    const list = await app().users.list();
    print(Boolean(opts.json), list.map(userJson), () =>
      list.length === 0
        ? 'no users yet'
        : formatTable(
            ['email', 'timezone', 'digest', 'addresses'],
            list.map((u) => [
              u.email,
              u.timezone,
              u.digest ? `${u.digest.day} ${u.digest.hour}:00` : 'off',
              u.addresses.join(', '),
            ]),
          ),
    );
  });
users
  .command('remove <email>')
  .description('delete a user and everything Tend holds for them')
  .action(async (email: string) => {
    const a = app();
    const user = await a.users.findByAddress(email.toLowerCase());
    if (!user) throw new UserInputError(`no Tend user has the address ${email}`);
    const n = await a.users.delete(user);
    print(false, null, () => `removed ${user.email} and ${n} records`);
  });

// ---------------------------------------------------------------- contacts
const contacts = program.command('contacts').description('the people Tend has logged');
contacts
  .command('list')
  .option('--due', 'only contacts due for reconnecting now')
  .option('--tag <tag>', 'only contacts with this tag')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (opts: { due?: boolean; tag?: string; json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const now = a.clock.now();
    const tag = opts.tag?.trim().toLowerCase().replace(/^#/, '');
    let list = await a.contacts.list(user.id);
    if (tag) list = list.filter((c) => c.tags.includes(tag));
    if (opts.due) list = list.filter((c) => isDue(c, user, now));
    list.sort((x, y) => (y.lastInteractionAt ?? '').localeCompare(x.lastInteractionAt ?? ''));
    print(
      Boolean(opts.json),
      list.map((c) => contactJson(c, user)),
      () =>
        list.length === 0
          ? 'no contacts yet'
          : formatTable(
              ['email', 'name', 'last', 'count', 'next due', 'tags'],
              list.map((c) => [
                c.email,
                c.name ?? '',
                (c.lastInteractionAt ?? '').slice(0, 10),
                String(c.interactionCount),
                (nextDueAt(c, user) ?? 'muted').slice(0, 10),
                c.tags.join(' '),
              ]),
            ),
    );
  });
contacts
  .command('show <email>')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (email: string, opts: { json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const stored = await a.contacts.get(user.id, email);
    if (!stored) throw new UserInputError(`no contact ${email} for ${user.email}`);
    const [interactions, notes, prompts] = await Promise.all([
      a.contacts.listInteractions(user.id, email),
      a.contacts.listNotes(user.id, email),
      a.prompts.listFor(user.id, email),
    ]);
    const data = {
      ...contactJson(stored.contact, user),
      interactions: interactions.map((i) => ({
        at: i.at,
        direction: i.direction,
        subject: i.subject,
        snippet: i.snippet,
        messageId: i.messageId,
        tags: i.tags,
      })),
      notes: notes.map((n) => ({ at: n.at, text: n.text })),
      prompts: prompts.map((p) => ({
        id: p.id,
        kind: p.kind,
        dueAt: p.dueAt,
        status: p.status,
        sentAt: p.sentAt,
        attempts: p.attempts,
        lastError: p.lastError,
      })),
    };
    print(Boolean(opts.json), data, () => {
      const c = stored.contact;
      const lines = [
        `${c.name ?? c.email} <${c.email}>`,
        `  status ${c.status}${c.snoozedUntil ? `, snoozed until ${c.snoozedUntil}` : ''}; tags: ${c.tags.join(', ') || 'none'}; next due ${data.nextDueAt ?? 'never (muted)'}`,
        `  ${c.interactionCount} interactions, first seen ${c.firstSeenAt}`,
        '',
        ...interactions.map(
          (i) =>
            `  ${i.at}  ${i.direction.padEnd(8)}  ${i.subject ?? '(no subject)'}\n      ${i.snippet}`,
        ),
        ...(notes.length
          ? ['', 'notes:', ...notes.map((n) => `  ${n.at.slice(0, 10)}  ${n.text}`)]
          : []),
        ...(prompts.length
          ? [
              '',
              'prompts:',
              ...prompts.map(
                (p) =>
                  `  ${p.kind} due ${p.dueAt}: ${p.status}${p.lastError ? ` (${p.lastError})` : ''}`,
              ),
            ]
          : []),
      ];
      return lines.join('\n');
    });
  });

// ---------------------------------------------------------------- quarantine
program
  .command('quarantine')
  .description('mail Tend could not use, with the reason')
  .command('list')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (opts: { json?: boolean; user?: string }) => {
    const records = await quarantined(app(), opts.user);
    print(
      Boolean(opts.json),
      records.map((r) => ({
        receivedAt: r.receivedAt,
        from: r.from,
        s3Key: r.s3Key,
        reason: r.reason,
        detail: r.detail,
        user: r.user,
      })),
      () =>
        records.length === 0
          ? 'nothing in quarantine'
          : formatTable(
              ['received', 'from', 'reason', 's3 key'],
              records.map((r) => [r.receivedAt, r.from, r.reason, r.s3Key]),
            ),
    );
  });

program
  .command('reprocess [s3Key]')
  .description(
    'run quarantined mail through ingest again (mail that failed the sender checks stays)',
  )
  .option('--all', 'everything in quarantine')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(
    async (s3Key: string | undefined, opts: { all?: boolean; json?: boolean; user?: string }) => {
      if (!s3Key && !opts.all)
        throw new UserInputError(
          'say which message: `tend reprocess S3KEY`, or `tend reprocess --all`',
        );
      if (s3Key && opts.all) throw new UserInputError('give an S3 key or --all, not both');
      const a = app();
      const records = await quarantined(a, opts.user);
      const chosen = opts.all ? records : records.filter((r) => r.s3Key === s3Key);
      const results: ReprocessResult[] = [];
      // One at a time: two records may be the same person's mail, and order keeps the output readable.
      for (const record of chosen) results.push(await reprocessQuarantined(a, record));
      if (s3Key && chosen.length === 0) {
        const result = await reprocessKey(a, s3Key);
        if (!result)
          throw new UserInputError(
            `no message has the S3 key ${s3Key}: it is neither in quarantine nor in the bucket (see \`tend quarantine list\`)`,
          );
        results.push(result);
      }
      print(Boolean(opts.json), results, () =>
        results.length === 0
          ? 'nothing in quarantine'
          : results
              .map(
                (r) => `${r.s3Key}: ${r.message}${r.released ? '; removed from quarantine' : ''}`,
              )
              .join('\n'),
      );
    },
  );

/** Quarantine records: --user's, else every user's, plus mail from senders Tend does not know. */
async function quarantined(
  a: App,
  userEmail: string | undefined,
): Promise<Array<QuarantineRecord & { user: string | null }>> {
  const users = await a.users.list();
  const scope = userEmail ? [await resolveUser(a.users, userEmail)] : users;
  const lists =
    scope.length > 0
      ? await Promise.all(scope.map((u) => a.quarantine.list(u.id)))
      : [await a.quarantine.list(null)];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  const seen = new Set<string>();
  const out: Array<QuarantineRecord & { user: string | null }> = [];
  for (const r of lists.flat()) {
    const key = `${r.userId ?? ''}#${r.receivedAt}#${r.s3Key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...r, user: r.userId ? (emailOf.get(r.userId) ?? null) : null });
  }
  return out.sort((x, y) => y.receivedAt.localeCompare(x.receivedAt));
}

// ---------------------------------------------------------------- settings
const settings = program.command('settings').description('your schedule and cadences');
settings
  .command('set <key> <value...>')
  .description(
    `change a setting: ${SETTING_KEYS.join(', ')} (e.g. \`settings set digest friday 9am\`)`,
  )
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (key: string, value: string[], opts: { json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const now = a.clock.now();
    const change = parseSetting(key, value.join(' '), now, user.timezone);
    const result = await applySetting(a, user, change, now);
    print(Boolean(opts.json), settingsOf(result.user), () => result.message);
  });
settings
  .command('show')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (opts: { json?: boolean; user?: string }) => {
    const user = await resolveUser(app().users, opts.user);
    const s = settingsOf(user);
    print(Boolean(opts.json), s, () =>
      [
        `timezone            ${s.timezone}`,
        `digest              ${s.digest ? `${s.digest.day} ${s.digest.hour}:00` : 'off'}`,
        `cadence             ${s.cadence} days`,
        `digest-items        ${s.digestItems}`,
        `thanks-delay-hours  ${s.thanksDelayHours}`,
        ...Object.entries(s.tagCadences).map(
          ([tag, days]) => `tag-cadence.${tag}`.padEnd(20) + `${days} days`,
        ),
      ].join('\n'),
    );
  });

// ---------------------------------------------------------------- import / export
const importer = program.command('import').description('contacts from LinkedIn or an address book');
importer
  .command('linkedin <file>')
  .description("LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data)")
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (file: string, opts: { json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const now = a.clock.now();
    const parsed = parseLinkedInConnections((await readInput(file)).toString('utf8'), {
      now,
      timezone: user.timezone,
    });
    const report = await importContacts(a.contacts, user, 'linkedin', parsed, now);
    print(Boolean(opts.json), report, () => importSummary('LinkedIn', report));
  });
importer
  .command('vcard <file>')
  .description(
    'a .vcf file (vCard 3.0 or 4.0) from Apple Contacts, Google Contacts, Outlook or a phone',
  )
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (file: string, opts: { json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const now = a.clock.now();
    const report = await importContacts(
      a.contacts,
      user,
      'vcard',
      parseVCards(await readInput(file)),
      now,
    );
    print(Boolean(opts.json), report, () => importSummary('the vCard file', report));
  });

program
  .command('export')
  .description('your contacts, for a spreadsheet')
  .command('csv [file]')
  .description('CSV with the `contacts list --json` columns; to stdout without a file')
  .addOption(userOption())
  .action(async (file: string | undefined, opts: { user?: string }) => {
    const a = app();
    const user = await resolveUser(a.users, opts.user);
    const list = (await a.contacts.list(user.id)).sort((x, y) => x.email.localeCompare(y.email));
    const csv = toCsv(
      CONTACT_COLUMNS,
      list.map((c) => contactJson(c, user)),
    );
    if (!file) {
      process.stdout.write(csv);
      return;
    }
    try {
      await writeFile(file, csv);
    } catch (error) {
      throw new UserInputError(`cannot write ${file}: ${fileProblem(error)}`, { cause: error });
    }
    print(
      false,
      null,
      () => `wrote ${list.length} contact${list.length === 1 ? '' : 's'} to ${file}`,
    );
  });

/** Problems shown per skipped row before the rest is summed up. */
const MAX_PROBLEMS_SHOWN = 20;

function importSummary(from: string, r: ImportReport): string {
  const lines = [
    `imported from ${from}: ${r.created} new, ${r.updated} updated, ${r.unchanged} unchanged, ${r.skipped.length} skipped`,
  ];
  for (const s of r.skipped.slice(0, MAX_PROBLEMS_SHOWN)) lines.push(`  ${s.where}: ${s.problem}`);
  if (r.skipped.length > MAX_PROBLEMS_SHOWN)
    lines.push(`  … and ${r.skipped.length - MAX_PROBLEMS_SHOWN} more (--json lists them all)`);
  return lines.join('\n');
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new UserInputError(`cannot read ${file}: ${fileProblem(error)}`, { cause: error });
  }
}

function fileProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- tick
program
  .command('tick')
  .description('run the dispatcher once (sends due thank-you prompts and digests)')
  .option('--now <iso>', 'the time to run at (time travel)')
  .option('--json', 'JSON output')
  .action(async (opts: { now?: string; json?: boolean }) => {
    const a = app();
    let now = a.clock.now();
    if (opts.now) {
      now = new Date(opts.now);
      if (Number.isNaN(now.getTime()))
        throw new UserInputError(
          `'${opts.now}' is not an ISO date-time, like 2026-12-07T13:05:00Z`,
        );
    }
    const report = await dispatch(a, now);
    print(
      Boolean(opts.json),
      report,
      () =>
        `sent ${report.sent}, failed ${report.failed}, nothing to say ${report.empty}, skipped ${report.skipped}`,
    );
  });

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // `tend` or `tend users` alone: commander printed that level's help; say what was missing.
      if (error.code === 'commander.help')
        process.stderr.write('tend: say which command (the list is above)\n');
      return 2;
    }
    if (
      error instanceof UserInputError ||
      error instanceof ConfigError ||
      error instanceof ImportFormatError
    ) {
      process.stderr.write(`tend: ${error.message}\n`);
      return 1;
    }
    const name = (error as { name?: string }).name ?? '';
    if (
      /ECONNREFUSED|UnknownEndpoint|TimeoutError/.test(
        `${name} ${String((error as { code?: string }).code)}`,
      ) ||
      String(error).includes('ECONNREFUSED')
    ) {
      process.stderr.write(
        'tend: cannot reach the database: is the local stack running (`npm start`)?\n',
      );
      return 1;
    }
    process.stderr.write(`tend: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
