import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
    // tests/unit/linear.ts collects garbage before each timing, so the ratios measure the code, not the heap.
    execArgv: ['--expose-gc'],
  },
});
