// The two shapes of `devtools.*` a devtools page meets, played by the test: the `browser`
// namespace (Firefox, Chrome 152+), whose calls return promises and refuse a callback, and
// the `chrome` namespace, whose calls take a callback (Chrome before 151 returns nothing
// from getHAR() without one). Each records the calls made to it.

export type Shape = 'promises' | 'callbacks';

interface FakeListenable<L extends (...args: never[]) => void> {
  readonly listeners: L[];
  addListener(listener: L): void;
}

function listenable<L extends (...args: never[]) => void>(): FakeListenable<L> {
  const listeners: L[] = [];
  return { listeners, addListener: (l: L) => void listeners.push(l) };
}

export interface FakePanel {
  readonly onShown: FakeListenable<(panelWindow: unknown) => void>;
  readonly onHidden: FakeListenable<() => void>;
}

export interface FakeDevtools {
  readonly shape: Shape;
  har: unknown[];
  readonly calls: { getHAR: number; create: [string, string, string][]; reload: number; eval: string[]; order: string[] };
  /** The inspected page's URL (what an expression reading location.href gets). */
  href: string;
  readonly panel: FakePanel;
  readonly network: {
    getHAR(...args: unknown[]): unknown;
    readonly onRequestFinished: FakeListenable<(request: unknown) => void>;
    readonly onNavigated: FakeListenable<(url: string) => void>;
  };
  readonly panels: {
    create(...args: unknown[]): unknown;
    readonly themeName: string;
    readonly onThemeChanged?: FakeListenable<(theme: string) => void>;
  };
  readonly inspectedWindow: { reload(...args: unknown[]): unknown; eval(...args: unknown[]): unknown };
}

/** Refuses a trailing callback, as the `browser` namespace's schema checks do. */
function noCallback(name: string, args: unknown[]): void {
  if (typeof args[args.length - 1] === 'function') throw new TypeError(`Incorrect argument types for devtools.${name}: no callback in the browser namespace`);
}

export function fakeDevtools(shape: Shape, theme = 'default'): FakeDevtools {
  const panel: FakePanel = { onShown: listenable(), onHidden: listenable() };
  const calls: FakeDevtools['calls'] = { getHAR: 0, create: [], reload: 0, eval: [], order: [] };
  const fake: FakeDevtools = {
    shape,
    har: [],
    href: 'about:blank',
    calls,
    panel,
    network: {
      getHAR: (...args) => {
        calls.getHAR++;
        calls.order.push('getHAR');
        const log = { version: '1.2', entries: [...fake.har] };
        if (shape === 'promises') {
          noCallback('network.getHAR', args);
          return Promise.resolve(log);
        }
        const callback = args[0];
        if (typeof callback === 'function') setTimeout(() => callback(log), 0);
        return undefined;
      },
      onRequestFinished: listenable(),
      onNavigated: listenable(),
    },
    panels: {
      create: (...args) => {
        calls.create.push(args.slice(0, 3) as [string, string, string]);
        calls.order.push('panels.create');
        if (shape === 'promises') {
          noCallback('panels.create', args);
          return Promise.resolve(panel);
        }
        const callback = args[3];
        if (typeof callback === 'function') setTimeout(() => callback(panel), 0);
        return undefined;
      },
      themeName: theme,
      ...(shape === 'promises' ? { onThemeChanged: listenable<(theme: string) => void>() } : {}),
    },
    inspectedWindow: {
      eval: (...args) => {
        calls.eval.push(String(args[0]));
        calls.order.push('eval');
        const result = String(args[0]).includes('location.href') ? fake.href : undefined;
        if (shape === 'promises') {
          noCallback('inspectedWindow.eval', args);
          return Promise.resolve([result, undefined]);
        }
        const callback = args[1];
        if (typeof callback === 'function') setTimeout(() => callback(result, undefined), 0);
        return undefined;
      },
      reload: (...args) => {
        calls.reload++;
        if (shape === 'promises') {
          noCallback('inspectedWindow.reload', args);
          return Promise.resolve();
        }
        return undefined;
      },
    },
  };
  return fake;
}

/** The globals of a devtools page in each browser, with the DevTools API each one exposes. */
export function browserGlobals(browser: 'firefox' | 'chrome-152' | 'chrome-148-151' | 'chrome-147', theme?: string) {
  const runtime = { id: 'abcdefghijklmnopabcdefghijklmnop' };
  switch (browser) {
    case 'firefox': {
      // Only Firefox has runtime.getBrowserInfo.
      const promised = fakeDevtools('promises', theme);
      const geckoRuntime = { ...runtime, getBrowserInfo: () => Promise.resolve({ name: 'Firefox' }) };
      return { globals: { browser: { runtime: geckoRuntime, devtools: promised }, chrome: { runtime: geckoRuntime, devtools: fakeDevtools('callbacks', theme) } }, used: promised, evalUsed: promised };
    }
    case 'chrome-152': {
      const promised = fakeDevtools('promises', theme);
      const callbacks = fakeDevtools('callbacks', theme);
      return { globals: { browser: { runtime, devtools: promised }, chrome: { runtime, devtools: callbacks } }, used: promised, evalUsed: callbacks };
    }
    case 'chrome-148-151': {
      // `browser` exists (so webextension-polyfill leaves it alone) but has no `devtools`.
      const callbacks = fakeDevtools('callbacks', theme);
      return { globals: { browser: { runtime }, chrome: { runtime, devtools: callbacks } }, used: callbacks, evalUsed: callbacks };
    }
    case 'chrome-147': {
      const callbacks = fakeDevtools('callbacks', theme);
      return { globals: { chrome: { runtime, devtools: callbacks } }, used: callbacks, evalUsed: callbacks };
    }
  }
}
