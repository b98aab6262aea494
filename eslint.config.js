import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
        { object: 'process', property: 'env', message: 'Read configuration through shared/config.ts.' },
      ],
    },
  },
  {
    files: ['shared/config.ts', 'scripts/**', 'tests/**', 'bench/**', 'infra/**', 'bin/**', 'vitest.config.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
