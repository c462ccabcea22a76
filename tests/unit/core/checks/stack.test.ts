import { describe, expect, it } from 'vitest';
import { type HandshakeSpec, type HeaderPairs, VALID_REQUEST, withHeaders } from '../build.js';
import { reportFor, type RuleCase } from '../rules-helper.js';

const NGINX = ['Server', 'nginx/1.22.1'] as const;
const answer = (status: number, headers: HeaderPairs, body: string | null, request: HeaderPairs | null = VALID_REQUEST): HandshakeSpec => ({
  request,
  response: { status, statusText: '', httpVersion: 'HTTP/1.1', headers, body },
  url: 'ws://app.example.com/ws',
});
const noUpgradeRequest = withHeaders(VALID_REQUEST, { Upgrade: null, Connection: null });

const STACK_RULES = ['proxy-dropped-upgrade', 'answered-by'];

const rows: RuleCase[] = [
  // proxy-dropped-upgrade: a proxy's signature and an app's "not an upgrade" answer, for 400, 404 and 426 alike
  { name: 'nginx + ws 426', spec: answer(426, [NGINX], 'Upgrade Required'), rules: STACK_RULES, mentions: ['nginx 1.22.1', 'ws (Node.js)', 'Upgrade Required'] },
  { name: 'nginx + engine.io 400 code 3 (chunked)', spec: answer(400, [NGINX, ['Transfer-Encoding', 'chunked']], '22\r\n{"code":3,"message":"Bad request"}\r\n0\r\n\r\n'), rules: STACK_RULES, mentions: ['socket.io', '{"code":3,"message":"Bad request"}'] },
  { name: 'nginx + express 404 Cannot GET', spec: answer(404, [NGINX, ['X-Powered-By', 'Express']], '<pre>Cannot GET /ws</pre>'), rules: STACK_RULES, mentions: ['express', 'Cannot GET /ws', 'most likely'] },
  { name: 'nginx + aiohttp 400', spec: answer(400, [NGINX], 'No CONNECTION upgrade hdr: close'), rules: STACK_RULES, mentions: ['aiohttp', 'No CONNECTION upgrade hdr: close'] },
  { name: 'nginx + gorilla bare 400 with Sec-Websocket-Version', spec: answer(400, [NGINX, ['Sec-Websocket-Version', '13']], 'Bad Request\n'), rules: STACK_RULES, mentions: ['gorilla/websocket'] },
  { name: 'nginx + tornado 400', spec: answer(400, [NGINX], 'Can "Upgrade" only to "WebSocket".'), rules: STACK_RULES, mentions: ['Tornado (or Spring WebSocket)'] },
  { name: 'HAProxy (lower-case names) + ws 426', spec: answer(426, [['content-length', '16'], ['content-type', 'text/plain']], 'Upgrade Required'), rules: STACK_RULES, mentions: ['HAProxy'] },
  { name: 'Apache + python websockets 426', spec: answer(426, [['Server', 'Apache/2.4.71 (Debian)']], 'Failed to open a WebSocket connection: empty Connection header.'), rules: STACK_RULES, mentions: ['Apache httpd 2.4.71'] },
  { name: 'lighttpd + ws 426', spec: answer(426, [['Server', 'lighttpd/1.4.69']], 'Upgrade Required'), rules: STACK_RULES, mentions: ['lighttpd'] },
  { name: 'no proxy named, but the request had the upgrade: a hop dropped it', spec: answer(426, [], 'Upgrade Required'), rules: STACK_RULES, mentions: ['none is named in the response'] },
  { name: 'a 426 through a proxy with nothing else known (no body)', spec: answer(426, [NGINX], null), rules: STACK_RULES, mentions: ['nginx 1.22.1'] },
  // near misses
  { name: 'the client sent no upgrade: the app is right, no proxy blamed', spec: answer(426, [NGINX], 'Upgrade Required', noUpgradeRequest), rules: ['answered-by'] },
  { name: 'express 404 with no proxy: the app has no WebSocket server (no proxy blamed)', spec: answer(404, [['X-Powered-By', 'Express']], '<pre>Cannot GET /ws</pre>'), rules: ['answered-by'] },
  { name: 'a proxy\'s own 502 page is not a dropped upgrade', spec: answer(502, [NGINX], '<title>502 Bad Gateway</title><center>nginx</center>'), rules: ['answered-by'] },
  { name: 'a 426 to version 8 through a proxy is about the version', spec: answer(426, [NGINX, ['Sec-WebSocket-Version', '13']], null, withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Version': '8' })), rules: ['answered-by'] },
  { name: 'a good 101 gets no stack finding', spec: {}, rules: [] },
  { name: 'an unknown answer with no body and no headers gets nothing', spec: answer(404, [], null), rules: [] },
  // answered-by alone
  { name: 'an unknown body is quoted', spec: answer(404, [], 'no such route'), rules: ['answered-by'], mentions: ['No component is named', 'no such route'] },
  { name: 'a component named only by its headers', spec: answer(418, [['Server', 'Caddy']], null), rules: ['answered-by'], mentions: ['Caddy (`Server: Caddy`)'] },
];

describe('stack rules', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', async (_name, row) => {
    const report = await reportFor(row.spec);
    const found = report.findings.filter((f) => STACK_RULES.includes(f.rule));
    expect(found.map((f) => f.rule).sort()).toEqual([...row.rules].sort());
    const text = found.map((f) => f.message).join('\n');
    for (const mention of row.mentions ?? []) expect(text).toContain(mention);
  });

  it('proxy-dropped-upgrade carries the fix for that proxy; the status finding points to it', async () => {
    const cases: Array<[HeaderPairs, string]> = [
      [[NGINX], 'proxy_set_header Connection $connection_upgrade;'],
      [[['Server', 'Apache/2.4.71 (Debian)']], 'upgrade=websocket'],
      [[['content-type', 'text/plain'], ['date', 'x']], 'http-request del-header Connection'],
      [[['Server', 'Caddy']], 'header_up -Connection'],
      [[['Server', 'lighttpd/1.4.69']], 'proxy.header = ( "upgrade" => "enable" )'],
    ];
    for (const [headers, fix] of cases) {
      const report = await reportFor(answer(426, headers, 'Upgrade Required'));
      expect(report.findings.find((f) => f.rule === 'proxy-dropped-upgrade')?.fix).toContain(fix);
      expect(report.findings.find((f) => f.rule === 'status-not-101')?.fix).toContain('proxy-dropped-upgrade');
      expect(report.summary).toMatch(/did not pass the WebSocket upgrade on/);
    }
  });

  it('the express case names both causes, the proxy first', async () => {
    const report = await reportFor(answer(404, [NGINX, ['X-Powered-By', 'Express']], '<pre>Cannot GET /ws</pre>'));
    const fix = report.findings.find((f) => f.rule === 'proxy-dropped-upgrade')!.fix;
    expect(fix.indexOf('proxy_set_header Upgrade')).toBeLessThan(fix.indexOf('has no WebSocket server on `/ws`'));
    expect(fix).toContain('new WebSocketServer({ server, path: "/ws" })');
  });

  it('the summary leads with the hop', async () => {
    expect((await reportFor(answer(502, [NGINX], '<title>502 Bad Gateway</title>\n<center>nginx</center>'))).summary).toMatch(/^nginx 1\.22\.1 could not get an answer/);
    expect((await reportFor(answer(503, [['content-type', 'text/html'], ['cache-control', 'no-cache']], '<h1>503 Service Unavailable</h1>\nNo server is available to handle this request.'))).summary).toMatch(/^HAProxy has no live server/);
  });
});

describe('headers alone (Firefox and proxy HARs without bodies)', () => {
  it('nginx relaying express\'s 404 without its body still names both and blames the upgrade first', async () => {
    const report = await reportFor(answer(404, [NGINX, ['X-Powered-By', 'Express']], null));
    expect(report.findings.map((f) => f.rule)).toEqual(expect.arrayContaining(['proxy-dropped-upgrade']));
    expect(report.summary).toMatch(/^nginx 1\.22\.1 most likely did not pass the WebSocket upgrade on: express answered 404 to a plain request/);
  });

  it('a 426 through a named proxy without a body is the dropped upgrade', async () => {
    const report = await reportFor(answer(426, [['Server', 'Apache/2.4.71 (Debian)']], null));
    expect(report.findings.find((f) => f.rule === 'proxy-dropped-upgrade')?.fix).toContain('upgrade=websocket');
  });
});
