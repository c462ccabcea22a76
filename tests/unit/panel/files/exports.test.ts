// The panel's exports as a user downloads them: JSON (the CLI's --json schema),
// Markdown (one, all) and HAR. With redaction on (the default) no secret value
// survives anywhere in the text; turned off, they are all there (so the check
// is not vacuous). Secrets come from every place: URL query and userinfo, page
// URL, Cookie, Set-Cookie, Authorization, Proxy-Authorization, X-Api-Key, raw
// wire text, a kept HAR entry's cookie/query lists and frames, and a real
// corpus HAR (mitmproxy's api_key and _ga cookies).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../../src/core/analyze.js';
import type { Handshake } from '../../../../src/core/model.js';
import { toJsonDocument } from '../../../../src/core/export/json.js';
import { parseHar } from '../../../../src/sources/har/parse.js';
import { buildExport, type ExportKind } from '../../../../src/panel/files/exports.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY, VALID_REQUEST, VALID_RESPONSE, handshake } from '../../core/build.js';

const KINDS: readonly ExportKind[] = ['json', 'markdown-one', 'markdown-all', 'har'];
const NOW = new Date('2026-11-22T10:11:12.000Z');

const SECRETS = {
  query: 'QRY-9f8e7d6c5b',
  userinfo: 'USERPW-1a2b3c',
  page: 'PAGESESS-77aa',
  cookie: 'CK-5e4d3c2b1a',
  setCookie: 'SETCK-0f1e2d',
  bearer: 'BEARER-aa11bb22',
  proxy: 'UFJPWFktc2VjcmV0',
  apiKey: 'APIKEY-zz99',
  rawCookie: 'RAWCK-3344',
  entryFrame: 'FRAME-SECRET-55',
  entryCookie: 'ENTRYCK-6677',
};

function secretReports() {
  const base = handshake({
    url: `wss://bob:${SECRETS.userinfo}@chat.example.com/socket?room=7&access_token=${SECRETS.query}`,
    pageUrl: `https://chat.example.com/app?session=${SECRETS.page}`,
    request: [
      ...VALID_REQUEST,
      ['Cookie', `sid=${SECRETS.cookie}; theme=dark`],
      ['Authorization', `Bearer ${SECRETS.bearer}`],
      ['Proxy-Authorization', `Basic ${SECRETS.proxy}`],
      ['X-Api-Key', SECRETS.apiKey],
    ],
    response: { status: 101, statusText: 'Switching Protocols', headers: [...VALID_RESPONSE, ['Set-Cookie', `sid=${SECRETS.setCookie}; Path=/; HttpOnly`]] },
  });
  const probe: Handshake = {
    ...handshake({ url: 'wss://chat.example.com/probe' }),
    source: 'probe',
    raw: { request: `GET /probe HTTP/1.1\r\nCookie: a=${SECRETS.rawCookie}\r\n\r\n`, response: 'HTTP/1.1 101 Switching Protocols\r\n\r\n' },
  };
  const entry = {
    startedDateTime: '2026-11-22T10:00:00.000Z',
    time: 3,
    request: {
      method: 'GET',
      url: base.url,
      httpVersion: '',
      headers: base.request!.headers.fields,
      queryString: [{ name: 'access_token', value: SECRETS.query }],
      cookies: [{ name: 'other', value: SECRETS.entryCookie }],
      headersSize: -1,
      bodySize: 0,
    },
    response: { status: 101, statusText: 'Switching Protocols', httpVersion: '', headers: base.response!.headers.fields, cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 2, receive: 1 },
    _resourceType: 'websocket',
    _webSocketMessages: [{ type: 'send', time: 1, opcode: 1, data: `{"auth":"${SECRETS.entryFrame}"}` }],
  };
  return { handshakes: [base, probe], entries: new Map<Handshake, unknown>([[base, entry]]) };
}

describe.each(KINDS)('%s export', (kind) => {
  it('masks every secret by default, keeps key and accept', async () => {
    const { handshakes, entries } = secretReports();
    const reports = await analyze(handshakes);
    const file = buildExport({ kind, items: reports.map((report) => ({ report, entry: entries.get(report.handshake) })), redact: true, version: '1.0.0', now: NOW });
    for (const [where, secret] of Object.entries(SECRETS)) {
      expect(file.text, `${where} leaked`).not.toContain(secret);
    }
    expect(file.text).toContain('[redacted]');
    expect(file.text).toContain(SAMPLE_KEY);
    expect(file.text).toContain(SAMPLE_ACCEPT);
  });

  it('keeps every secret when the user turns redaction off for this export', async () => {
    const { handshakes, entries } = secretReports();
    const reports = await analyze(handshakes);
    const file = buildExport({ kind, items: reports.map((report) => ({ report, entry: entries.get(report.handshake) })), redact: false, version: '1.0.0', now: NOW });
    // Where each secret can appear at all: the JSON schema has the URL and the probe's wire copy but no
    // headers or page URL; Markdown shows headers but no wire copy; the HAR has no wire copy either.
    const absent: Record<ExportKind, readonly string[]> = {
      json: ['page', 'cookie', 'setCookie', 'bearer', 'proxy', 'apiKey', 'entryFrame', 'entryCookie'],
      'markdown-one': ['rawCookie', 'entryFrame', 'entryCookie'],
      'markdown-all': ['rawCookie', 'entryFrame', 'entryCookie'],
      har: ['rawCookie'],
    };
    for (const [where, secret] of Object.entries(SECRETS)) {
      if (absent[kind].includes(where)) continue;
      expect(file.text, where).toContain(secret);
    }
  });
});

describe('file names and formats', () => {
  it('JSON is the CLI document, redacted', async () => {
    const { handshakes } = secretReports();
    const reports = await analyze(handshakes);
    const file = buildExport({ kind: 'json', items: reports.map((report) => ({ report })), redact: true, version: '1.0.0', now: NOW });
    expect(file.fileName).toBe('ws-handshakes-20261122-101112.json');
    expect(file.mimeType).toBe('application/json');
    const document = JSON.parse(file.text);
    expect(Object.keys(document)).toEqual(['tool', 'version', 'handshakes', 'errors']);
    const unredacted = toJsonDocument(reports, [], { version: '1.0.0' });
    expect(document.handshakes.map((h: { findings: { rule: string }[] }) => h.findings.map((f) => f.rule))).toEqual(
      unredacted.handshakes.map((h) => h.findings.map((f) => f.rule)),
    );
    expect(document.handshakes[0].url).toBe('wss://[redacted]:[redacted]@chat.example.com/socket?room=7&access_token=[redacted]');
    expect(document.handshakes[1].raw.request).toContain('Cookie: a=[redacted]');
  });

  it('Markdown for one is named after its host; for all it covers every report', async () => {
    const { handshakes } = secretReports();
    const reports = await analyze(handshakes);
    expect(buildExport({ kind: 'markdown-one', items: reports.map((report) => ({ report })), redact: true, version: '1', now: NOW }).fileName).toBe('ws-handshake-chat.example.com-20261122-101112.md');
    const all = buildExport({ kind: 'markdown-all', items: reports.map((report) => ({ report })), redact: true, version: '1', now: NOW });
    expect(all.text).toContain('2 handshakes:');
    expect(() => buildExport({ kind: 'markdown-one', items: [], redact: true, version: '1' })).toThrow(/no handshake selected/);
  });

  it('a real corpus HAR (mitmproxy: api_key in the URL, _ga cookies) exports masked and re-imports with the same diagnosis', async () => {
    const name = 'mitmproxy_savehar_websocket.har';
    const text = readFileSync(join(__dirname, '../../../fixtures/corpus', name), 'utf8');
    const parsed = parseHar(text, name);
    if (!parsed.ok) throw new Error(parsed.error);
    const entries = (JSON.parse(text) as { log: { entries: unknown[] } }).log.entries;
    const byHandshake = new Map(parsed.handshakes.map((h) => [h, entries[Number(/(\d+)$/.exec(h.source)![1])]]));
    const reports = await analyze(parsed.handshakes);
    const secrets = ['VCXCEuvhGcBDP7XhiJJUDvR1e1D3eiVjgZ9VRiaV', 'GA1.1.636013294.1693303610', 'GS1.1.1693313101.3.1.1693314156.0.0.0'];
    expect(text).toContain(secrets[0]);
    for (const kind of KINDS) {
      const file = buildExport({ kind, redact: true, version: '1', items: reports.map((report) => ({ report, entry: byHandshake.get(report.handshake) })), now: NOW });
      for (const secret of secrets) expect(file.text, `${kind}: ${secret}`).not.toContain(secret);
    }
    const har = buildExport({ kind: 'har', redact: true, version: '1', items: reports.map((report) => ({ report, entry: byHandshake.get(report.handshake) })), now: NOW });
    const again = parseHar(har.text, 'again.har');
    if (!again.ok) throw new Error(again.error);
    const rules = (rs: Awaited<ReturnType<typeof analyze>>) => rs.map((r) => [r.verdict, r.findings.map((f) => f.rule)]);
    expect(rules(await analyze(again.handshakes))).toEqual(rules(reports));
    expect(reports.some((r) => r.findings.some((f) => f.rule === 'credentials-in-url'))).toBe(true);
  });
});
