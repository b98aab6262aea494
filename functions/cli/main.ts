import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { localEnv } from '../../local/env';
import { createApp, type App } from '../../shared/app';
import { ConfigError, parseConfig } from '../../shared/config';
import { logger } from '../../shared/logger';
import { ImportFormatError } from '../../shared/use-cases/import-contacts';
import { UserInputError } from '../../shared/use-cases/users';
import { registerContactCommands } from './commands/contacts';
import { registerImportExportCommands } from './commands/import-export';
import { registerQuarantineCommands } from './commands/quarantine';
import { registerSettingsCommands } from './commands/settings';
import { registerTickCommand } from './commands/tick';
import { registerUserCommands } from './commands/users';
import type { Cli } from './output';

/**
 * `npx tend …` (SPEC 5). Talks to the same table as the handlers: the local stack's unless
 * TEND_TARGET=aws, reading the same TEND_* variables as `npm start`. Each command group lives
 * in commands/; this file reads the environment (the only CLI file that does) and maps errors
 * to exit codes.
 */

let appInstance: App | undefined;
const cli: Cli = {
  app(): App {
    if (!appInstance) {
      const env = process.env.TEND_TARGET === 'aws' ? process.env : localEnv(process.env);
      Object.assign(process.env, env);
      // The use cases log for CloudWatch; on a terminal only warnings are worth showing (on stderr).
      if (!process.env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('WARN');
      appInstance = createApp(parseConfig(env));
    }
    return appInstance;
  },
};

const program = new Command('tend')
  .description('Tend: keep your professional network alive from your inbox')
  .version(packageJson.version, '-V, --version', 'print the version')
  // Set before any subcommand is added: subcommands copy these settings when created.
  .configureOutput({
    outputError: (message, write) => write(`tend: ${message.replace(/^error: /, '')}`),
  })
  .showHelpAfterError()
  .exitOverride();

registerUserCommands(program, cli);
registerContactCommands(program, cli);
registerQuarantineCommands(program, cli);
registerSettingsCommands(program, cli);
registerImportExportCommands(program, cli);
registerTickCommand(program, cli);

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
