import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HeaderList } from '../../../../src/core/headers.js';
import type { HandshakeResponse } from '../../../../src/core/model.js';
import { COMPONENTS, COMPONENT_BY_ID, type ComponentId } from '../../../../src/core/stack/fingerprints.js';
import { bodyText, dechunk, firstTextLine, identifyStack, sentenceStart, textOfLine } from '../../../../src/core/stack/identify.js';
import { expectLinear } from '../../linear.js';

type Pairs = ReadonlyArray<readonly [string, string]>;

function response(status: number, headers: Pairs, body: string | null = null): HandshakeResponse {
  return { status, statusText: '', httpVersion: 'HTTP/1.1', headers: HeaderList.fromPairs(headers), bodyStart: body };
}

const NGINX_PAGE = (title: string) => `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;
const EXPRESS_404 = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /ws</pre>\n</body>\n</html>\n';

interface Row {
  readonly name: string;
  readonly response: HandshakeResponse;
  readonly proxy: ComponentId | null;
  readonly app: ComponentId | null;
  /** The component whose known answer the body is, or null when none matches. */
  readonly body: ComponentId | null;
  readonly quote?: string;
}

const rows: Row[] = [
  // proxies by their headers and pages
  { name: 'nginx by Server, its own 502 page', response: response(502, [['Server', 'nginx/1.22.1']], NGINX_PAGE('502 Bad Gateway')), proxy: 'nginx', app: null, body: 'nginx', quote: '502 Bad Gateway' },
  { name: 'nginx relaying express: Server + X-Powered-By, express\'s body', response: response(404, [['Server', 'nginx/1.22.1'], ['X-Powered-By', 'Express']], EXPRESS_404), proxy: 'nginx', app: 'express', body: 'express', quote: 'Cannot GET /ws' },
  { name: 'ingress-nginx by its default backend', response: response(404, [['Server', 'nginx']], 'default backend - 404'), proxy: 'ingress-nginx', app: null, body: 'ingress-nginx' },
  { name: 'Apache by Server, its 503 page', response: response(503, [['Date', 'x'], ['Server', 'Apache/2.4.71 (Debian)']], '<title>503 Service Unavailable</title>\n<p>The server is temporarily unable to service your\nrequest'), proxy: 'apache', app: null, body: 'apache' },
  { name: 'HAProxy by its lower-case names and its page', response: response(503, [['content-length', '107'], ['cache-control', 'no-cache'], ['content-type', 'text/html']], '<html><body><h1>503 Service Unavailable</h1>\nNo server is available to handle this request.\n</body></html>'), proxy: 'haproxy', app: null, body: 'haproxy', quote: 'No server is available to handle this request.' },
  { name: 'HAProxy relaying ws: lower-case names only', response: response(426, [['content-length', '16'], ['content-type', 'text/plain'], ['date', 'x']], 'Upgrade Required'), proxy: 'haproxy', app: 'ws', body: 'ws' },
  { name: 'Caddy\'s empty 502, known empty by Content-Length: 0', response: response(502, [['Server', 'Caddy'], ['Content-Length', '0']]), proxy: 'caddy', app: null, body: 'caddy' },
  { name: 'Caddy and the app\'s Server lines both', response: response(403, [['Server', 'Caddy'], ['Server', 'TornadoServer/6.2']], 'Cross origin websockets not allowed'), proxy: 'caddy', app: 'tornado', body: 'tornado' },
  { name: 'lighttpd by Server', response: response(426, [['Server', 'lighttpd/1.4.69']], 'Upgrade Required'), proxy: 'lighttpd', app: 'ws', body: 'ws' },
  { name: 'Traefik by its bare body', response: response(503, [['Content-Type', 'text/plain; charset=utf-8']], 'no available server\n'), proxy: 'traefik', app: null, body: 'traefik' },
  { name: 'Envoy by server: envoy, its 403 for an upgrade', response: response(403, [['server', 'envoy'], ['content-length', '0']], ''), proxy: 'envoy', app: null, body: 'envoy' },
  { name: 'Istio\'s Envoy by server: istio-envoy', response: response(503, [['server', 'istio-envoy']], 'no healthy upstream'), proxy: 'envoy', app: null, body: 'envoy' },
  { name: 'Cloudflare by CF-RAY and its 521 page', response: response(521, [['Server', 'cloudflare'], ['CF-RAY', '8a1b-AMS']], '<title>example.com | 521: Web server is down</title>'), proxy: 'cloudflare', app: null, body: 'cloudflare' },
  { name: 'AWS ALB by awselb/2.0', response: response(502, [['Server', 'awselb/2.0']], '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n'), proxy: 'aws-alb', app: null, body: 'aws-alb' },
  { name: 'IIS by Server and X-Powered-By: ASP.NET', response: response(502, [['Server', 'Microsoft-IIS/10.0'], ['X-Powered-By', 'ASP.NET']], '502 - Web server received an invalid response while acting as a gateway or proxy server.'), proxy: 'iis', app: null, body: 'iis' },
  { name: 'Heroku by Via: 1.1 vegur, not Phoenix for Server: Cowboy', response: response(503, [['Server', 'Cowboy'], ['Via', '1.1 vegur']], '<title>Application Error</title>'), proxy: 'heroku', app: null, body: 'heroku' },
  { name: 'Google Cloud LB by Via: 1.1 google', response: response(502, [['Via', '1.1 google']], 'The server encountered a temporary error and could not complete your request.'), proxy: 'gcp-lb', app: null, body: 'gcp-lb' },
  { name: 'Kong by X-Kong-Upstream-Latency', response: response(404, [['X-Kong-Upstream-Latency', '4']], '{"message":"no Route matched with those values"}'), proxy: 'kong', app: null, body: 'kong' },
  // app servers by their answers
  { name: 'engine.io\'s code 3, chunked', response: response(400, [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']], '22\r\n{"code":3,"message":"Bad request"}\r\n0\r\n\r\n'), proxy: null, app: 'socket.io', body: 'socket.io', quote: '{"code":3,"message":"Bad request"}' },
  { name: 'gorilla\'s bare 400 with Sec-Websocket-Version', response: response(400, [['Sec-Websocket-Version', '13']], 'Bad Request\n'), proxy: null, app: 'gorilla', body: 'gorilla' },
  { name: 'ws\'s path 400 (no Sec-Websocket-Version)', response: response(400, [['Connection', 'close']], 'Bad Request'), proxy: null, app: 'ws', body: 'ws' },
  { name: 'aiohttp by its UPGRADE message', response: response(400, [['Server', 'Python/3.11 aiohttp/3.8.4']], 'No WebSocket UPGRADE hdr: None\n Can "Upgrade" only to "WebSocket".'), proxy: null, app: 'aiohttp', body: 'aiohttp', quote: 'No WebSocket UPGRADE hdr: None' },
  { name: 'python websockets\' 426', response: response(426, [['Server', 'Python/3.11 websockets/10.4']], 'Failed to open a WebSocket connection: empty Connection header.\n\nYou cannot access…'), proxy: null, app: 'python-websockets', body: 'python-websockets' },
  { name: 'coder/websocket echoes the Connection it got', response: response(426, [], 'WebSocket protocol violation: Connection header "close" does not contain Upgrade\n'), proxy: null, app: 'coder-websocket', body: 'coder-websocket' },
  { name: 'Phoenix\'s connection message', response: response(400, [], '\'connection\' header must contain \'upgrade\', got ["keep-alive"]'), proxy: null, app: 'phoenix', body: 'phoenix' },
  { name: 'uvicorn without a WebSocket library', response: response(400, [['server', 'uvicorn'], ['content-type', 'text/plain']], 'Unsupported upgrade request.'), proxy: null, app: 'uvicorn', body: 'uvicorn' },
  { name: 'Spring\'s Connection message', response: response(400, [], '"Connection" must be "upgrade".'), proxy: null, app: 'spring', body: 'spring' },
  { name: 'Kestrel by Server, SignalR without an id', response: response(400, [['Server', 'Kestrel']], 'Connection ID required'), proxy: null, app: 'aspnetcore', body: 'aspnetcore' },
  { name: 'gunicorn by Server, no known body', response: response(200, [['Server', 'gunicorn']], 'hello'), proxy: null, app: 'gunicorn', body: null },
  { name: 'a Go TLS server to plain HTTP', response: { ...response(400, [], 'Client sent an HTTP request to an HTTPS server.\n'), httpVersion: 'HTTP/1.0' }, proxy: null, app: 'go-net-http', body: 'go-net-http' },
  // near misses
  { name: 'nothing telling: no component', response: response(404, [['Content-Type', 'text/plain']], 'not here'), proxy: null, app: null, body: null, quote: undefined },
  { name: 'an nginx-like page without the nginx tail and without awselb is not the ALB', response: response(502, [['Content-Type', 'text/html']], '<html><head><title>502 Bad Gateway</title></head></html>'), proxy: null, app: null, body: null },
  { name: 'an empty 502 without Server: Caddy is not Caddy', response: response(502, [['Content-Length', '0']], ''), proxy: null, app: null, body: null },
  { name: 'ws\'s 426 words with another status are not ws', response: response(400, [], 'Upgrade Required'), proxy: null, app: null, body: null },
  { name: 'express\'s page at 500 is not its 404 answer', response: response(500, [], EXPRESS_404), proxy: null, app: null, body: null },
  { name: 'uvicorn alone writes lower-case names: not HAProxy', response: response(404, [['server', 'uvicorn'], ['content-type', 'application/json']], '{"detail":"Not Found"}'), proxy: null, app: 'uvicorn', body: 'uvicorn' },
];

describe('identifyStack', () => {
  it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row) => {
    const reading = identifyStack(row.response, 'http/1.1');
    expect(reading.proxy?.component.id ?? null).toBe(row.proxy);
    expect(reading.app?.component.id ?? null).toBe(row.app);
    expect(reading.body?.component.id ?? null).toBe(row.body);
    if (row.quote !== undefined) expect(reading.body?.quote).toBe(row.quote);
  });

  it('reads the version a Server header names', () => {
    const reading = identifyStack(response(502, [['Server', 'nginx/1.22.1']], NGINX_PAGE('502 Bad Gateway')), 'http/1.1');
    expect(reading.proxy?.version).toBe('1.22.1');
    expect(reading.proxy?.evidence).toBe('`Server: nginx/1.22.1`');
  });

  it('does not take HTTP/2\'s lower-case names for HAProxy', () => {
    const reading = identifyStack(response(404, [['content-type', 'text/plain'], ['date', 'x']], 'no such route'), 'h2');
    expect(reading.proxy).toBeNull();
  });

  it('an unknown body still gives its first line of text', () => {
    expect(identifyStack(response(404, [], '<html><body>\n<h1>Nope</h1>\n</body></html>'), 'http/1.1').firstLine).toBe('Nope');
  });

  it('is linear on hostile bodies and headers', () => {
    expectLinear(
      (n) => response(400, [['Server', 'nginx/'.repeat(n / 6)], ['Via', '1.1 x,'.repeat(n / 6)]], `<${'<a'.repeat(n / 2)}\n${'Bad Request'.repeat(n / 11)}`),
      (r) => identifyStack(r, 'http/1.1'),
      { n: 20_000 },
    );
  });
});

describe('body text', () => {
  it.each([
    ['removes chunked coding', '22\r\n{"code":3,"message":"Bad request"}\r\n0\r\n\r\n', '{"code":3,"message":"Bad request"}'],
    ['joins several chunks', '3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n', 'abcde'],
    ['keeps a cut-off last chunk', '5\r\nabc', 'abc'],
    ['leaves a body that is not chunked after all', 'hello world\r\n', 'hello world\r\n'],
  ])('dechunk %s', (_name, body, text) => {
    expect(dechunk(body)).toBe(text);
  });

  it('bodyText dechunks only when the response says chunked', () => {
    const body = '3\r\nabc\r\n0\r\n\r\n';
    expect(bodyText(response(400, [['Transfer-Encoding', 'chunked']], body))).toBe('abc');
    expect(bodyText(response(400, [], body))).toBe(body);
  });

  it.each([
    ['strips tags', '<center><h1>502 Bad Gateway</h1></center>', '502 Bad Gateway'],
    ['decodes the entities that matter', '&lt;pre&gt;Cannot GET /ws&lt;/pre&gt; &amp;', '<pre>Cannot GET /ws</pre> &'],
    ['keeps a lone < as text', 'a < b', 'a < b'],
    ['a comment is markup', '<!-- a padding -->', ''],
  ])('textOfLine %s', (_name, line, text) => {
    expect(textOfLine(line)).toBe(text);
  });

  it('firstTextLine skips the markup-only lines', () => {
    expect(firstTextLine(EXPRESS_404)).toBe('Error');
    expect(firstTextLine('\n\n')).toBeNull();
  });

  it('textOfLine is linear on hostile markup', () => {
    expectLinear((n) => '<'.repeat(n) + '>'.repeat(n) + '<b>x'.repeat(n / 4), (line) => textOfLine(line), { n: 20_000, repeat: 20 });
  });
});

describe('the fingerprint table', () => {
  it('has an entry per component the product names, each with sources', () => {
    const ids: ComponentId[] = ['nginx', 'apache', 'haproxy', 'caddy', 'lighttpd', 'traefik', 'envoy', 'iis', 'cloudflare', 'aws-alb', 'ingress-nginx',
      'ws', 'socket.io', 'express', 'spring', 'aspnetcore', 'gorilla', 'coder-websocket', 'python-websockets', 'aiohttp', 'tornado', 'uvicorn', 'phoenix'];
    for (const id of ids) expect(COMPONENT_BY_ID[id], id).toBeDefined();
    for (const component of COMPONENTS) {
      expect(component.sources.length, component.id).toBeGreaterThan(0);
      expect(new Set(COMPONENTS.map((c) => c.id)).size).toBe(COMPONENTS.length);
    }
  });

  it('every proxy says how to pass the upgrade on or what its pages mean', () => {
    for (const component of COMPONENTS.filter((c) => c.role === 'proxy' && c.id !== 'gcp-lb')) {
      expect(component.fixes?.upgrade ?? component.fixes?.route, component.id).toBeTruthy();
    }
  });

  it('config snippets are closed ```fenced``` blocks with a language', () => {
    for (const component of COMPONENTS) {
      for (const [key, fix] of Object.entries(component.fixes ?? {})) {
        const parts = fix.split('```');
        expect(parts.length % 2, `${component.id}.${key}: an unclosed fence`).toBe(1);
        // Inside each block (odd parts) the first line names its language.
        for (let i = 1; i < parts.length; i += 2) expect(parts[i], `${component.id}.${key}`).toMatch(/^[a-z]+\n/);
      }
    }
  });

  it('every body signature tests something (a status and words, or an empty body)', () => {
    for (const component of COMPONENTS) {
      for (const signature of component.bodies ?? []) {
        const words = signature.exact ?? signature.starts ?? signature.includes?.[0];
        expect(words !== undefined || signature.empty === true, `${component.id} ${signature.meaning}`).toBe(true);
      }
    }
  });

  it('names the component in the 60 non-101 answers captured from real software (research lab, tests/fixtures/stacks/lab-captures.json)', () => {
    const LAB = fileURLToPath(new URL('../../../fixtures/stacks/lab-captures.json', import.meta.url));
    const captures: Array<{ component: string; scenario: string; response: string }> = JSON.parse(readFileSync(LAB, 'utf8'));
    // The lab's labels → the fingerprint that must show in the reading (as proxy, app or body).
    const EXPECTED: Record<string, ComponentId> = {
      ws: 'ws', 'express+ws(path:/ws)': 'ws', 'socket.io': 'socket.io', 'engine.io': 'socket.io', gorilla: 'gorilla', 'coder/nhooyr': 'coder-websocket',
      'python-websockets(legacy)': 'python-websockets', aiohttp: 'aiohttp', tornado: 'tornado', 'uvicorn(--ws none)': 'uvicorn',
      'fastapi on uvicorn': 'uvicorn', 'starlette on uvicorn': 'uvicorn', 'gunicorn(sync)': 'gunicorn',
      nginx: 'nginx', apache: 'apache', haproxy: 'haproxy', lighttpd: 'lighttpd', caddy: 'caddy',
    };
    let named = 0;
    for (const capture of captures) {
      const cut = capture.response.indexOf('\r\n\r\n');
      const lines = capture.response.slice(0, cut).split('\r\n');
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
      if (!status || status[1] === '101') continue;
      const headers = lines.slice(1).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 1).trim()] as const);
      const reading = identifyStack(response(Number(status[1]), headers, capture.response.slice(cut + 4).replace(/<<timeout>>$/, '')), 'http/1.1');
      const seen = [reading.proxy, reading.app].map((s) => s?.component.id);
      const expected = EXPECTED[capture.component];
      expect(expected, capture.component).toBeDefined();
      // express+ws answers through express for a plain GET: either is right there.
      const ok = seen.includes(expected) || (capture.component.startsWith('express') && seen.includes('express'));
      expect(ok, `${capture.component}: ${capture.scenario} → ${seen.join(', ')}`).toBe(true);
      named++;
    }
    expect(named).toBeGreaterThanOrEqual(55);
  });

  it('sentenceStart keeps a component\'s own lower-case name', () => {
    expect(sentenceStart('nginx 1.22.1 did not')).toBe('nginx 1.22.1 did not');
    expect(sentenceStart('ws (Node.js) answered')).toBe('ws (Node.js) answered');
    expect(sentenceStart('the server answered')).toBe('The server answered');
  });
});
