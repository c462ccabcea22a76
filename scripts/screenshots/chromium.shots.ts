// npm run screenshots: every scene of scenes.ts in Chromium, to store/screenshots/chromium/.
// A Firefox runner is the same file with its driver (see driver.ts).
import { test } from '@playwright/test';
import { chromiumDriver } from './chromium-driver.js';
import { runScenes } from './run.js';

runScenes(test, chromiumDriver);
