import type { Command } from 'commander';
import { UserInputError } from '../../../shared/use-cases/users';
import { type Cli } from '../output';

export function registerTickCommand(program: Command, cli: Cli): void {
  program
    .command('tick')
    .description('run the dispatcher once (sends due thank-you prompts and digests)')
    .option('--now <iso>', 'the time to run at (time travel)')
    .option('--json', 'JSON output')
    .action(async (opts: { now?: string; json?: boolean }) => {
      const a = await cli.app();
      let now = a.clock.now();
      if (opts.now) {
        now = new Date(opts.now);
        if (Number.isNaN(now.getTime()))
          throw new UserInputError(
            `'${opts.now}' is not an ISO date-time, like 2026-12-07T13:05:00Z`,
          );
      }
      const { dispatch } = await import('../../../shared/use-cases/dispatch');
      const report = await dispatch(a, now);
      cli.print(
        Boolean(opts.json),
        report,
        () =>
          `sent ${report.sent}, failed ${report.failed}, nothing to say ${report.empty}, skipped ${report.skipped}, meetings logged ${report.held}`,
      );
    });
}
