/**
 * Loading the demo page in Firefox and waiting for its handshakes in the panel.
 *
 * Firefox's own network monitor now and then never reports a few of a page's
 * handshakes: they are missing from getHAR() and onRequestFinished alike, so no
 * extension can list them (measured on ESR 153: about 1 load in 10 with twenty
 * sockets at once on a 2-core machine under a load of ~18, up to 6 in 20 at
 * ~20-30; runs of 1-11 consecutive sockets, checked against the handshakes the
 * demo server received, with no extension installed: Firefox's own). When that
 * happens, and only then, the page is loaded again (at most MAX_LOADS times). A
 * handshake the panel misses although getHAR() has it is the panel's fault and
 * fails at once.
 */
import type { DemoServers, ScenarioName } from '../../../src/demo/servers.js';
import { waitFor, type HandshakeRow } from '../harness.js';
import type { FirefoxInspector } from './inspector.js';

/** Loads of one page before giving up; two losses in a row were seen under a load of ~20. */
const MAX_LOADS = 3;

/** Waits until the demo page has an outcome (open, failed, closed) for each named scenario. */
export async function settled(inspector: FirefoxInspector, names: readonly ScenarioName[]): Promise<void> {
  await waitFor(
    () => inspector.pageEvaluate<boolean>(`${JSON.stringify(names)}.every((n) => ['open', 'failed', 'closed'].includes(window.demoResults?.[n]?.state ?? ''))`),
    { timeout: 30_000, message: `the demo page to settle ${names.join(', ')}` },
  );
}

/**
 * Loads the demo page with `names` (all at once), waits until they settled and the
 * panel lists a row for each; returns the rows. `pending` names are listed but never
 * settle. `whenSettled` runs after each load's handshakes settled (e.g. to open the panel).
 */
export async function loadScenarios(
  inspector: FirefoxInspector,
  servers: DemoServers,
  names: readonly ScenarioName[],
  pending: readonly ScenarioName[] = [],
  whenSettled: () => Promise<void> = async () => {},
): Promise<HandshakeRow[]> {
  const wanted = [...names, ...pending].map((name) => servers.urlOf(name));
  for (let load = 1; ; load++) {
    await inspector.goto(`${servers.pageUrl}?only=${[...names, ...pending].join(',')}&load=${load}`);
    await settled(inspector, names);
    await whenSettled();
    try {
      return await inspector.waitForRows((rows) => wanted.every((url) => rows.some((r) => r.url === url)), { timeout: 10_000, message: `a row for each of ${names.length + pending.length} handshakes` });
    } catch (error) {
      const listed = new Set((await inspector.rows()).map((r) => r.url));
      const reported = new Set((await inspector.getHAR()).log.entries.map((e) => e.request.url));
      const missing = wanted.filter((url) => !listed.has(url));
      const panelsFault = missing.filter((url) => reported.has(url));
      if (panelsFault.length > 0 || load >= MAX_LOADS) {
        throw new Error(`${(error as Error).message}\n  not listed: ${missing.join(' ')}\n  of those, in getHAR(): ${panelsFault.join(' ') || 'none'}`);
      }
      console.warn(`Firefox's network monitor did not report ${missing.map((u) => u.replace(/^.*\/ws\//, '')).join(', ')} (missing from getHAR() too): loading the page again`);
    }
  }
}

/**
 * Waits until the panel lists every one of `urls` that Firefox reported (getHAR()) and
 * `also` holds; returns the rows. For checks that cannot simply load the page again
 * (a reload, a socket opened later): what Firefox lost is warned about, not failed on.
 */
export async function listedAsReported(inspector: FirefoxInspector, urls: readonly string[], also: (rows: HandshakeRow[]) => boolean = () => true): Promise<HandshakeRow[]> {
  const reportedNow = async (): Promise<string[]> => {
    const har = await inspector.getHAR();
    return urls.filter((url) => har.log.entries.some((e) => e.request.url === url));
  };
  let reported: string[] = [];
  const rows = await waitFor(async () => {
    reported = await reportedNow();
    const current = await inspector.rows();
    return reported.every((url) => current.some((r) => r.url === url)) && also(current) && reported.length === urls.length ? current : null;
  }, { timeout: 8_000, message: `a row for each of ${urls.join(' ')}` }).catch(() => null);
  if (rows) return rows;
  const lost = urls.filter((url) => !reported.includes(url));
  if (lost.length > 0) console.warn(`Firefox's network monitor did not report ${lost.join(', ')} (missing from getHAR()): not checked`);
  return inspector.waitForRows((current) => reported.every((url) => current.some((r) => r.url === url)) && also(current), { message: `a row for each handshake Firefox reported of ${urls.join(' ')}` });
}
