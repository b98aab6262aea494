import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The import-boundary rule of eslint.config.js, tried on the imports it must refuse and the
 * ones it must allow, as `npx eslint .` in CI sees them (same config, real file paths).
 */
const eslint = new ESLint();

async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport {};\n`, { filePath: file });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['shared/domain/contact.ts', "import { x } from '../use-cases/users';"],
    ['shared/domain/render/digest.ts', "import { x } from '../../adapters/dynamodb/table';"],
    ['shared/domain/contact.ts', "import type { Clock } from '../ports/clock';"],
    ['shared/domain/contact.ts', "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';"],
    ['shared/domain/contact.ts', "import { readFileSync } from 'node:fs';"],
    ['shared/use-cases/dispatch.ts', "import { x } from '../adapters/dynamodb';"],
    ['shared/use-cases/dispatch.ts', "import { SESv2Client } from '@aws-sdk/client-sesv2';"],
    ['shared/use-cases/dispatch.ts', "import type { App } from '../app';"],
    ['shared/ports/user-store.ts', "import { x } from '../use-cases/users';"],
    ['shared/adapters/dynamodb/table.ts', "import { x } from '../../use-cases/users';"],
    ['functions/cli/main.ts', "import { x } from '../../scripts/preview';"],
    ['functions/cli/main.ts', "import { x } from '../../local/services';"],
    ['functions/ingest/handler.ts', "import { localEnv } from '../../local/env';"],
    ['shared/app.ts', "import { x } from '../tests/support/fixtures';"],
    ['infra/app.ts', "import { x } from '../local/env';"],
    ['local/stack.ts', "import { x } from '../tests/support/fixtures';"],
    ['bench/run.ts', "import { x } from '../tests/support/fixtures';"],
  ])('%s may not: %s', async (file, source) => {
    expect(await restricted(file, source)).toHaveLength(1);
  });

  it.each([
    ['shared/domain/render/digest.ts', "import { x } from '../contact';"],
    ['shared/domain/ingest/plan-ingest.ts', "import type { MailFacts } from '../mail-facts';"],
    ['shared/domain/tokens.ts', "import { createHmac } from 'node:crypto';"],
    ['shared/use-cases/dispatch.ts', "import type { Clock } from '../ports/clock';"],
    ['shared/use-cases/dispatch.ts', "import type { App } from '../ports/app-context';"],
    ['shared/adapters/dynamodb/table.ts', "import type { Contact } from '../../domain/types';"],
    ['functions/cli/main.ts', "import { localEnv } from '../../local/env';"],
    ['bench/run.ts', "import { x } from '../local/services';"],
    ['tests/unit/x.test.ts', "import { x } from '../../scripts/preview';"],
  ])('%s may: %s', async (file, source) => {
    expect(await restricted(file, source)).toEqual([]);
  });
});
