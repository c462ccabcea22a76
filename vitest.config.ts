import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 20_000,
    // Hooks build the CLI when it is stale (tests/unit/cli/cli.ts): a tsc run waits for the build lock on a busy machine.
    hookTimeout: 120_000,
    // tests/unit/linear.ts collects garbage before each timing, so the ratios measure the code, not the heap.
    execArgv: ['--expose-gc'],
  },
});
