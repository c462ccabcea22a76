import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The real-stacks tests (tests/stacks/stacks.test.ts): not part of the main
// vitest run (that one includes tests/unit only). Run from the repo root:
//   npx vitest run tests/stacks --config tests/stacks/vitest.config.ts
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/stacks/**/*.test.ts'],
    environment: 'node',
    // One worker process: the backends and the process-group bookkeeping live in it.
    pool: 'forks',
    fileParallelism: false,
    maxConcurrency: 4,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
