import { defineConfig } from 'vitest/config';

/**
 * Two projects: `unit` (no servers, parallel) and `integration` (real Temporal dev server, PostgreSQL and sshd,
 * started once by test/global-setup.ts; run in forks, one file at a time, as the Temporal SDK advises).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.int.test.ts', 'dist/**'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/test/**/*.int.test.ts'],
          exclude: ['**/node_modules/**', 'dist/**'],
          pool: 'forks',
          // one file at a time in one process: the SDK advises serial Temporal tests, and they share the stack
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 180_000,
          hookTimeout: 300_000,
          globalSetup: ['test/global-setup.ts'],
        },
      },
    ],
  },
});
