import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', '.cache/**'],
    // Grader tests start child processes; on a loaded 2-core machine that can take seconds.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
