import { defineConfig } from '@playwright/test';

// Browser benches (bench/panel-import.bench.mjs runs them): real Chromium with the built extension, as the e2e tests.
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.pw\.ts/,
  timeout: 600_000,
  workers: 1,
  reporter: [['list']],
});
