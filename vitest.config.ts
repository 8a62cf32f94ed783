import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // End-to-end files start servers on ephemeral ports; run files in parallel, tests in a file in order.
    fileParallelism: true,
    pool: 'forks',
  },
});
