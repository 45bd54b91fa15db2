import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Rebuilds dist/ when the sources changed since the last build (scripts/build-stamp.mjs).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests spawn git and the built CLI; two workers match the two cores CI has.
    pool: 'forks',
    maxWorkers: 2,
  },
});
