import { localEnv } from '../../local/env';
import type { App } from '../../shared/app';
import { parseConfig } from '../../shared/config';
import { endingFor } from './exit-codes';
import type { Cli, CliIo } from './output';
import { createProgram } from './program';

/**
 * One `tend …` run: ARGS as typed (without `node tend`), IO for the environment and output.
 * Returns the exit code; never throws. The local stack's services are used unless
 * TEND_TARGET=aws, with the same TEND_* variables as `npm start` (local/env.ts).
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  const sdkVariables = new SdkVariables();
  let app: Promise<App> | undefined;
  const target = io.env.TEND_TARGET === 'aws' ? 'aws' : 'local';
  const cli: Cli = {
    target,
    useAwsEnvironment() {
      sdkVariables.apply(io.env);
    },
    app() {
      app ??= (async () => {
        const env = target === 'aws' ? { ...io.env } : localEnv(io.env);
        // The SDK clients read their endpoints, region and credentials from process.env.
        sdkVariables.apply(env);
        const config = parseConfig(env);
        // Loaded here, not at the top: `--help` and `--version` need no SDK.
        const [{ createApp }, { logger }] = await Promise.all([
          import('../../shared/app'),
          import('../../shared/logger'),
        ]);
        // The use cases log for CloudWatch; on a terminal only warnings are worth showing.
        if (!env.POWERTOOLS_LOG_LEVEL) logger.setLogLevel('WARN');
        return createApp(config);
      })();
      return app;
    },
    print(json, data, human) {
      io.out(json ? `${JSON.stringify(data, null, 2)}\n` : `${human()}\n`);
    },
    write(text) {
      io.out(text);
    },
  };
  try {
    await createProgram(cli, io).parseAsync(args, { from: 'user' });
    return 0;
  } catch (error) {
    const ending = endingFor(error);
    if (ending.message !== null) io.err(`tend: ${ending.message}\n`);
    return ending.code;
  } finally {
    sdkVariables.restore();
  }
}

/**
 * The AWS_* variables a run sets in process.env, put back as they were when it ends, so a run
 * in a test process leaves no trace for the next one.
 */
class SdkVariables {
  private readonly saved = new Map<string, string | undefined>();

  apply(env: Record<string, string | undefined>): void {
    for (const [key, value] of Object.entries(env)) {
      if (!key.startsWith('AWS_') || value === undefined) continue;
      if (!this.saved.has(key)) this.saved.set(key, process.env[key]);
      process.env[key] = value;
    }
  }

  restore(): void {
    for (const [key, value] of this.saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    this.saved.clear();
  }
}
