// npm run screenshots:firefox: the scenes of scenes.ts that Firefox shows, in Firefox ESR's real
// DevTools toolbox (firefox-driver.ts), to store/screenshots/firefox/. Skipped, saying why, when
// Firefox ESR is not installed.
import { test } from '@playwright/test';
import { firefoxMissing } from '../../tests/e2e/firefox/inspector.js';
import { firefoxDriver } from './firefox-driver.js';
import { runScenes } from './run.js';

test.skip(firefoxMissing() !== null, firefoxMissing() ?? '');

runScenes(test, firefoxDriver);
