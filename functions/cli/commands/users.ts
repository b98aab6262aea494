import type { Command } from 'commander';
import { planUserRemoval, removeUser } from '../../../shared/use-cases/remove-user';
import { addUserAddress, removeUserAddress } from '../../../shared/use-cases/user-addresses';
import { registerUser, UserInputError } from '../../../shared/use-cases/users';
import type { User } from '../../../shared/domain/types';
import { CommandFailed } from '../exit-codes';
import { formatTable } from '../format';
import { count } from '../../../shared/domain/count';
import { userJson, type Cli } from '../output';

export function registerUserCommands(program: Command, cli: Cli): void {
  const users = program.command('users').description('register and list Tend users');
  users
    .command('add <email>')
    .description('register a user (their address is the only one Tend ever emails)')
    .option('--tz <zone>', 'IANA timezone', 'UTC')
    .option('--also <email...>', 'more addresses of the same person', [])
    .option('--json', 'JSON output')
    .action(async (email: string, opts: { tz: string; also: string[]; json?: boolean }) => {
      const a = await cli.app();
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
      cli.print(
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
      const list = await (await cli.app()).users.list();
      cli.print(Boolean(opts.json), list.map(userJson), () =>
        list.length === 0
          ? 'no users yet'
          : formatTable(
              ['email', 'timezone', 'digest', 'emailing', 'addresses'],
              list.map((u) => [
                u.email,
                u.timezone,
                u.digest ? `${u.digest.day} ${u.digest.hour}:00` : 'off',
                emailing(u),
                u.addresses.join(', '),
              ]),
            ),
      );
    });

  users
    .command('remove <email>')
    .description('erase a user and everything Tend holds for them, their raw mail included')
    .option('--yes', 'really erase (there is no undo)')
    .option('--json', 'JSON output')
    .action(async (email: string, opts: { yes?: boolean; json?: boolean }) => {
      const a = await cli.app();
      const user = await a.users.findByAddress(email.trim().toLowerCase());
      if (!user) throw new UserInputError(`no Tend user has the address ${email}`);
      if (!opts.yes) {
        const plan = await planUserRemoval(a, user);
        throw new UserInputError(
          `this erases ${user.email} for good: ${count(plan.contacts, 'contact')} with their history, notes and prompts, ` +
            `the settings, the addresses (${user.addresses.join(', ')}) and ${count(plan.rawMailKeys.length, 'stored email')} (raw mail). ` +
            `Nothing can bring it back; add --yes to go ahead: tend users remove ${user.email} --yes`,
        );
      }
      const removed = await removeUser(a, user);
      cli.print(
        Boolean(opts.json),
        { email: user.email, records: removed.records, rawMail: removed.rawMail },
        () =>
          `removed ${user.email}: ${count(removed.records, 'record')} and ${count(removed.rawMail, 'stored email')} erased`,
      );
    });

  users
    .command('resume <email>')
    .description(
      'email a user again after their mailbox bounced or they reported Tend as spam (fix the cause first)',
    )
    .option('--json', 'JSON output')
    .action(async (email: string, opts: { json?: boolean }) => {
      const a = await cli.app();
      const user = await findUser(cli, email);
      const [{ resumeEmailing }, suppressions] = await Promise.all([
        import('../../../shared/use-cases/resume-emailing'),
        // The local stack's SES (aws-ses-v2-local) has no suppression list to take it off.
        cli.target === 'aws'
          ? import('../aws-adapters').then((m) => m.suppressionList())
          : Promise.resolve(null),
      ]);
      const result = await resumeEmailing(a, user, a.clock.now(), suppressions);
      cli.print(
        Boolean(opts.json),
        { ...userJson(result.user), suppression: result.suppression },
        () => result.message,
      );
      if (result.suppression.status === 'failed')
        throw new CommandFailed(
          `could not take ${user.email} off SES's suppression list (${result.suppression.error}): SES still drops Tend's mail to it. ` +
            `Run \`tend users resume ${user.email}\` again, or: aws sesv2 delete-suppressed-destination --email-address ${user.email}`,
        );
    });

  const address = users
    .command('address')
    .description("change a user's sending addresses (contacts and history stay)");
  address
    .command('add <user> <address>')
    .description('Tend logs mail from this address for the user too')
    .option('--json', 'JSON output')
    .action(async (userEmail: string, added: string, opts: { json?: boolean }) => {
      const a = await cli.app();
      const next = await addUserAddress(a.users, await findUser(cli, userEmail), added);
      cli.print(Boolean(opts.json), userJson(next), () =>
        addressesLine(next.email, next.addresses),
      );
    });
  address
    .command('remove <user> <address>')
    .description('Tend no longer takes mail from this address as the user’s')
    .option('--json', 'JSON output')
    .action(async (userEmail: string, removed: string, opts: { json?: boolean }) => {
      const a = await cli.app();
      const next = await removeUserAddress(a.users, await findUser(cli, userEmail), removed);
      cli.print(Boolean(opts.json), userJson(next), () =>
        addressesLine(next.email, next.addresses),
      );
    });
}

/** USER is any of the user's addresses. */
async function findUser(cli: Cli, email: string) {
  const user = await (await cli.app()).users.findByAddress(email.trim().toLowerCase());
  if (!user) throw new UserInputError(`no Tend user has the address ${email}`);
  return user;
}

/** Whether Tend emails the user, and if not, why (SPEC 4 unsubscribe, SPEC 7 feedback). */
function emailing(u: User): string {
  if (u.emailStopped)
    return `stopped: ${u.emailStopped.reason} ${u.emailStopped.at.slice(0, 10)} (tend users resume)`;
  return u.unsubscribed ? 'unsubscribed' : 'yes';
}

function addressesLine(email: string, addresses: string[]): string {
  return `${email} sends from ${addresses.join(', ')}`;
}
