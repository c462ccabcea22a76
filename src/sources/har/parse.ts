/**
 * HAR → Handshake records: files exported by Chrome, Firefox and proxies
 * (mitmproxy, pcap2har, Charles…), DevTools `getHAR()` logs and single
 * `onRequestFinished` entries. Pure TypeScript (no Node API): the panel runs it
 * in a Web Worker. Never throws; a bad document comes back as `{ ok: false }`.
 */
import type { Handshake } from '../../core/model.js';
import { buildHandshake, capturerOfCreator, capturerOfEntry, isObject, pageUrlsOf, type JsonObject } from './entry.js';
import { scanHarBytes } from './scan.js';
import { isWebSocketEntry } from './select.js';

export type HarParseResult =
  | {
      readonly ok: true;
      readonly handshakes: Handshake[];
      /** Entries that are not WebSocket handshakes (ordinary requests, junk), left out. */
      readonly skipped: number;
    }
  | { readonly ok: false; readonly error: string };

/**
 * Parses HAR text (a file's content). `source` names it in each handshake's source, e.g. `capture.har`.
 * The text goes through the same byte scan as files streamed from disk (scan.ts), so a pasted HAR and
 * a file get the same handshakes and the same error messages.
 */
export function parseHar(text: string, source: string): HarParseResult {
  if (typeof text !== 'string') return { ok: false, error: 'not text' };
  const result = scanHarBytes(new TextEncoder().encode(text), source);
  return result.ok ? { ok: true, handshakes: result.handshakes, skipped: result.skipped } : result;
}

/**
 * Handshakes from an already-parsed HAR: a whole file (`{ log: { entries } }`)
 * or the DevTools `getHAR()` result (the log itself, `{ entries }`).
 */
export function handshakesFromHar(har: unknown, source: string): HarParseResult {
  try {
    if (!isObject(har)) {
      return { ok: false, error: `JSON but not a HAR (${Array.isArray(har) ? 'an array' : `a ${har === null ? 'null' : typeof har}`}, no log.entries)` };
    }
    let log: JsonObject;
    let pointer: string;
    if (isObject(har.log)) {
      log = har.log;
      pointer = '/log/entries';
    } else if (Array.isArray(har.entries)) {
      log = har;
      pointer = '/entries';
    } else {
      return { ok: false, error: 'JSON but not a HAR (no log.entries)' };
    }
    const entries = log.entries;
    if (!Array.isArray(entries)) return { ok: false, error: 'JSON but not a HAR (no log.entries)' };
    const pageUrls = pageUrlsOf(log.pages);
    const creator = capturerOfCreator(log.creator);
    const handshakes: Handshake[] = [];
    for (let i = 0; i < entries.length; i++) {
      const entry: unknown = entries[i];
      if (!isWebSocketEntry(entry)) continue;
      const handshake = buildHandshake(entry as JsonObject, `${source}#${pointer}/${i}`, pageUrls, creator ?? capturerOfEntry(entry as JsonObject));
      if (handshake) handshakes.push(handshake);
    }
    return { ok: true, handshakes, skipped: entries.length - handshakes.length };
  } catch (error) {
    // Only a hostile object (getters that throw) gets here.
    return { ok: false, error: `could not read the HAR (${String(error)})` };
  }
}

/**
 * One HAR entry (e.g. from DevTools `onRequestFinished`) → a Handshake, or null
 * when it is not a WebSocket handshake. `source` is used as is. `devtools`: the
 * entry comes from the extension's own DevTools feed, so a browser captured it.
 */
export function handshakeFromEntry(entry: unknown, source: string, options: { readonly devtools?: boolean } = {}): Handshake | null {
  try {
    if (!isWebSocketEntry(entry)) return null;
    const e = entry as JsonObject;
    // The extension runs in Chromium and Firefox; only Chromium types its entries.
    const capturer = options.devtools ? (e._resourceType !== undefined ? 'chromium' : 'firefox') : capturerOfEntry(e);
    return buildHandshake(e, source, null, capturer);
  } catch {
    return null;
  }
}
