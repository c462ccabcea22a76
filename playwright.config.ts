import { defineConfig } from '@playwright/test';

// e2e tests drive real Chromium (Debian's /usr/bin/chromium) with the built
// extension and DevTools open; see tests/e2e/harness.ts.
export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: /.*\.e2e\.ts/,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list']] : [['list']],
});
