/**
 * What a screenshot scene needs from a browser: the demo page in the inspected tab, DevTools
 * with the WS Handshakes panel shown, a few user actions, and a 1280×800 capture of the DevTools
 * window. Chromium's driver is chromium-driver.ts; a Firefox one (the toolbox over Marionette)
 * implements the same interface and gets its own *.shots.ts runner.
 */
import type { ScenarioName } from '../../src/demo/scenarios.js';

/** Store screenshots are 1280×800 (Chrome Web Store, Edge; AMO takes the same). */
export const SCREEN = { width: 1280, height: 800 } as const;

export type Theme = 'light' | 'dark';

export interface ImportedFile {
  readonly name: string;
  readonly text: string;
}

export interface ScreenshotDriver {
  /** `chromium`, `firefox`: the folder the shots go to under store/screenshots/. */
  readonly browser: string;
  /** The `ws://`/`wss://` URL the demo gives a scenario (what rows carry in data-url). */
  urlOf(name: ScenarioName): string;
  /** Loads the demo page running these scenarios and waits until the panel lists a row for each. */
  showScenarios(names: readonly ScenarioName[]): Promise<void>;
  /** Imports files through the panel's Import button (the file picker's path), waits for their rows. */
  importFiles(files: readonly ImportedFile[], rows: number): Promise<void>;
  /** Clicks the row with this data-url and waits for its detail. */
  select(url: string): Promise<void>;
  /** Writes the DevTools window, SCREEN-sized, as PNG to `path`. */
  capture(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Starts a browser with DevTools open in `theme`, the demo servers running. */
export type DriverFactory = (theme: Theme) => Promise<ScreenshotDriver>;
