// The devtools page's work: registers the WS Handshakes tab and captures from the moment
// DevTools opens (not from when the tab is first shown), so handshakes made before the
// user opens the tab are listed. The panel gets the buffer over a BroadcastChannel.
// The DevTools API is passed in (src/sources/devtools/api.ts picks it), so tests run this
// against each browser's shape.
import type { DevtoolsApi } from '../src/sources/devtools/api.js';
import { DevtoolsCapture } from '../src/sources/devtools/capture.js';
import { entryKey, type CapturedEntry } from '../src/sources/devtools/entry.js';
import { channelName, type CaptureMessage, type HarStats, type PanelMessage } from '../src/sources/devtools/link.js';

export const PANEL_TITLE = 'WS Handshakes';
export const PANEL_ICON = '/icons/icon-16.png';
export const PANEL_PAGE = '/extension/panel.html';
/** The one thing the extension stores (store/privacy-policy.md names it). */
export const PRESERVE_LOG_KEY = 'ws-handshakes.preserveLog';
/** How long changed handshakes are gathered before one 'entries' message carries them all. */
export const ENTRIES_COALESCE_MS = 100;

/** Where the Preserve log setting lives (the page's localStorage); null when storage is unavailable. */
export interface SettingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface DevtoolsPage {
  readonly session: string;
  readonly capture: DevtoolsCapture;
  /** Resolves once the tab is registered. */
  readonly panelReady: Promise<void>;
  /** Closes the channel (tests; a real page ends with DevTools). */
  stop(): void;
}

export function startDevtoolsPage(api: DevtoolsApi, storage: SettingStorage | null): DevtoolsPage {
  const startedAt = performance.now();
  const session = crypto.randomUUID();
  const capture = new DevtoolsCapture(api.network, { pagesFromHar: api.engine === 'chromium' });
  capture.preserveLog = readPreserveLog(storage);

  const channel = new BroadcastChannel(channelName(session));
  let closed = false;
  // A read in flight when DevTools closes ends after the channel: drop what it reports.
  const post = (message: CaptureMessage): void => {
    if (!closed) channel.postMessage(message);
  };

  const stats = (): HarStats => {
    const s = capture.scheduler;
    const now = performance.now();
    return {
      costMs: s.costMs,
      intervalMs: s.intervalMs,
      totalRunMs: s.totalRunMs,
      runs: s.runs,
      uptimeMs: now - startedAt,
      shown: s.isShown,
      reason: s.reason,
      nextReadAt: s.nextReadAt === null ? null : Date.now() + (s.nextReadAt - now),
      budget: s.budget,
      entries: s.entryCount,
      heavy: s.heavy,
    };
  };

  // A reconnect storm reports a handshake every few ms: posting each one made the panel list,
  // analyse and render per arrival. Changed entries and drops are gathered for ENTRIES_COALESCE_MS
  // and posted as one message each; any other message first flushes them, so order is kept.
  const pendingEntries = new Map<string, CapturedEntry>();
  let pendingDrops: { keys: string[]; total: number } | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    if (pendingEntries.size > 0) post({ type: 'entries', entries: [...pendingEntries.values()] });
    pendingEntries.clear();
    if (pendingDrops) post({ type: 'dropped', keys: pendingDrops.keys, total: pendingDrops.total });
    pendingDrops = null;
  };
  const hidden = (): boolean => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  capture.subscribe((event) => {
    if (event.type === 'entries') {
      // Map order: a key reported again keeps its first place, which is its capture order.
      for (const entry of event.entries) pendingEntries.set(entryKey(entry), entry);
    } else if (event.type === 'dropped') {
      // Dropped after it was reported: the panel never needs it.
      for (const key of event.keys) pendingEntries.delete(key);
      pendingDrops = { keys: [...(pendingDrops?.keys ?? []), ...event.keys], total: event.total };
    } else {
      flush();
      post(event);
      return;
    }
    // A hidden DevTools throttles timers to seconds: post at once there (nobody is watching a render).
    if (hidden()) flush();
    else flushTimer ??= setTimeout(flush, ENTRIES_COALESCE_MS);
  });
  capture.scheduler.onChange = () => post({ type: 'stats', stats: stats() });

  channel.onmessage = (event: MessageEvent<PanelMessage>) => {
    const message = event.data;
    switch (message.type) {
      case 'hello':
        flush(); // the snapshot holds them; a later 'entries' must not carry older copies
        post({ type: 'snapshot', entries: capture.snapshot(), preserveLog: capture.preserveLog, theme: api.themeName(), stats: stats(), coverage: capture.coverage, dropped: capture.dropped });
        break;
      case 'refresh':
        void capture.scheduler.refreshNow();
        break;
      case 'clear':
        capture.clear();
        break;
      case 'preserve-log':
        capture.preserveLog = message.on;
        writePreserveLog(storage, message.on);
        break;
      case 'reload':
        api.reloadInspectedPage();
        break;
    }
  };

  // The tab first: DevTools answers extension calls in order, so a panels.create issued behind the
  // backlog's getHAR waits for it (9.7 s at 20k entries, measured).
  const created = api.createPanel(
    PANEL_TITLE,
    PANEL_ICON,
    `${PANEL_PAGE}?session=${encodeURIComponent(session)}&theme=${encodeURIComponent(api.themeName())}`,
  );
  // Which page the first read is judged against (did DevTools record its load?), asked before that read.
  // Chromium only: Firefox's toolbox records from its start and its HAR shapes differ; no false notice there.
  if (api.engine === 'chromium') void api.inspectedUrl().then((url) => capture.noteStartUrl(url));
  // The backlog: what DevTools recorded before this page started listening.
  void capture.scheduler.refreshNow();

  const panelReady = (async () => {
    const panel = await created;
    // getHAR() is costly on busy pages: poll it only while the tab is shown.
    panel.onShown.addListener(() => capture.scheduler.show());
    panel.onHidden.addListener(() => capture.scheduler.hide());
  })();

  api.onThemeChanged((theme) => post({ type: 'theme', theme }));

  return {
    session,
    capture,
    panelReady,
    stop: () => {
      capture.scheduler.hide();
      flush();
      closed = true;
      channel.close();
    },
  };
}

function readPreserveLog(storage: SettingStorage | null): boolean {
  try {
    return storage?.getItem(PRESERVE_LOG_KEY) === 'true';
  } catch {
    return false;
  }
}

function writePreserveLog(storage: SettingStorage | null, on: boolean): void {
  try {
    storage?.setItem(PRESERVE_LOG_KEY, String(on));
  } catch {
    // Storage can be unavailable (private windows); the setting then lasts for this session.
  }
}
