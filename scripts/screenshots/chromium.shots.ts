// npm run screenshots: every scene of scenes.ts in Chromium, to store/screenshots/chromium/.
// Firefox: firefox.shots.ts, the same call with its driver.
import { test } from '@playwright/test';
import { chromiumDriver } from './chromium-driver.js';
import { runScenes } from './run.js';

runScenes(test, chromiumDriver);
