import type { Command } from 'commander';
import { listQuarantine } from '../../../shared/use-cases/list-quarantine';
import type { ReprocessResult } from '../../../shared/use-cases/reprocess';
import { UserInputError } from '../../../shared/use-cases/users';
import { formatTable, localTime } from '../format';
import { userOption, type Cli } from '../output';

export function registerQuarantineCommands(program: Command, cli: Cli): void {
  program
    .command('quarantine')
    .description('mail Tend could not use, with the reason')
    .command('list')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (opts: { json?: boolean; user?: string }) => {
      const records = await listQuarantine(await cli.app(), opts.user);
      cli.print(
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
                // Whole S3 keys: `tend reprocess KEY` needs them as they are.
                records.map((r) => [
                  localTime(r.receivedAt, r.timezone),
                  r.from,
                  r.reason,
                  r.s3Key,
                ]),
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
        const a = await cli.app();
        // Ingest's parser and everything behind it: loaded only by the commands that run mail.
        const { reprocessKey, reprocessQuarantined } =
          await import('../../../shared/use-cases/reprocess');
        const records = await listQuarantine(a, opts.user);
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
        cli.print(Boolean(opts.json), results, () =>
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
}
