import type { Command } from 'commander';
import { UserInputError } from '../../../shared/use-cases/users';
import type { App } from '../../../shared/app';
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
      const { dispatch } = await import('../../../shared/use-cases/dispatch-run');
      const report = await dispatch(await withSendingLimits(a), now);
      cli.print(
        Boolean(opts.json),
        report,
        () =>
          `sent ${report.sent}, failed ${report.failed}, nothing to say ${report.empty}, skipped ${report.skipped}, meetings logged ${report.held}, deferred by SES ${report.deferred}, errors ${report.errors}` +
          (report.quotaUsed ? ' (the SES daily quota is used: the rest waits)' : ''),
      );
    });
}

/**
 * Against a deployed stack the run paces itself to the account's SES limits, read as the
 * dispatcher reads them; locally TEND_SES_RATE gives the rate.
 */
async function withSendingLimits(app: App): Promise<App> {
  if (app.config.TEND_SES_RATE !== undefined) return app;
  const [{ SESv2Client }, { SesSendingLimits }] = await Promise.all([
    import('@aws-sdk/client-sesv2'),
    import('../../../shared/adapters/ses/ses-sending-limits'),
  ]);
  return { ...app, sendingLimits: new SesSendingLimits(new SESv2Client({})) };
}
