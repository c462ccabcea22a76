/**
 * What a screenshot scene needs from a browser: the demo page in the inspected tab, DevTools
 * with the WS Handshakes panel shown, a few user actions, and a 1280×800 capture of the DevTools
 * window. Chromium's driver is chromium-driver.ts, Firefox's (the real toolbox over Marionette)
 * firefox-driver.ts; each has its own *.shots.ts runner calling runScenes (run.ts).
 */
import type { ScenarioName } from '../../src/demo/scenarios.js';

/** Store screenshots are 1280×800 (Chrome Web Store, Edge; AMO takes the same). */
export const SCREEN = { width: 1280, height: 800 } as const;

export type Theme = 'light' | 'dark';

/** The browsers with a driver; also the folder names under store/screenshots/. */
export const BROWSERS = ['chromium', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export interface ImportedFile {
  readonly name: string;
  readonly text: string;
}

export interface ScreenshotDriver {
  /** The folder the shots go to under store/screenshots/. */
  readonly browser: Browser;
  /** The `ws://`/`wss://` URL the demo gives a scenario (what rows carry in data-url). */
  urlOf(name: ScenarioName): string;
  /** Loads the demo page running these scenarios and waits until the panel lists a row for each. */
  showScenarios(names: readonly ScenarioName[]): Promise<void>;
  /** Imports files through the panel's Import button (the file picker's path), waits for their rows. */
  importFiles(files: readonly ImportedFile[], rows: number): Promise<void>;
  /** Clicks the row with this data-url and waits for its detail. */
  select(url: string): Promise<void>;
  /** Scrolls the panel until `[data-testid=testId]` (a part of the detail below the fold) is at the top of its view. */
  reveal(testId: string): Promise<void>;
  /** Writes the DevTools window, SCREEN-sized, as PNG to `path`. */
  capture(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface DriverFactory {
  /** Known before any browser starts, so the runner lists only the scenes this browser can show. */
  readonly browser: Browser;
  /** Starts the browser with DevTools open in `theme`, the demo servers running. */
  start(theme: Theme): Promise<ScreenshotDriver>;
}
