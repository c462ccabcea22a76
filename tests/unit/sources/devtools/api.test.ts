import { describe, expect, it } from 'vitest';
import { devtoolsApi } from '../../../../src/sources/devtools/api.js';
import { browserGlobals, fakeDevtools } from './fake-devtools.js';

const BROWSERS = [
  ['firefox', 'browser'],
  ['chrome-152', 'browser'],
  ['chrome-148-151', 'chrome'],
  ['chrome-147', 'chrome'],
] as const;

describe('devtoolsApi picks the namespace that has devtools', () => {
  it.each(BROWSERS)('%s → %s.devtools', async (browser, namespace) => {
    const { globals, used } = browserGlobals(browser, 'dark');
    const api = devtoolsApi(globals);
    expect(api.namespace).toBe(namespace);

    used.har = [{ request: { url: 'ws://h/a' } }];
    await expect(api.network.getHAR()).resolves.toMatchObject({ entries: [{ request: { url: 'ws://h/a' } }] });
    expect(used.calls.getHAR).toBe(1);

    const panel = await api.createPanel('WS Handshakes', '/icons/icon-16.png', '/extension/panel.html?session=s');
    expect(panel).toBe(used.panel);
    expect(used.calls.create).toEqual([['WS Handshakes', '/icons/icon-16.png', '/extension/panel.html?session=s']]);

    api.reloadInspectedPage();
    expect(used.calls.reload).toBe(1);
    expect(api.themeName()).toBe('dark');
    expect(api.network.onRequestFinished).toBe(used.network.onRequestFinished);
  });

  it('Chrome 148–151: reading browser.devtools.panels as webextension-polyfill users do crashes, the chosen API does not', async () => {
    const { globals } = browserGlobals('chrome-148-151');
    const naive = globals as unknown as { browser: { devtools: { panels: unknown } } };
    expect(() => naive.browser.devtools.panels).toThrow(/reading 'panels'/);
    await expect(devtoolsApi(globals).createPanel('t', 'i', 'p')).resolves.toBeDefined();
  });

  it('the callback namespace is never called without its callback, the promise one never with one', async () => {
    // The fakes throw on a callback in the browser namespace and resolve nothing without one in chrome's.
    for (const shape of ['promises', 'callbacks'] as const) {
      const fake = fakeDevtools(shape);
      const api = devtoolsApi(shape === 'promises' ? { browser: { devtools: fake } } : { chrome: { devtools: fake } });
      await expect(api.network.getHAR()).resolves.toEqual({ version: '1.2', entries: [] });
    }
  });

  it('a theme change is passed on where the browser tells it (Firefox) and ignored where it cannot (Chrome)', () => {
    const firefox = browserGlobals('firefox');
    const seen: string[] = [];
    devtoolsApi(firefox.globals).onThemeChanged((theme) => seen.push(theme));
    for (const listener of firefox.used.panels.onThemeChanged!.listeners) listener('dark');
    expect(seen).toEqual(['dark']);
    expect(() => devtoolsApi(browserGlobals('chrome-147').globals).onThemeChanged(() => {})).not.toThrow();
  });

  it('throws outside a devtools page', () => {
    expect(() => devtoolsApi({})).toThrow(/no devtools API/);
    expect(() => devtoolsApi({ chrome: { runtime: {} }, browser: { runtime: {} } })).toThrow(/no devtools API/);
  });
});

describe('which engine the devtools page runs in (Chromium numbers HAR pages; Firefox keeps the time rules)', () => {
  const promised = () => browserGlobals('chrome-152').globals.browser as { devtools: unknown };
  it.each([
    ['Firefox, by its user agent (its devtools page may lack runtime.getBrowserInfo)', 'Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', 'gecko'],
    ['Chromium ("like Gecko" is no Gecko)', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36', 'chromium'],
  ] as const)('%s', (_name, userAgent, engine) => {
    expect(devtoolsApi({ browser: { devtools: promised().devtools }, navigator: { userAgent } }).engine).toBe(engine);
  });
});
