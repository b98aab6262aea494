import type { Command } from 'commander';
import { LOGIN_LINK_MINUTES } from '../../../shared/domain/web-sign-in';
import { issueLoginLink } from '../../../shared/use-cases/login-links';
import { resolveUser, UserInputError } from '../../../shared/use-cases/users';
import { localTime } from '../format';
import { userOption, type Cli } from '../output';

/** `tend login-link [--user EMAIL]` (SPEC 8): prints a one-time sign-in link to the web app. */
export function registerLoginLinkCommand(program: Command, cli: Cli): void {
  program
    .command('login-link')
    .description(
      `print a one-time sign-in link to the web app (valid ${LOGIN_LINK_MINUTES} minutes)`,
    )
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const webUrl = a.config.TEND_WEB_URL;
      if (!webUrl)
        throw new UserInputError('TEND_WEB_URL is not set: where is the web app served?');
      const user = await resolveUser(a.users, opts.user);
      const link = await issueLoginLink(a, user, webUrl, a.clock.now());
      cli.print(
        Boolean(opts.json),
        link,
        () =>
          `${link.url}\n(for ${user.email}; works once, until ${localTime(link.validUntil, user.timezone)})`,
      );
    });
}
