import { defineConfig } from 'vitest/config';

// npm run test:package: what ships, built from clean copies of the repository (slow: several
// full builds). One file at a time, so the builds do not compete for the 2 cores.
export default defineConfig({
  test: {
    include: ['tests/package/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
