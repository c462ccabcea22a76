import { defineConfig } from '@playwright/test';

// npm run screenshots: the store screenshots (scripts/screenshots/*.shots.ts), not a test suite.
export default defineConfig({
  testDir: '.',
  testMatch: /\.shots\.ts$/,
  timeout: 180_000,
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  outputDir: '../../test-results/screenshots',
});
