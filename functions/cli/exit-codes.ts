import { CommanderError } from 'commander';
import { ConfigError } from '../../shared/config';
import { ImportFormatError } from '../../shared/use-cases/import-contacts';
import { UserInputError } from '../../shared/use-cases/users';

/** How `tend` ends (SPEC 5): the one place an error becomes an exit code and a message. */
export const EXIT = {
  ok: 0,
  /** Something was wrong with the input, the configuration or the services. */
  failed: 1,
  /** The command line itself: unknown command or option, missing argument. */
  usage: 2,
} as const;

/**
 * A command that printed what it could and must still end non-zero: `tend doctor` with a failed
 * check, `tend users resume` when SES kept the address. The message goes to stderr.
 */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}

export interface Ending {
  code: number;
  /** For stderr, without the `tend: ` prefix; none when commander already said it. */
  message: string | null;
}

export function endingFor(error: unknown): Ending {
  if (error instanceof CommanderError) {
    if (error.exitCode === 0) return { code: EXIT.ok, message: null };
    // `tend` or `tend users` alone: commander printed that level's help; say what was missing.
    if (error.code === 'commander.help')
      return { code: EXIT.usage, message: 'say which command (the list is above)' };
    return { code: EXIT.usage, message: null };
  }
  if (
    error instanceof UserInputError ||
    error instanceof ConfigError ||
    error instanceof ImportFormatError ||
    error instanceof CommandFailed
  )
    return { code: EXIT.failed, message: error.message };
  if (unreachable(error))
    return {
      code: EXIT.failed,
      message: 'cannot reach the database: is the local stack running (`npm start`)?',
    };
  return { code: EXIT.failed, message: error instanceof Error ? error.message : String(error) };
}

/** A refused connection or an endpoint that does not answer, as the AWS SDK reports them. */
function unreachable(error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: string; code?: string };
  return (
    /ECONNREFUSED|UnknownEndpoint|TimeoutError/.test(`${name ?? ''} ${String(code)}`) ||
    String(error).includes('ECONNREFUSED')
  );
}
