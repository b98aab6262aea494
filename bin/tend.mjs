#!/usr/bin/env node
// `npx tend …`: runs the TypeScript CLI through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
await import('../functions/cli/main.ts');
