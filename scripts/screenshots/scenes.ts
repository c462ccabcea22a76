/**
 * The store screenshots, as data: what each one shows and how to get there. Browser-neutral:
 * every driver (driver.ts) runs the same scenes, so Chrome's and Firefox's sets match, except
 * where a browser cannot show a scene or shows more than the other: Chrome hides the response of
 * a handshake it rejects (Firefox shows it), and headless Firefox cannot reach the demo's HTTP/2
 * server (its certificate is self-signed; scenarios marked chromiumOnly in src/demo/scenarios.ts).
 * Such a scene names its `browsers`, and the other browser gets its own scene under the same
 * number. File names say what the picture shows; the number is the order in the listing.
 */
import { readFileSync } from 'node:fs';
import type { ScenarioName } from '../../src/demo/scenarios.js';
import type { Browser, ScreenshotDriver, Theme } from './driver.js';

export interface Scene {
  /** The file name under store/screenshots/<browser>/, without .png. */
  readonly name: string;
  /** One line for the listing and store/screenshots/README.md; per browser where they show it differently. */
  readonly caption: string | Readonly<Record<Browser, string>>;
  readonly theme: Theme;
  /** The browsers that show this scene; every browser when absent. */
  readonly browsers?: readonly Browser[];
  /** Brings the panel to the state the picture shows. */
  readonly run: (driver: ScreenshotDriver) => Promise<void>;
}

/** A realistic mix: a few good sockets among the usual misconfigurations. */
const MIX: readonly ScenarioName[] = [
  'good',
  'good-subprotocol-deflate',
  'wrong-accept',
  'accept-duplicate',
  'upgrade-missing',
  'connection-without-upgrade',
  'protocol-not-offered',
  'deflate-bad-window-bits',
  'redirect-302',
  'forbidden-403',
  'not-found-404',
  'server-error-502',
];

const corpus = (name: string): { name: string; text: string } => ({
  name,
  text: readFileSync(new URL(`../../tests/fixtures/corpus/${name}`, import.meta.url), 'utf8'),
});

export const SCENES: readonly Scene[] = [
  {
    name: '1-wrong-accept',
    caption: {
      chromium: 'Every handshake of the page with its verdict; the detail of a wrong Sec-WebSocket-Accept: Chrome\'s reason, the expected value, the rule, the RFC section and the fix.',
      firefox: 'Every handshake of the page with its verdict; the detail of a wrong Sec-WebSocket-Accept: expected and received values side by side, the rule, the RFC section and the fix.',
    },
    theme: 'light',
    run: async (d) => {
      await d.showScenarios(MIX);
      await d.select(d.urlOf('wrong-accept'));
    },
  },
  {
    name: '2-chrome-rejected-explained',
    caption: 'Chrome hides the response of a handshake it rejects; the panel explains its reason (here a proxy that dropped Upgrade) and gives replay commands to see the real answer.',
    theme: 'light',
    browsers: ['chromium'],
    run: async (d) => {
      await d.showScenarios(MIX);
      await d.select(d.urlOf('upgrade-missing'));
    },
  },
  {
    name: '2-firefox-real-response',
    caption: 'Firefox shows the real response of a handshake it rejects: here the two Sec-WebSocket-Accept headers of a server that sent it twice, flagged in the response as it came, with replay commands.',
    theme: 'light',
    browsers: ['firefox'],
    run: async (d) => {
      await d.showScenarios(MIX);
      await d.select(d.urlOf('accept-duplicate'));
      await d.reveal('response-headers');
    },
  },
  {
    name: '3-http2-websocket',
    caption: 'WebSockets over HTTP/2 (RFC 8441 extended CONNECT) judged by their own rules: no key, status 200.',
    theme: 'light',
    // The demo's HTTP/2 server has a self-signed certificate, which headless Firefox does not trust.
    browsers: ['chromium'],
    run: async (d) => {
      await d.showScenarios(['good', 'h2-good', 'h2-not-found']);
      await d.select(d.urlOf('h2-not-found'));
    },
  },
  {
    name: '3-forbidden-403',
    caption: 'A refused handshake as the server answered it: 403 Forbidden with its status line (Chrome only says it failed), the likely cause (an Origin check) and what to change on the server.',
    theme: 'light',
    browsers: ['firefox'],
    run: async (d) => {
      await d.showScenarios(MIX);
      await d.select(d.urlOf('forbidden-403'));
    },
  },
  {
    name: '4-dark-theme',
    caption: 'Follows the DevTools theme: the same diagnosis in dark.',
    theme: 'dark',
    run: async (d) => {
      await d.showScenarios(MIX);
      await d.select(d.urlOf('protocol-not-offered'));
    },
  },
  {
    name: '5-offline-har-import',
    caption: 'Offline analysis: HAR files from Chrome, Firefox, mitmproxy or Wireshark imported into the panel, judged the same way.',
    theme: 'light',
    run: async (d) => {
      const files = [corpus('mitmproxy_savehar_websocket.har'), corpus('gatling_chromium32_play-chat.har'), corpus('pcap2har_golden_wireshark-websocket-pcap.har')];
      await d.importFiles(files, 5);
      await d.select('https://demo.piesocket.com/v3/channel_123?api_key=VCXCEuvhGcBDP7XhiJJUDvR1e1D3eiVjgZ9VRiaV&notify_self');
    },
  },
];

/** The scenes `browser` shows, in listing order. */
export function scenesFor(browser: Browser): readonly Scene[] {
  return SCENES.filter((scene) => scene.browsers === undefined || scene.browsers.includes(browser));
}

export function captionOf(scene: Scene, browser: Browser): string {
  return typeof scene.caption === 'string' ? scene.caption : scene.caption[browser];
}
