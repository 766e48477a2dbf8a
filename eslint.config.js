// Type-aware lint for every package; `process.env` is allowed only in the config module.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import noSqlOutsideRepositories from './eslint-rules/no-sql-outside-repositories.js';

// SQL lives in `*.repository.ts` files, `storage/` and `ingest/` only (routes and services call
// repositories). `ingest/` is the one write path of responses and interactions: its engines write
// batches with prepared statements on the writer's connection and in the bulk loads' writer
// threads, as `storage/` does. Keep the list of other exceptions short.
const WRITE_PATH_WITH_SQL = [
  'packages/server/src/ingest/**',
  // Bulk loads' own SQLite statements, not yet moved into repositories.
  'packages/server/src/imports/customer-writer.ts',
  'packages/server/src/responses/import-customers.ts',
  // Reads kysely_migration, which storage/migrate.ts owns: to move there.
  'packages/server/src/cli/migrate-command.ts',
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      'packages/server/test/generated/**',
      // A declaration of a plain JavaScript build script; tsc checks it where it is imported.
      'scripts/*.d.mts',
      '.scratch/**',
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
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through config.ts.' },
      ],
    },
  },
  {
    files: ['packages/server/src/**/*.ts'],
    ignores: [
      '**/*.repository.ts',
      'packages/server/src/storage/**',
      '**/*.test.ts',
      ...WRITE_PATH_WITH_SQL,
    ],
    plugins: { touchstone: { rules: { 'no-sql-outside-repositories': noSqlOutsideRepositories } } },
    rules: { 'touchstone/no-sql-outside-repositories': 'error' },
  },
  {
    files: ['**/config.ts', '**/*.test.ts', 'bench/**', 'packages/server/test/**', '**/*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // expect.any() and friends are typed any by design.
    files: ['**/*.test.ts', 'packages/server/test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', module: 'writable' },
    },
  },
);
