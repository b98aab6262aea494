import type { Command } from 'commander';
import type { App } from '../../../shared/app';
import type { QuarantineRecord, User } from '../../../shared/domain/types';
import {
  reprocessKey,
  reprocessQuarantined,
  type ReprocessResult,
} from '../../../shared/use-cases/reprocess';
import { resolveUser, UserInputError } from '../../../shared/use-cases/users';
import { formatTable, localTime } from '../format';
import { print, userOption, type Cli } from '../output';

export function registerQuarantineCommands(program: Command, cli: Cli): void {
  program
    .command('quarantine')
    .description('mail Tend could not use, with the reason')
    .command('list')
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (opts: { json?: boolean; user?: string }) => {
      const { records, timezoneOf } = await quarantined(cli.app(), opts.user);
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
                // Whole S3 keys: `tend reprocess KEY` needs them as they are.
                records.map((r) => [
                  localTime(r.receivedAt, timezoneOf(r)),
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
        const a = cli.app();
        const { records } = await quarantined(a, opts.user);
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
}

type Listed = QuarantineRecord & { user: string | null };

/**
 * Quarantine records: --user's, else every user's, plus mail from senders Tend does not know.
 * Times show in the zone of the record's user; a stranger's in the zone of the user asked
 * about (or the only user), else UTC.
 */
async function quarantined(
  a: App,
  userEmail: string | undefined,
): Promise<{ records: Listed[]; timezoneOf: (r: Listed) => string }> {
  const users = await a.users.list();
  const scope = userEmail ? [await resolveUser(a.users, userEmail)] : users;
  const lists =
    scope.length > 0
      ? await Promise.all(scope.map((u) => a.quarantine.list(u.id)))
      : [await a.quarantine.list(null)];
  const byId = new Map<string, User>(users.map((u) => [u.id, u]));
  const seen = new Set<string>();
  const records: Listed[] = [];
  for (const r of lists.flat()) {
    const key = `${r.userId ?? ''}#${r.receivedAt}#${r.s3Key}`;
    if (seen.has(key)) continue;
    seen.add(key);
    records.push({ ...r, user: r.userId ? (byId.get(r.userId)?.email ?? null) : null });
  }
  records.sort((x, y) => y.receivedAt.localeCompare(x.receivedAt));
  const fallback = scope.length === 1 ? (scope[0]?.timezone ?? 'UTC') : 'UTC';
  return {
    records,
    timezoneOf: (r) => (r.userId ? byId.get(r.userId)?.timezone : undefined) ?? fallback,
  };
}
