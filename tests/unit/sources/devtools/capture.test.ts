import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import { handshakeFromEntry } from '../../../../src/sources/har/parse.js';
import { DevtoolsCapture, type CaptureEvent, type NetworkApi } from '../../../../src/sources/devtools/capture.js';
import { copyEntry, entryKey, isLiveWebSocketEntry, isPending, type CapturedEntry } from '../../../../src/sources/devtools/entry.js';
import { SAMPLE_KEY, chromeAccepted, chromePending, chromeQueued, chromeRefused, chromeRejected, firefoxAnswered, firefoxDocument, requestHeaders } from './entries.js';

/** devtools.network with the browser's side played by the test. */
class FakeNetwork implements NetworkApi {
  har: unknown[] = [];
  pages: unknown[] | undefined = undefined;
  getHARCalls = 0;
  private finished: ((request: unknown) => void)[] = [];
  private navigated: ((url: string) => void)[] = [];
  readonly onRequestFinished = { addListener: (l: (request: unknown) => void) => void this.finished.push(l) };
  readonly onNavigated = { addListener: (l: (url: string) => void) => void this.navigated.push(l) };
  async getHAR() {
    this.getHARCalls += 1;
    // DevTools answers after what happened before the call was processed (a navigation told just before it).
    await Promise.resolve();
    return { entries: this.har, ...(this.pages ? { pages: this.pages } : {}) };
  }
  finish(entry: unknown): void {
    for (const l of this.finished) l(entry);
  }
  navigate(url: string): void {
    for (const l of this.navigated) l(url);
  }
}

function setup(now = Date.parse('2025-01-01T10:00:00.000Z'), options: { pagesFromHar?: boolean } = {}) {
  const network = new FakeNetwork();
  let wall = now;
  const capture = new DevtoolsCapture(network, { wallNow: () => wall, ...options });
  const events: CaptureEvent[] = [];
  capture.subscribe((e) => events.push(e));
  return { network, capture, events, setWall: (t: number) => (wall = t) };
}

const URL_A = 'ws://127.0.0.1:8080/a';
const URL_B = 'ws://127.0.0.1:8080/b';
const KEY_B = 'AQIDBAUGBwgJCgsMDQ4PEA==';
const URL_C = 'ws://127.0.0.1:8080/c';
const KEY_C = 'EBEREhMUFRYXGBkaGxwdHg==';

describe('isLiveWebSocketEntry', () => {
  it.each([
    ['Chrome websocket entry', { _resourceType: 'websocket', request: { url: 'ws://h/' } }, true],
    ['Chrome fetch entry', { _resourceType: 'fetch', request: { url: 'http://h/api' } }, false],
    ['Chrome document', { _resourceType: 'document', request: { url: 'http://h/' } }, false],
    ['Firefox ws:// entry (no _resourceType)', { request: { url: 'ws://h/' } }, true],
    ['Firefox wss:// entry', { request: { url: 'wss://h/' } }, true],
    ['Firefox https entry', { request: { url: 'https://h/' } }, false],
    ['junk', null, false],
  ])('%s → %s', (_name, entry, expected) => {
    expect(isLiveWebSocketEntry(entry)).toBe(expected);
  });
});

describe('copyEntry', () => {
  it('keeps the handshake, drops data frames and functions, and survives structured cloning', () => {
    const raw = {
      ...chromeRejected(URL_A, "Incorrect 'Sec-WebSocket-Accept' header value"),
      getContent: () => undefined,
      _webSocketMessages: [
        { type: 'send', opcode: 1, data: 'x'.repeat(10_000), time: 1 },
        { type: 'error', opcode: -1, data: "Error during WebSocket handshake: Incorrect 'Sec-WebSocket-Accept' header value", time: 2 },
      ],
      timings: { blocked: 1, dns: -1, connect: 2, send: 0, wait: 3, receive: 0, ssl: -1 },
    };
    const copy = copyEntry(raw);
    expect(copy._webSocketMessages).toEqual([raw._webSocketMessages[1]]);
    expect(copy.request.headers).toEqual(requestHeaders());
    expect(copy.timings?.connect).toBe(2);
    expect(structuredClone(copy)).toEqual(copy);
  });

  it('keeps the versions as given; the HAR mapper judges Chromium\'s "HTTP/1.1" on an HTTP/2 WebSocket as h2', async () => {
    const h2 = { ...chromeAccepted(URL_A), request: { method: 'GET', url: URL_A, httpVersion: 'HTTP/1.1', headers: requestHeaders(null) } };
    h2.response = { ...h2.response, status: 200, statusText: '', httpVersion: 'HTTP/1.1', headers: [{ name: 'date', value: 'Sun, 22 Nov 2026 10:00:00 GMT' }] };
    const copy = copyEntry(h2);
    expect([copy.request.httpVersion, copy.response.httpVersion]).toEqual(['HTTP/1.1', 'HTTP/1.1']);
    const [report] = await analyze([handshakeFromEntry(copy, 'devtools', { devtools: true })!]);
    expect(report!.transport).toBe('h2');
    expect(report!.verdict).toBe('pass');
    const firefox = { request: { method: 'GET', url: URL_A, httpVersion: 'HTTP/1.1', headers: [] }, response: { status: 101, httpVersion: 'HTTP/1.1', headers: [] } };
    expect(copyEntry(firefox).response.httpVersion).toBe('HTTP/1.1');
  });

  it('never throws on junk', () => {
    for (const junk of [null, undefined, 1, 'x', { request: 5 }, { response: { headers: 'x' } }]) {
      expect(() => copyEntry(junk)).not.toThrow();
    }
  });
});

describe('entryKey', () => {
  it('is URL + Sec-WebSocket-Key, or URL + start time when there is no key (HTTP/2)', () => {
    expect(entryKey(chromeAccepted(URL_A))).toBe(`${URL_A} ${SAMPLE_KEY}`);
    const h2: CapturedEntry = { ...chromeAccepted(URL_A), request: { method: 'GET', url: URL_A, httpVersion: '', headers: requestHeaders(null) } };
    expect(entryKey(h2)).toBe(`${URL_A} @2025-01-01T10:00:00.000Z`);
  });
});

describe('DevtoolsCapture', () => {
  it('buffers WebSocket handshakes from onRequestFinished and ignores every other request', () => {
    const { network, capture, events } = setup();
    network.finish({ _resourceType: 'script', request: { url: 'http://h/app.js' }, response: {} });
    network.finish(chromeRejected(URL_A, "'Upgrade' header is missing"));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A]);
    expect(events).toHaveLength(1);
  });

  it('lists one row per handshake when both paths report it', async () => {
    const { network, capture, events } = setup();
    network.finish(chromeRejected(URL_A, "'Upgrade' header is missing"));
    network.har = [{ _resourceType: 'document', request: { url: 'http://h/' }, response: {} }, chromeRejected(URL_A, "'Upgrade' header is missing")];
    await capture.pollHar();
    await capture.pollHar();
    expect(capture.size).toBe(1);
    expect(events).toHaveLength(1);
  });

  it('ignores a socket whose request has not gone out yet (queued), and lists it once sent', async () => {
    const { network, capture } = setup();
    network.har = [chromePending(URL_A), chromeQueued(URL_B)];
    await capture.pollHar();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A]);
    network.finish(chromeRejected(URL_B, 'Unexpected response code: 404', KEY_B));
    network.har = [chromePending(URL_A), chromeRejected(URL_B, 'Unexpected response code: 404', KEY_B)];
    await capture.pollHar();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A, URL_B]);
  });

  it('two refused connections to one URL (no key, no start time) stay two rows', () => {
    const { network, capture } = setup();
    network.finish(chromeRefused(URL_A, 1700000000.1));
    network.finish(chromeRefused(URL_A, 1700000000.2));
    network.finish(chromeRefused(URL_A, 1700000000.2));
    expect(capture.size).toBe(2);
  });

  it('getHAR brings the backlog and sockets still open', async () => {
    const { network, capture } = setup();
    network.har = [chromeAccepted(URL_A), chromeAccepted(URL_B, KEY_B)];
    await capture.pollHar();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A, URL_B]);
  });

  it('a later, more complete report replaces the earlier one in place', async () => {
    const { network, capture, events } = setup();
    network.har = [chromePending(URL_A), chromeAccepted(URL_B, KEY_B)];
    await capture.pollHar();
    network.finish(chromeRejected(URL_A, 'Unexpected response code: 404'));
    expect(capture.snapshot().map((e) => [e.request.url, e.response.status, e._webSocketMessages?.length])).toEqual([
      [URL_A, 0, 1],
      [URL_B, 101, 0],
    ]);
    // A stale getHAR taken before the answer must not undo it.
    network.har = [chromePending(URL_A)];
    await capture.pollHar();
    expect(capture.snapshot()[0]?._webSocketMessages).toHaveLength(1);
    expect(events.filter((e) => e.type === 'entries')).toHaveLength(2);
  });

  it('navigation clears the buffer and tells the panel, unless Preserve log is on', () => {
    const { network, capture, events } = setup();
    network.finish(chromeRejected(URL_A, 'x'));
    capture.preserveLog = true;
    network.navigate('http://h/next');
    expect(capture.size).toBe(1);
    capture.preserveLog = false;
    network.navigate('http://h/third');
    expect(capture.size).toBe(0);
    expect(events.at(-1)).toEqual({ type: 'reset', reason: 'navigated', url: 'http://h/third' });
  });

  it('handshakes cleared by navigation do not come back through a later getHAR', async () => {
    const { network, capture } = setup();
    network.finish(chromeRejected(URL_A, 'x'));
    network.navigate('http://h/next');
    network.har = [chromeRejected(URL_A, 'x'), chromeAccepted(URL_B, KEY_B)];
    await capture.pollHar();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]);
  });

  it('after a navigation, an old page\'s handshake reported late is left out; the new page\'s are kept', async () => {
    const { network, capture, setWall } = setup(Date.parse('2025-01-01T10:00:00.000Z'));
    const onPage = (entry: CapturedEntry, pageref: string) => ({ ...entry, pageref });
    network.finish({ _resourceType: 'document', pageref: 'page_1', request: { url: 'http://h/' }, response: {} });
    setWall(Date.parse('2025-01-01T10:00:10.000Z'));
    network.navigate('http://h/next');
    // The old page's handshake, aborted by the unload, and the new page's, started a few ms before onNavigated arrived.
    network.finish(onPage(chromeRejected(URL_A, 'x', SAMPLE_KEY, '2025-01-01T10:00:09.000Z'), 'page_1'));
    network.finish(onPage(chromeRejected(URL_B, 'x', KEY_B, '2025-01-01T10:00:09.995Z'), 'page_2'));
    // A browser that names every page alike: a handshake started after the navigation is new.
    network.finish(onPage(chromeAccepted(URL_C, KEY_C, undefined, '2025-01-01T10:00:10.500Z'), 'page_1'));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B, URL_C]);
  });

  it('Firefox tells a navigation only at the new page’s dom-complete: the new page’s handshakes reported before it stay, the old page’s go', () => {
    const { network, capture, events, setWall } = setup(Date.parse('2025-01-01T10:00:00.000Z'));
    network.finish(firefoxAnswered(URL_A, 403, SAMPLE_KEY, '2025-01-01T10:00:00.000Z'));
    // The new page: its document, then a socket refused at once, all before onNavigated (measured on ESR 153).
    network.finish(firefoxDocument('http://h/next', '2025-01-01T10:00:05.000Z'));
    network.finish(firefoxAnswered(URL_B, 403, KEY_B, '2025-01-01T10:00:05.100Z'));
    setWall(Date.parse('2025-01-01T10:00:05.400Z'));
    network.navigate('http://h/next');
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]);
    expect(events.slice(-2)).toEqual([
      { type: 'reset', reason: 'navigated', url: 'http://h/next' },
      { type: 'entries', entries: [expect.objectContaining({ request: expect.objectContaining({ url: URL_B }) })] },
    ]);
    // And getHAR, which still has both, brings back only the new page's.
    network.har = [firefoxAnswered(URL_A, 403, SAMPLE_KEY, '2025-01-01T10:00:00.000Z'), firefoxAnswered(URL_B, 403, KEY_B, '2025-01-01T10:00:05.100Z')];
    return capture.pollHar().then(() => expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]));
  });

  it('Firefox: an old page’s open socket that the unload closes, reported after the navigation (no page named), stays out', () => {
    const { network, capture, setWall } = setup(Date.parse('2025-01-01T10:00:00.000Z'));
    network.finish(firefoxDocument('http://h/next', '2025-01-01T10:00:05.000Z'));
    network.finish(firefoxAnswered(URL_B, 403, KEY_B, '2025-01-01T10:00:05.100Z'));
    setWall(Date.parse('2025-01-01T10:00:05.400Z'));
    network.navigate('http://h/next');
    // The previous page's socket (open since 10:00:00) ends with the unload; Firefox reports it now.
    network.finish(firefoxAnswered(URL_A, 101, SAMPLE_KEY, '2025-01-01T10:00:00.000Z'));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]);
    // A socket of the new page reported after the navigation is listed.
    network.finish(firefoxAnswered(URL_C, 403, KEY_C, '2025-01-01T10:00:05.600Z'));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B, URL_C]);
  });

  it('a reload whose document is not reported yet clears everything: the URL’s document seen is the previous load’s', () => {
    const { network, capture, setWall } = setup(Date.parse('2025-01-01T10:00:00.000Z'));
    // The page loads (document, a socket) and Firefox tells the navigation at its dom-complete.
    network.finish(firefoxDocument('http://h/', '2025-01-01T09:59:59.000Z'));
    network.finish(firefoxAnswered(URL_A, 403, SAMPLE_KEY, '2025-01-01T10:00:00.000Z'));
    setWall(Date.parse('2025-01-01T10:00:01.000Z'));
    network.navigate('http://h/');
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A]);
    // A reload: onNavigated before its document is reported; the URL's last document is the previous load's.
    network.finish(firefoxAnswered(URL_B, 403, KEY_B, '2025-01-01T10:00:02.000Z'));
    setWall(Date.parse('2025-01-01T10:00:03.000Z'));
    network.navigate('http://h/');
    expect(capture.size).toBe(0);
  });

  it('a reload after a navigation kept by Preserve log clears the loads before it, also when its document is not reported yet', () => {
    const { network, capture, setWall } = setup(Date.parse('2025-01-01T10:00:00.000Z'));
    network.finish(firefoxDocument('http://h/', '2025-01-01T10:00:00.000Z'));
    network.finish(firefoxAnswered(URL_A, 403, SAMPLE_KEY, '2025-01-01T10:00:00.100Z'));
    setWall(Date.parse('2025-01-01T10:00:01.000Z'));
    capture.preserveLog = true;
    network.navigate('http://h/');
    expect(capture.size).toBe(1);
    capture.preserveLog = false;
    setWall(Date.parse('2025-01-01T10:00:05.000Z'));
    network.navigate('http://h/');
    expect(capture.size).toBe(0);
  });

  it('Clear forgets everything that started before it, also what getHAR still has', async () => {
    const { network, capture, events, setWall } = setup();
    network.har = [chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T10:00:00.000Z')];
    setWall(Date.parse('2025-01-01T10:00:05.000Z'));
    capture.clear();
    expect(events.at(-1)).toEqual({ type: 'reset', reason: 'cleared', url: null });
    await capture.pollHar();
    expect(capture.size).toBe(0);
    network.finish(chromeAccepted(URL_B, KEY_B, undefined, '2025-01-01T10:00:06.000Z'));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]);
  });

  it('after Clear, a socket Chromium refused before sending (dated 1969) is still listed: that date is no start time', async () => {
    const { network, capture, setWall } = setup();
    setWall(Date.parse('2025-01-01T10:00:05.000Z'));
    capture.clear();
    // What Chromium's HAR gives a socket refused with ERR_CONNECTION_REFUSED: the epoch's edge, not when it was opened.
    network.finish({ ...chromeRefused(URL_C, 1), startedDateTime: '1969-12-31T23:59:59.999Z' });
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_C]);
  });
});

describe('pending or ended without an answer, in each browser’s shape (real captures, tests/fixtures/browsers/)', () => {
  const FIXTURES = join(__dirname, '../../../fixtures/browsers');
  const fixtureEntry = (file: string, path: string): CapturedEntry => {
    const har = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { log: { entries: Array<{ request: { url: string } }> } };
    const entry = har.log.entries.find((e) => e.request.url.endsWith(path));
    if (!entry) throw new Error(`no ${path} in ${file}`);
    return copyEntry(entry);
  };

  it.each([
    // Chromium says why in _webSocketMessages; Firefox gives no reason, only a full set of timings once it ended.
    ['Chromium, the server dropped the connection', 'chromium/http1-rejected.har', '/ws/connection-dropped', false],
    ['Chromium, still waiting', 'chromium/pending.har', '/ws/slow-pending', true],
    ['Firefox, the server dropped the connection', 'firefox/http1-rejected.har', '/ws/connection-dropped', false],
    ['Firefox, the same from onRequestFinished', 'firefox/on-request-finished.har', '/ws/connection-dropped', false],
    ['Firefox, still waiting', 'firefox/pending.har', '/ws/slow-pending', true],
    ['Firefox, a 403', 'firefox/http1-rejected.har', '/ws/forbidden-403', false],
  ])('%s: pending %s', (_name, file, path, pending) => {
    expect(isPending(fixtureEntry(file, path))).toBe(pending);
  });

  it('Firefox: a pending handshake later reported as ended replaces the pending row, and is judged no-response', async () => {
    const { network, capture, events } = setup();
    const waiting = fixtureEntry('firefox/pending.har', '/ws/slow-pending');
    network.har = [waiting];
    await capture.pollHar();
    const dropped = { ...fixtureEntry('firefox/http1-rejected.har', '/ws/connection-dropped'), request: waiting.request, startedDateTime: waiting.startedDateTime };
    network.finish(dropped);
    expect(capture.snapshot()).toHaveLength(1);
    expect(isPending(capture.snapshot()[0]!)).toBe(false);
    expect(events.filter((e) => e.type === 'entries')).toHaveLength(2);
    const [report] = await analyze([handshakeFromEntry(capture.snapshot()[0], 'devtools', { devtools: true })!]);
    expect(report!.findings.map((f) => f.rule)).toContain('no-response');
    // And the pending report that getHAR may still give does not bring it back.
    network.har = [waiting];
    await capture.pollHar();
    expect(isPending(capture.snapshot()[0]!)).toBe(false);
  });
});

describe('Chromium: pages told by the HAR page ids (page_N), not by times', () => {
  const page = (n: number, started: string) => ({ id: `page_${n}`, startedDateTime: started, title: `page ${n}` });
  const on = (entry: CapturedEntry, pageref: string): CapturedEntry => ({ ...entry, pageref });
  const document = (url: string, pageref: string, started: string) => ({ _resourceType: 'document', pageref, startedDateTime: started, request: { url, method: 'GET', headers: [] }, response: { status: 200 } });
  const chromium = () => setup(Date.parse('2025-01-01T10:00:00.000Z'), { pagesFromHar: true });

  it('history.pushState fires onNavigated but is no new page: the SPA’s sockets stay, and one opened after it is listed', async () => {
    const { network, capture, events } = chromium();
    network.pages = [page(3, '2025-01-01T09:59:00.000Z')];
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_3')];
    await capture.pollHar();
    network.finish(chromeRejected(URL_B, 'x', KEY_B, '2025-01-01T09:59:30.000Z'));
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A, URL_B]);
    network.navigate('http://h/app/settings'); // pushState, long after the page began
    // Reported while the navigation is unresolved: held, not lost.
    network.finish(chromeRejected(URL_C, 'x', KEY_C, '2025-01-01T10:00:00.100Z'));
    network.har = [...network.har, on(chromeRejected(URL_B, 'x', KEY_B, '2025-01-01T09:59:30.000Z'), 'page_3'), on(chromeRejected(URL_C, 'x', KEY_C, '2025-01-01T10:00:00.100Z'), 'page_3')];
    await capture.scheduler.refreshNow();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A, URL_B, URL_C]);
    expect(events.some((e) => e.type === 'reset')).toBe(false);
  });

  it('the old time-based rules drop the SPA’s sockets on pushState (why Chromium uses page ids)', async () => {
    const { network, capture, setWall } = setup();
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_3')];
    await capture.pollHar();
    setWall(Date.parse('2025-01-01T10:00:05.000Z'));
    network.navigate('http://h/app/settings');
    expect(capture.size).toBe(0);
  });

  it('a new page (a new page id) clears the old page’s rows; an old socket reported late stays out, the new page’s are kept', async () => {
    const { network, capture, events } = chromium();
    network.pages = [page(1, '2025-01-01T09:59:00.000Z')];
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_1')];
    await capture.pollHar();
    network.navigate('http://h/next');
    // The old page's socket aborted by the unload, and the new page's first one, both before the read.
    network.finish(chromeRejected(URL_A, 'aborted', SAMPLE_KEY, '2025-01-01T09:59:01.000Z'));
    network.finish(chromeRejected(URL_B, 'x', KEY_B, '2025-01-01T10:00:00.400Z'));
    // Chromium's log now holds only the new page (the Network panel clears on navigation).
    network.pages = [page(2, '2025-01-01T10:00:00.000Z')];
    network.har = [document('http://h/next', 'page_2', '2025-01-01T10:00:00.000Z'), on(chromeAccepted(URL_C, KEY_C, undefined, '2025-01-01T10:00:00.300Z'), 'page_2')];
    await capture.scheduler.refreshNow();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_C, URL_B]);
    expect(events.filter((e) => e.type === 'reset')).toEqual([{ type: 'reset', reason: 'navigated', url: 'http://h/next' }]);
    // A late report of the old page after that: still out.
    network.finish(chromeRejected(URL_A, 'late', 'BBBBBBBBBBBBBBBBBBBBBB==', '2025-01-01T09:59:50.000Z'));
    expect(capture.size).toBe(2);
    // With the Network panel's own Preserve log, getHAR keeps the old page: its entries stay out too.
    network.pages = [page(1, '2025-01-01T09:59:00.000Z'), page(2, '2025-01-01T10:00:00.000Z')];
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_1'), ...network.har];
    await capture.pollHar();
    expect(capture.size).toBe(2);
  });

  it('a read begun before the navigation does not decide it: the next read does', async () => {
    const { network, capture } = chromium();
    network.pages = [page(1, '2025-01-01T09:59:00.000Z')];
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_1')];
    await capture.pollHar();
    const stale = capture.pollHar(); // in flight, sees page_1
    network.navigate('http://h/next');
    await stale;
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A]);
    network.pages = [page(2, '2025-01-01T10:00:00.000Z')];
    network.har = [on(chromeAccepted(URL_B, KEY_B, undefined, '2025-01-01T10:00:00.300Z'), 'page_2')];
    await capture.scheduler.refreshNow();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_B]);
  });

  it('Preserve log keeps every page', async () => {
    const { network, capture } = chromium();
    capture.preserveLog = true;
    network.pages = [page(1, '2025-01-01T09:59:00.000Z')];
    network.har = [on(chromeAccepted(URL_A, SAMPLE_KEY, undefined, '2025-01-01T09:59:01.000Z'), 'page_1')];
    await capture.pollHar();
    network.navigate('http://h/next');
    network.pages = [page(1, '2025-01-01T09:59:00.000Z'), page(2, '2025-01-01T10:00:00.000Z')];
    network.har = [...network.har, on(chromeAccepted(URL_B, KEY_B, undefined, '2025-01-01T10:00:00.300Z'), 'page_2')];
    await capture.scheduler.refreshNow();
    expect(capture.snapshot().map((e) => e.request.url)).toEqual([URL_A, URL_B]);
  });
});

describe('partial coverage: the page loaded before DevTools recorded', () => {
  const coverageEvents = (events: CaptureEvent[]) => events.filter((e) => e.type === 'coverage');

  it('the first read lacks the page’s own request: partial, and the next new page (a reload) is fully seen', async () => {
    const { network, capture, events } = setup(Date.parse('2025-01-01T10:00:00.000Z'), { pagesFromHar: true });
    network.har = [chromeRejected(URL_A, 'x')]; // recorded from mid-page: no document
    capture.noteStartUrl('http://h/page#top');
    await capture.pollHar();
    expect(capture.coverage).toEqual({ partial: true, url: 'http://h/page' });
    expect(coverageEvents(events)).toHaveLength(1);
    network.navigate('http://h/page');
    network.pages = [{ id: 'page_1', startedDateTime: '2025-01-01T10:00:01.000Z' }];
    network.har = [{ _resourceType: 'document', pageref: 'page_1', startedDateTime: '2025-01-01T10:00:01.000Z', request: { url: 'http://h/page' }, response: {} }];
    await capture.scheduler.refreshNow();
    expect(capture.coverage.partial).toBe(false);
  });

  it('only a read begun after the URL is told judges it: an earlier read, from before the navigation, is no false notice (seen under load)', async () => {
    const { network, capture } = setup(Date.parse('2025-01-01T10:00:00.000Z'), { pagesFromHar: true });
    network.har = []; // about:blank, before the navigation
    const early = capture.pollHar();
    await early;
    // The URL answer waited for the navigation; by the next read its document is recorded.
    network.har = [{ _resourceType: 'document', request: { url: 'http://h/page' }, startedDateTime: '2025-01-01T10:00:01.000Z', response: {} }];
    capture.noteStartUrl('http://h/page');
    await capture.scheduler.refreshNow();
    expect(capture.coverage.partial).toBe(false);
  });

  it('a navigation the capture saw begin settles it: no notice', async () => {
    const { network, capture } = setup(Date.parse('2025-01-01T10:00:00.000Z'), { pagesFromHar: true });
    network.pages = [{ id: 'page_1', startedDateTime: '2025-01-01T10:00:00.000Z' }];
    network.har = [{ _resourceType: 'document', pageref: 'page_1', request: { url: 'http://h/a' }, startedDateTime: '2025-01-01T10:00:00.000Z', response: {} }];
    await capture.pollHar();
    network.navigate('http://h/b');
    network.pages = [{ id: 'page_2', startedDateTime: '2025-01-01T10:00:01.000Z' }];
    network.har = [];
    await capture.scheduler.refreshNow();
    capture.noteStartUrl('http://h/b');
    await capture.scheduler.refreshNow();
    expect(capture.coverage.partial).toBe(false);
  });

  it.each([
    ['the page’s document is in the log (Chromium)', [{ _resourceType: 'document', request: { url: 'http://h/page' } }], 'http://h/page'],
    ['Firefox’s shape: no _resourceType, pageref null', [{ pageref: null, request: { url: 'http://h/page' } }], 'http://h/page'],
    ['about:blank loads nothing', [], 'about:blank'],
    ['the URL could not be read', [], null],
  ])('no false notice: %s', async (_name, har, url) => {
    const { network, capture, events } = setup();
    network.har = har;
    capture.noteStartUrl(url);
    await capture.pollHar();
    expect(capture.coverage.partial).toBe(false);
    expect(coverageEvents(events)).toHaveLength(0);
  });
});
