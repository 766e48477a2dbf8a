import { defineConfig } from 'vitest/config';

/** The tests Stryker runs against each mutant: the core package's own, which need no database. */
export default defineConfig({
  test: {
    include: ['packages/core/src/**/*.test.ts'],
    testTimeout: 60_000,
  },
});
