import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

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
  { files: ['bin/**/*.mjs'], languageOptions: { globals: globals.node } },
  {
    // Entry points that set up the environment before config is read.
    files: [
      'shared/config.ts',
      'functions/cli/main.ts',
      'scripts/**',
      'tests/**',
      'bench/**',
      'infra/**',
      'bin/**',
      'vitest.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
);
