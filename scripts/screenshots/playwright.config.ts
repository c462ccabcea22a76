// The screenshot scripts (not tests): npm run screenshots:firefox. Playwright runs them for their
// TypeScript and the e2e harnesses they share; each *.shots.ts writes PNGs under store/screenshots/.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.shots\.ts$/,
  timeout: 180_000,
  workers: 1,
  reporter: [['list']],
});
