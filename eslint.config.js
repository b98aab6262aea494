import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * Import boundaries (docs/architecture.md): handlers → use cases → domain and ports; adapters
 * implement ports; product code never imports the local runtime's dev parts, scripts, benches or
 * tests. Each entry names what a layer may not import (matched on the import's path segments).
 * Flat config replaces a rule per file rather than merging it, so each layer's list is complete.
 */
const outsideProduct = ['scripts', 'tests', 'bench'];
const LAYERS = [
  {
    files: ['shared/domain/**'],
    forbidden: [
      ...outsideProduct,
      'local',
      'functions',
      'infra',
      'use-cases',
      'adapters',
      'ports',
      'events',
      'mail',
      'app',
      'config',
      'logger',
      'keys',
    ],
    packages: ['@aws-sdk/', 'node:(?!crypto$)'],
    why: 'the domain is pure: it imports only the domain and plain libraries',
  },
  {
    files: ['shared/ports/**'],
    forbidden: [...outsideProduct, 'local', 'functions', 'infra', 'use-cases', 'adapters', 'app'],
    packages: ['@aws-sdk/'],
    why: 'ports are interfaces over the domain: no implementations',
  },
  {
    files: ['shared/use-cases/**'],
    forbidden: [...outsideProduct, 'local', 'functions', 'infra', 'adapters', 'app'],
    packages: ['@aws-sdk/'],
    why: 'use cases reach the world only through ports',
  },
  {
    files: ['shared/adapters/**'],
    forbidden: [...outsideProduct, 'local', 'functions', 'infra', 'use-cases'],
    packages: [],
    why: 'adapters implement ports; they call no use case',
  },
  {
    files: ['shared/*.ts', 'shared/events/**', 'shared/mail/**', 'infra/**'],
    forbidden: [...outsideProduct, 'local', 'functions'],
    packages: [],
    why: 'product code does not import the local runtime, scripts, benches or tests',
  },
  {
    files: ['functions/**'],
    forbidden: [...outsideProduct, 'infra', 'local'],
    packages: [],
    why: 'handlers import use cases and the app, never the local runtime',
  },
  {
    files: ['functions/cli/**'],
    forbidden: [...outsideProduct, 'infra', 'local(?!/env$)'],
    packages: [],
    why: 'the CLI imports use cases and the app, and of the local runtime only its environment',
  },
  {
    files: ['functions/web/**'],
    forbidden: [...outsideProduct, 'infra', 'local', 'adapters', 'cli', 'ingest', 'dispatch'],
    packages: ['@aws-sdk/'],
    why: 'the web app calls use cases (through the app) and renders; stores are reached only through ports',
  },
  {
    files: ['local/**', 'bench/**'],
    forbidden: ['tests', 'scripts'],
    packages: [],
    why: 'the local runtime and the benches do not depend on test support or scripts',
  },
];

const boundaries = LAYERS.map(({ files, forbidden, packages, why }) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((dir) => ({ regex: `(^|/)${dir}(/|$)`, message: why })),
          ...packages.map((prefix) => ({ regex: `^${prefix}`, message: why })),
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.tend/', 'dist/', 'tests/artifacts/', 'preview/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Only shared/config.ts reads the environment (STYLE.md); scripts and tests set it up.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through shared/config.ts.',
        },
      ],
    },
  },
  ...boundaries,
  { files: ['bin/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    // Entry points that set up the environment before config is read.
    files: [
      'shared/config.ts',
      'functions/cli/main.ts',
      'functions/cli/run.ts',
      'scripts/**',
      'local/**',
      'tests/**',
      'bench/**',
      'infra/**',
      'bin/**',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
