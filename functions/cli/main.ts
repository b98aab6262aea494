import { Command, CommanderError, Option } from 'commander';
import { localEnv } from '../../scripts/local-env';
import { createApp, type App } from '../../shared/app';
import { ConfigError, parseConfig } from '../../shared/config';
import { nextDueAt } from '../../shared/domain/reconnect';
import type { Contact, User } from '../../shared/domain/types';
import { dispatch } from '../../shared/use-cases/dispatch';
import { registerUser, resolveUser, UserInputError } from '../../shared/use-cases/users';
import { contactJson, formatTable } from './format';

/**
 * `npx tend …` (SPEC 5). Talks to the same table as the handlers: the local stack's unless
 * TEND_TARGET=aws, reading the same TEND_* variables as `npm start`.
 */

let appInstance: App | undefined;
function app(): App {
  if (!appInstance) {
    const env = process.env.TEND_TARGET === 'aws' ? process.env : localEnv(process.env);
    Object.assign(process.env, env);
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
  .showHelpAfterError()
  .exitOverride();

const userOption = () => new Option('--user <email>', 'which user (optional when there is only one)');

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
    const user = await registerUser(a.store, { email, timezone: opts.tz, also: opts.also }, a.clock.now());
    print(Boolean(opts.json), userJson(user), () => `registered ${user.email} (${user.timezone}); BCC log@${a.config.TEND_INBOUND_DOMAIN} on your networking emails`);
  });
users
  .command('list')
  .option('--json', 'JSON output')
  .action(async (opts: { json?: boolean }) => {
    const list = await app().store.listUsers();
    print(Boolean(opts.json), list.map(userJson), () =>
      list.length === 0
        ? 'no users yet'
        : formatTable(
            ['email', 'timezone', 'digest', 'addresses'],
            list.map((u) => [u.email, u.timezone, u.digest ? `${u.digest.day} ${u.digest.hour}:00` : 'off', u.addresses.join(', ')]),
          ),
    );
  });
users
  .command('remove <email>')
  .description('delete a user and everything Tend holds for them')
  .action(async (email: string) => {
    const a = app();
    const user = await a.store.findUserByAddress(email.toLowerCase());
    if (!user) throw new UserInputError(`no Tend user has the address ${email}`);
    const n = await a.store.deleteUser(user);
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
    const user = await resolveUser(a.store, opts.user);
    const now = a.clock.now().toISOString();
    let list = await a.store.listContacts(user.id);
    if (opts.tag) list = list.filter((c) => c.tags.includes(opts.tag!.toLowerCase()));
    if (opts.due) list = list.filter((c) => isDueNow(c, user, now));
    list.sort((x, y) => (y.lastInteractionAt ?? '').localeCompare(x.lastInteractionAt ?? ''));
    print(Boolean(opts.json), list.map((c) => contactJson(c, user)), () =>
      list.length === 0
        ? 'no contacts yet'
        : formatTable(
            ['email', 'name', 'last', 'count', 'next due', 'tags'],
            list.map((c) => [c.email, c.name ?? '', (c.lastInteractionAt ?? '').slice(0, 10), String(c.interactionCount), (nextDueAt(c, user) ?? 'muted').slice(0, 10), c.tags.join(' ')]),
          ),
    );
  });
contacts
  .command('show <email>')
  .option('--json', 'JSON output')
  .addOption(userOption())
  .action(async (email: string, opts: { json?: boolean; user?: string }) => {
    const a = app();
    const user = await resolveUser(a.store, opts.user);
    const stored = await a.store.getContact(user.id, email);
    if (!stored) throw new UserInputError(`no contact ${email} for ${user.email}`);
    const [interactions, notes, prompts] = await Promise.all([
      a.store.listInteractions(user.id, email),
      a.store.listNotes(user.id, email),
      a.store.listPromptsFor(user.id, email),
    ]);
    const data = {
      ...contactJson(stored.contact, user),
      interactions: interactions.map((i) => ({ at: i.at, direction: i.direction, subject: i.subject, snippet: i.snippet, messageId: i.messageId, tags: i.tags })),
      notes: notes.map((n) => ({ at: n.at, text: n.text })),
      prompts: prompts.map((p) => ({ id: p.id, kind: p.kind, dueAt: p.dueAt, status: p.status, sentAt: p.sentAt, attempts: p.attempts, lastError: p.lastError })),
    };
    print(Boolean(opts.json), data, () => {
      const c = stored.contact;
      const lines = [
        `${c.name ?? c.email} <${c.email}>`,
        `  status ${c.status}${c.snoozedUntil ? `, snoozed until ${c.snoozedUntil}` : ''}; tags: ${c.tags.join(', ') || 'none'}; next due ${data.nextDueAt ?? 'never (muted)'}`,
        `  ${c.interactionCount} interactions, first seen ${c.firstSeenAt}`,
        '',
        ...interactions.map((i) => `  ${i.at}  ${i.direction.padEnd(8)}  ${i.subject ?? '(no subject)'}\n      ${i.snippet}`),
        ...(notes.length ? ['', 'notes:', ...notes.map((n) => `  ${n.at.slice(0, 10)}  ${n.text}`)] : []),
        ...(prompts.length ? ['', 'prompts:', ...prompts.map((p) => `  ${p.kind} due ${p.dueAt}: ${p.status}${p.lastError ? ` (${p.lastError})` : ''}`)] : []),
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
    const a = app();
    const users = await a.store.listUsers();
    const user = opts.user || users.length === 1 ? await resolveUser(a.store, opts.user) : null;
    const records = await a.store.listQuarantine(user?.id ?? null);
    print(Boolean(opts.json), records.map((r) => ({ receivedAt: r.receivedAt, from: r.from, s3Key: r.s3Key, reason: r.reason, detail: r.detail })), () =>
      records.length === 0
        ? 'nothing in quarantine'
        : formatTable(['received', 'from', 'reason', 's3 key'], records.map((r) => [r.receivedAt, r.from, r.reason, r.s3Key])),
    );
  });

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
      if (Number.isNaN(now.getTime())) throw new UserInputError(`'${opts.now}' is not an ISO date-time, like 2026-12-07T13:05:00Z`);
    }
    const report = await dispatch(a, now);
    print(Boolean(opts.json), report, () => `sent ${report.sent}, failed ${report.failed}, nothing to say ${report.empty}, skipped ${report.skipped}`);
  });

function isDueNow(c: Contact, user: User, now: string): boolean {
  const due = nextDueAt(c, user);
  return due !== null && due <= now;
}

async function main(argv: string[]): Promise<number> {
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof UserInputError || error instanceof ConfigError) {
      process.stderr.write(`tend: ${error.message}\n`);
      return 1;
    }
    const name = (error as { name?: string }).name ?? '';
    if (/ECONNREFUSED|UnknownEndpoint|TimeoutError/.test(`${name} ${String((error as { code?: string }).code)}`) || String(error).includes('ECONNREFUSED')) {
      process.stderr.write('tend: cannot reach the database: is the local stack running (`npm start`)?\n');
      return 1;
    }
    process.stderr.write(`tend: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
