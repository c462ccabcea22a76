// The devtools page: registers the WS Handshakes tab and captures from the moment
// DevTools opens (not from when the tab is first shown), so handshakes made before
// the user opens the tab are listed. The panel gets the buffer over a BroadcastChannel.
import browser from 'webextension-polyfill';
import { DevtoolsCapture } from '../src/sources/devtools/capture.js';
import { channelName, type CaptureMessage, type HarStats, type PanelMessage } from '../src/sources/devtools/link.js';

const PRESERVE_LOG_KEY = 'ws-handshakes.preserveLog';
const startedAt = performance.now();
const session = crypto.randomUUID();
const network = browser.devtools.network;

const capture = new DevtoolsCapture({
  getHAR: () => network.getHAR(),
  onRequestFinished: network.onRequestFinished,
  onNavigated: network.onNavigated,
});
capture.preserveLog = readPreserveLog();

const channel = new BroadcastChannel(channelName(session));
const post = (message: CaptureMessage): void => channel.postMessage(message);

function stats(): HarStats {
  const s = capture.scheduler;
  return { costMs: s.costMs, intervalMs: s.intervalMs, totalRunMs: s.totalRunMs, runs: s.runs, uptimeMs: performance.now() - startedAt, shown: s.isShown };
}

capture.subscribe(post);
capture.scheduler.onPass = () => post({ type: 'stats', stats: stats() });

channel.onmessage = (event: MessageEvent<PanelMessage>) => {
  const message = event.data;
  switch (message.type) {
    case 'hello':
      post({ type: 'snapshot', entries: capture.snapshot(), preserveLog: capture.preserveLog, theme: themeName(), stats: stats() });
      break;
    case 'refresh':
      void capture.scheduler.refreshNow();
      break;
    case 'clear':
      capture.clear();
      break;
    case 'preserve-log':
      capture.preserveLog = message.on;
      writePreserveLog(message.on);
      break;
    case 'reload':
      void browser.devtools.inspectedWindow.reload({});
      break;
  }
};

// The backlog: what DevTools recorded before this page started listening.
void capture.scheduler.refreshNow();

void (async () => {
  const panel = await browser.devtools.panels.create(
    'WS Handshakes',
    '/icons/icon-16.png',
    `/extension/panel.html?session=${encodeURIComponent(session)}&theme=${encodeURIComponent(themeName())}`,
  );
  // getHAR() is costly on busy pages: poll it only while the tab is shown.
  panel.onShown.addListener(() => capture.scheduler.show());
  panel.onHidden.addListener(() => capture.scheduler.hide());
})();

// Firefox tells theme changes (sometimes the same one twice); Chrome reloads DevTools instead.
browser.devtools.panels.onThemeChanged?.addListener((theme: string) => post({ type: 'theme', theme }));

function themeName(): string {
  return browser.devtools.panels.themeName ?? 'default';
}

function readPreserveLog(): boolean {
  try {
    return localStorage.getItem(PRESERVE_LOG_KEY) === 'true';
  } catch {
    return false;
  }
}

function writePreserveLog(on: boolean): void {
  try {
    localStorage.setItem(PRESERVE_LOG_KEY, String(on));
  } catch {
    // Storage can be unavailable (private windows); the setting then lasts for this session.
  }
}
