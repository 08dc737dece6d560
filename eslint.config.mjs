// Flat ESLint config. House style §2/§14: workflows/ is Temporal sandbox code, so Node built-ins,
// ssh2, zod and anything from activities/ may only be imported as types there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.run/**',
      '.tools/**',
      '.cache/**',
      'bin/**',
      'coverage/**',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'error',
    },
  },
  {
    // Entry points and scripts may write to the console.
    files: ['cli/**', 'scripts/**', 'workers/main.ts', 'mcp-bridge/main.ts', '**/bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/test/**', '**/*.test.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/explicit-module-boundary-types': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The workflow sandbox: deterministic code only.
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/test/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...nodeBuiltins.map((name) => ({ name, message: 'Node built-ins are not allowed in workflow code.' })),
            { name: 'ssh2', message: 'ssh2 belongs in activities/.', allowTypeImports: true },
            { name: 'zod', message: 'zod belongs outside the workflow sandbox.', allowTypeImports: true },
          ],
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              message: 'Import activities only as types.',
              allowTypeImports: true,
            },
            { group: ['node:*'], message: 'Node built-ins are not allowed in workflow code.' },
          ],
        },
      ],
    },
  },
  {
    // House style §14: never log raw command output in the SSH activity code.
    files: ['activities/ssh/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.object.name=/^(console|logger|log)$/] Identifier[name=/^(stdout|stderr|raw|rawOutput)$/]',
          message: 'Raw command output must never be logged.',
        },
      ],
    },
  },
);
