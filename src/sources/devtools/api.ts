/**
 * Which DevTools API the devtools page calls, behind one promise-returning shape.
 *
 * - Firefox and Chrome 152+ have `browser.devtools`, whose calls return promises.
 * - Chrome 148–151 define `browser` in extension pages but leave `browser.devtools`
 *   out of devtools pages (crbug.com/500769389, webextension-polyfill#721): code
 *   reading `browser.devtools.panels` there crashes, and the polyfill, seeing
 *   `browser`, does nothing. Chrome before 148 has no `browser` at all.
 * So: `browser.devtools` when it exists, else `chrome.devtools` with callbacks
 * (a promise-returning `chrome.devtools.network.getHAR()` needs Chrome 151; the
 * callback form works in every version). Browser differences stay in this folder.
 */
import type { NetworkApi } from './capture.js';

/** An extension event: `addListener` is all the page uses. */
export interface Listenable<Listener> {
  addListener(listener: Listener): void;
}

/** The panel `devtools.panels.create` gives back. */
export interface ExtensionPanel {
  readonly onShown: Listenable<(panelWindow: unknown) => void>;
  readonly onHidden: Listenable<() => void>;
}

/** The calls the devtools page makes, promise-shaped whatever the browser offers. */
export interface DevtoolsApi {
  /** Which namespace the calls go to. */
  readonly namespace: 'browser' | 'chrome';
  /** Firefox (Gecko) or Chromium: they number HAR pages and time navigations differently (capture.ts). */
  readonly engine: 'gecko' | 'chromium';
  readonly network: NetworkApi;
  /** The URL the inspected document was loaded from (not moved by history.pushState), null when it cannot be read. */
  inspectedUrl(): Promise<string | null>;
  /** Adds a DevTools tab; paths are relative to the extension root. */
  createPanel(title: string, iconPath: string, pagePath: string): Promise<ExtensionPanel>;
  reloadInspectedPage(): void;
  /** DevTools' theme (`default`, `dark`, Firefox also `light`), `default` when the browser does not say. */
  themeName(): string;
  /** Firefox tells theme changes; Chrome reloads DevTools instead, so there this never fires. */
  onThemeChanged(listener: (theme: string) => void): void;
}

type HarLog = { entries?: readonly unknown[]; pages?: readonly unknown[] };

/** `devtools.*` as both namespaces define it: promise-returning in `browser`, callback-taking in `chrome`. */
interface RawDevtools {
  readonly network: {
    getHAR(callback?: (har: HarLog) => void): Promise<HarLog> | void;
    readonly onRequestFinished: Listenable<(request: unknown) => void>;
    readonly onNavigated: Listenable<(url: string) => void>;
  };
  readonly panels: {
    create(title: string, iconPath: string, pagePath: string, callback?: (panel: ExtensionPanel) => void): Promise<ExtensionPanel> | void;
    readonly themeName?: string;
    readonly onThemeChanged?: Listenable<(theme: string) => void>;
  };
  readonly inspectedWindow: {
    reload(options?: object): unknown;
    /** `browser`: a promise of [result, exceptionInfo]; `chrome`: callback(result, exceptionInfo). */
    eval?(expression: string, callback?: (result: unknown, exception?: unknown) => void): Promise<[unknown, unknown]> | void;
  };
}

/** The globals the choice depends on (`globalThis` in the page, fakes in tests). */
export interface DevtoolsGlobals {
  readonly browser?: unknown;
  readonly chrome?: unknown;
  readonly navigator?: { readonly userAgent?: string };
}

function devtoolsOf(namespace: unknown): RawDevtools | null {
  if (typeof namespace !== 'object' || namespace === null) return null;
  const devtools = (namespace as { devtools?: unknown }).devtools;
  if (typeof devtools !== 'object' || devtools === null) return null;
  const raw = devtools as Partial<RawDevtools>;
  return raw.network && raw.panels && raw.inspectedWindow ? (raw as RawDevtools) : null;
}

/** The API to use in this devtools page; throws when there is none (not a devtools page). */
export function devtoolsApi(globals: DevtoolsGlobals): DevtoolsApi {
  const engine = isGecko(globals) ? 'gecko' : 'chromium';
  const promised = devtoolsOf(globals.browser);
  const callbacks = devtoolsOf(globals.chrome);
  // Chromium's eval takes a two-argument callback, which its promise form may not carry: use `chrome` there when it exists.
  if (promised) return wrap('browser', promised, engine, engine === 'chromium' && callbacks ? callbacks : null);
  if (callbacks) return wrap('chrome', callbacks, engine, null);
  throw new Error('no devtools API (neither browser.devtools nor chrome.devtools): this code runs only in a devtools page');
}

/** The document's own URL: its navigation entry's name (pushState moves location.href, not this). */
export const DOCUMENT_URL_EXPRESSION = "(performance.getEntriesByType('navigation')[0] || {}).name || location.href";

/** Firefox: its user agent names it (Chromium's says only "like Gecko"); only Firefox has `runtime.getBrowserInfo`, which a devtools page may lack. */
function isGecko(globals: DevtoolsGlobals): boolean {
  if (/\bFirefox\//.test(globals.navigator?.userAgent ?? '')) return true;
  const runtime = (globals.browser as { runtime?: { getBrowserInfo?: unknown } } | null | undefined)?.runtime;
  return typeof runtime?.getBrowserInfo === 'function';
}

function wrap(namespace: 'browser' | 'chrome', raw: RawDevtools, engine: 'gecko' | 'chromium', evalWithCallback: RawDevtools | null): DevtoolsApi {
  const viaCallback = namespace === 'chrome';
  const evaluate = (expression: string): Promise<unknown> => {
    const target = evalWithCallback ?? raw;
    const evalFn = target.inspectedWindow.eval;
    if (typeof evalFn !== 'function') return Promise.resolve(null);
    if (viaCallback || evalWithCallback)
      return new Promise((resolve) => void evalFn.call(target.inspectedWindow, expression, (result, exception) => resolve(exception ? null : result)));
    const promise = evalFn.call(target.inspectedWindow, expression) as Promise<unknown> | undefined;
    if (!promise) return Promise.resolve(null);
    // Firefox resolves to [result, exceptionInfo].
    return promise.then((answer) => (Array.isArray(answer) ? (answer[1] ? null : answer[0]) : answer), () => null);
  };
  return {
    namespace,
    engine,
    inspectedUrl: async () => {
      try {
        const href = await evaluate(DOCUMENT_URL_EXPRESSION);
        return typeof href === 'string' ? href : null;
      } catch {
        return null;
      }
    },
    network: {
      getHAR: () => (viaCallback ? new Promise<HarLog>((resolve) => void raw.network.getHAR(resolve)) : (raw.network.getHAR() as Promise<HarLog>)),
      onRequestFinished: raw.network.onRequestFinished,
      onNavigated: raw.network.onNavigated,
    },
    createPanel: (title, iconPath, pagePath) =>
      viaCallback
        ? new Promise<ExtensionPanel>((resolve) => void raw.panels.create(title, iconPath, pagePath, resolve))
        : (raw.panels.create(title, iconPath, pagePath) as Promise<ExtensionPanel>),
    reloadInspectedPage: () => {
      const result = raw.inspectedWindow.reload({});
      // Firefox returns a promise; a refused reload is not worth an unhandled rejection.
      if (result instanceof Promise) result.catch(() => {});
    },
    themeName: () => raw.panels.themeName ?? 'default',
    onThemeChanged: (listener) => raw.panels.onThemeChanged?.addListener(listener),
  };
}
