#!/usr/bin/env node
// `npx tend …`: runs the TypeScript CLI through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

// The SDK's notice about Node 20's end of support is for maintainers, not for every CLI run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// Handler info logs are for CloudWatch; the CLI's stdout is for its own (possibly --json) output.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';

register();
await import('../functions/cli/main.ts');
