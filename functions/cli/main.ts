import { runCli } from './run';

/** `tend …` as a process (bin/tend.mjs runs the compiled form of this file). */
process.exitCode = await runCli(process.argv.slice(2), {
  env: process.env,
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
