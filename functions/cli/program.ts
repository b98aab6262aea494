import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { registerContactCommands } from './commands/contacts';
import { registerDoctorCommand } from './commands/doctor';
import { registerImportExportCommands } from './commands/import-export';
import { registerLoginLinkCommand } from './commands/login-link';
import { registerQuarantineCommands } from './commands/quarantine';
import { registerSettingsCommands } from './commands/settings';
import { registerTickCommand } from './commands/tick';
import { registerUserCommands } from './commands/users';
import type { Cli, CliIo } from './output';

/**
 * The `tend` program (SPEC 5), new for each run: commander keeps parsed options on the
 * commands, so a program is never parsed twice. Each command group lives in commands/.
 */
export function createProgram(cli: Cli, io: Pick<CliIo, 'out' | 'err'>): Command {
  const program = new Command('tend')
    .description('Tend: keep your professional network alive from your inbox')
    .version(packageJson.version, '-V, --version', 'print the version')
    // Set before any subcommand is added: subcommands copy these settings when created.
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
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
  registerLoginLinkCommand(program, cli);
  registerDoctorCommand(program, cli);
  return program;
}
