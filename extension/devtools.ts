// The devtools page: picks the DevTools API this browser offers (browser.devtools, or
// chrome.devtools where Chrome 148–151 leave it out of `browser`) and starts the capture.
import { devtoolsApi } from '../src/sources/devtools/api.js';
import { startDevtoolsPage } from './devtools-page.js';

function pageStorage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

const page = startDevtoolsPage(devtoolsApi(globalThis as { browser?: unknown; chrome?: unknown; navigator?: { userAgent?: string } }), pageStorage());

// An automation hook (tests, the bench): the capture's cap and what it holds.
declare global {
  interface Window {
    wsHandshakesCapture?: { setMaxEntries(max: number): void; size(): number; dropped(): number };
  }
}
window.wsHandshakesCapture = {
  setMaxEntries: (max) => {
    page.capture.maxEntries = max;
  },
  size: () => page.capture.size,
  dropped: () => page.capture.dropped,
};
