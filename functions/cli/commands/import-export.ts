import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ImportReport } from '../../../shared/use-cases/import-contacts';
import { resolveUser, UserInputError } from '../../../shared/use-cases/users';
import { userOption, type Cli } from '../output';

/** Problems shown per skipped row before the rest is summed up. */
const MAX_PROBLEMS_SHOWN = 20;

export function registerImportExportCommands(program: Command, cli: Cli): void {
  const importer = program
    .command('import')
    .description('contacts from LinkedIn or an address book');
  importer
    .command('linkedin <file>')
    .description("LinkedIn's Connections.csv (Settings → Data privacy → Get a copy of your data)")
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (file: string, opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const now = a.clock.now();
      const { parseLinkedInConnections } =
        await import('../../../shared/use-cases/import-linkedin');
      const { importContacts } = await import('../../../shared/use-cases/import-contacts');
      const parsed = parseLinkedInConnections((await readInput(file)).toString('utf8'), {
        now,
        timezone: user.timezone,
      });
      const report = await importContacts(a.contacts, user, 'linkedin', parsed, now);
      cli.print(Boolean(opts.json), report, () => importSummary('LinkedIn', report));
    });
  importer
    .command('vcard <file>')
    .description(
      'a .vcf file (vCard 3.0 or 4.0) from Apple Contacts, Google Contacts, Outlook or a phone',
    )
    .option('--json', 'JSON output')
    .addOption(userOption())
    .action(async (file: string, opts: { json?: boolean; user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const now = a.clock.now();
      const { parseVCards } = await import('../../../shared/use-cases/import-vcard');
      const { importContacts } = await import('../../../shared/use-cases/import-contacts');
      const report = await importContacts(
        a.contacts,
        user,
        'vcard',
        parseVCards(await readInput(file), now),
        now,
      );
      cli.print(Boolean(opts.json), report, () => importSummary('the vCard file', report));
    });

  program
    .command('export')
    .description('your contacts, for a spreadsheet')
    .command('csv [file]')
    .description('CSV with the `contacts list --json` columns; to stdout without a file')
    .addOption(userOption())
    .action(async (file: string | undefined, opts: { user?: string }) => {
      const a = await cli.app();
      const user = await resolveUser(a.users, opts.user);
      const { exportContactsCsv } = await import('../../../shared/use-cases/contact-export');
      const { csv, count } = await exportContactsCsv(a.contacts, user);
      if (!file) {
        cli.write(csv);
        return;
      }
      try {
        await writeFile(file, csv);
      } catch (error) {
        throw new UserInputError(`cannot write ${file}: ${fileProblem(error)}`, { cause: error });
      }
      cli.print(false, null, () => `wrote ${count} contact${count === 1 ? '' : 's'} to ${file}`);
    });
}

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
