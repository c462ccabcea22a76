/**
 * A WebSocket server that answers handshakes with hostile values, byte-exact
 * over raw TCP (node:net: no HTTP library in the way to fix up what it sends):
 * HTML and script in header values, reason phrases and frames, `javascript:` URLs,
 * bidi overrides, NUL and control characters, zero-width characters, huge values,
 * thousands of headers, hostile subprotocol and extension names. Every payload
 * that would run script or load an image calls this server's `/hit` listener, so
 * a test asserts `hits` stays 0. It also serves the page that opens one socket per
 * case (`/page`), and the failing handshakes of a reconnect storm (`/storm/...`).
 */
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
export const acceptFor = (key: string): string => createHash('sha1').update(key + GUID).digest('base64');

/** What a case sends back: the status line's reason, extra header lines (raw bytes), then what follows the head. */
export interface HostileCase {
  readonly name: string;
  /** The path the page opens (after /h/); may hold characters the URL parser encodes. */
  readonly path?: string;
  /** Subprotocols the page asks for. */
  readonly protocols?: readonly string[];
  /** The status line's code and reason (default 101 Switching Protocols). */
  readonly status?: number;
  readonly reason?: string;
  /* In reason, accept and path, %HIT% stands for the /hit listener's URL. */
  /** Header lines after Upgrade, Connection and Sec-WebSocket-Accept (which `accept: false` leaves out). */
  readonly headers?: (hit: string) => ReadonlyArray<readonly [string, string]>;
  readonly accept?: boolean | string;
  /** Bytes after the head (frames, garbage), then the socket is closed unless `keepOpen`. */
  readonly after?: (hit: string) => Buffer;
  readonly keepOpen?: boolean;
}

/** A server text frame (unmasked). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const head = payload.length < 126 ? Buffer.from([0x81, payload.length]) : Buffer.from([0x81, 126, payload.length >> 8, payload.length & 0xff]);
  return Buffer.concat([head, payload]);
}

function closeFrame(code: number, reason: string): Buffer {
  const payload = Buffer.concat([Buffer.from([code >> 8, code & 0xff]), Buffer.from(reason, 'utf8').subarray(0, 123)]);
  return Buffer.concat([Buffer.from([0x88, payload.length]), payload]);
}

const script = (hit: string, tag: string): string => `<script>fetch('${hit}&via=${tag}');new Image().src='${hit}&via=${tag}-img'</script>`;
const img = (hit: string, tag: string): string => `<img src="${hit}&via=${tag}-src" onerror="fetch('${hit}&via=${tag}')">`;

/**
 * The cases. Chromium hides the response of a handshake it refuses (PLATFORM.md), so the hostile
 * response values that reach the panel ride on accepted 101s; the refused ones reach it through
 * Chromium's reason (which quotes a bad subprotocol) or not at all, and must still be listed.
 */
export const HOSTILE_CASES: readonly HostileCase[] = [
  { name: 'html-value', headers: () => [['X-Html', '<b>bold</b><i>italic</i><marquee>moving</marquee>']] },
  { name: 'script-value', headers: (hit) => [['X-Script', script(hit, 'script-value')]] },
  { name: 'img-onerror', headers: (hit) => [['X-Img', img(hit, 'img-onerror')]] },
  { name: 'svg-onload', headers: (hit) => [['X-Svg', `<svg onload="fetch('${hit}&via=svg')"><animate onbegin="fetch('${hit}&via=animate')"/></svg>`]] },
  { name: 'iframe-srcdoc', headers: (hit) => [['X-Frame', `<iframe srcdoc="${script(hit, 'srcdoc').replace(/"/g, '&quot;')}"></iframe>`]] },
  { name: 'attribute-breakout', headers: (hit) => [['X-Attr', `"><img src=x onerror=fetch('${hit}&via=attr')>'><script>fetch('${hit}&via=attr2')</script>`]] },
  { name: 'javascript-location', headers: (hit) => [['Location', `javascript:fetch('${hit}&via=location')`]] },
  { name: 'javascript-link', headers: (hit) => [['Link', `<javascript:fetch('${hit}&via=link')>; rel=preload; as=script`]] },
  { name: 'refresh-javascript', headers: (hit) => [['Refresh', `0; url=javascript:fetch('${hit}&via=refresh')`]] },
  { name: 'data-url', headers: (hit) => [['Content-Location', `data:text/html,${script(hit, 'data-url')}`]] },
  { name: 'css-breakout', headers: (hit) => [['X-Css', `</style><style>*{background:url('${hit}&via=css')}</style>`]] },
  { name: 'template-expression', headers: (hit) => [['X-Template', `{{constructor.constructor('fetch("${hit}&via=template")')()}} \${fetch('${hit}&via=tpl')}`]] },
  { name: 'set-cookie-script', headers: (hit) => [['Set-Cookie', `s=${script(hit, 'cookie')}; Path=/`]] },
  { name: 'html-entities', headers: () => [['X-Entities', '&lt;script&gt; &amp;amp; &#60;b&#62; &#x3C;i&#x3E;']] },
  { name: 'bidi-override', headers: () => [['X-Bidi', 'invoice\u202Efdp.exe'], ['X-Bidi-Isolate', '\u2067abc\u2069 \u202Bembedded\u202C']] },
  { name: 'zero-width', headers: () => [['X-Zero-Width', 'adm\u200Bin\u200D\u2060\uFEFF']] },
  { name: 'control-chars', headers: () => [['X-Control', 'bell\u0007 esc\u001B[31mred\u001B[0m back\u0008 del\u007F vt\u000B ff\u000C']] },
  { name: 'nul-in-value', headers: () => [['X-Nul', 'before\u0000after']] },
  { name: 'c1-controls', headers: () => [['X-C1', 'nel\u0085 csi\u009B31m']] },
  { name: 'long-value', headers: () => [['X-Long', 'L'.repeat(200_000)]] },
  { name: 'megabyte-value', headers: () => [['X-Megabyte', 'M'.repeat(1_048_576)]] },
  { name: 'five-thousand-headers', headers: () => Array.from({ length: 5_000 }, (_, i) => [`X-Many-${i}`, `v${i}`] as const) },
  { name: 'long-reason', reason: `Switching Protocols ${'R'.repeat(20_000)}` },
  { name: 'script-reason', reason: "Switching <script>fetch('%HIT%')</script> Protocols" },
  { name: 'long-header-name', headers: () => [[`X-${'N'.repeat(10_000)}`, 'value']] },
  { name: 'hostile-header-name', headers: (hit) => [[`<img src=x onerror=fetch('${hit}&via=name')>`, 'value']] },
  { name: 'hostile-subprotocol', protocols: ['chat'], headers: (hit) => [['Sec-WebSocket-Protocol', `<img src=x onerror=fetch('${hit}&via=subprotocol')>\u202Etxt`]] },
  { name: 'hostile-extension', headers: (hit) => [['Sec-WebSocket-Extensions', `<script>fetch('${hit}&via=extension')</script>; x=<b>`]] },
  { name: 'hostile-accept', accept: "<script>fetch('%HIT%')</script>" },
  { name: 'duplicate-accept', headers: () => [['Sec-WebSocket-Accept', '<b>second</b>']] },
  { name: 'rejected-400', status: 400, reason: "<script>fetch('%HIT%')</script>", accept: false, headers: (hit) => [['Content-Type', 'text/html'], ['X-Reject', img(hit, 'rejected')]] },
  { name: 'redirect-javascript', status: 302, reason: 'Found', accept: false, headers: (hit) => [['Location', `javascript:fetch('${hit}&via=redirect')`]] },
  { name: 'path-script', path: "<script>fetch('%HIT%')</script>" },
  { name: 'path-javascript', path: "javascript:fetch('%HIT%')//" },
  { name: 'path-bidi', path: 'file\u202Etxt.exe?q=\u200B' },
  { name: 'frames-script', keepOpen: true, after: (hit) => Buffer.concat([textFrame(script(hit, 'frame')), textFrame(img(hit, 'frame2')), textFrame('bidi\u202Eframe nul\u0000 esc\u001B[2J')]) },
  { name: 'close-reason-script', after: (hit) => Buffer.concat([textFrame('bye'), closeFrame(4000, `<img src=x onerror=fetch('${hit}&via=close')>`)]) },
  { name: 'garbage-after-101', after: (hit) => Buffer.from(`HTTP/1.1 200 OK\r\n\r\n${script(hit, 'garbage')}`) },
];

export interface HostileServer {
  readonly port: number;
  readonly origin: string;
  /** ws:// URL of a case as the page opens it (before the browser's URL parser encodes it). */
  wsUrl(c: HostileCase): string;
  /** The page that opens every case (or those in `only`). */
  pageUrl(only?: readonly string[]): string;
  /** Requests to /hit so far (a payload ran: must stay 0), with what they asked. */
  readonly hits: string[];
  /** Handshakes answered, per case name or storm kind. */
  readonly answered: Map<string, number>;
  close(): Promise<void>;
}

const withHit = (text: string, hit: string): string => text.replaceAll('%HIT%', hit);

const CASES_BY_NAME = new Map(HOSTILE_CASES.map((c) => [c.name, c]));

function pageHtml(names: readonly string[], wsBase: string): string {
  const cases = names.map((n) => CASES_BY_NAME.get(n)!).map((c) => ({ name: c.name, url: `${wsBase}/h/${c.name}/${withHit(c.path ?? '', `${wsBase.replace(/^ws/, 'http')}/hit?c=${c.name}`)}`, protocols: c.protocols ?? [] }));
  return `<!doctype html><meta charset="utf-8"><title>hostile</title><body><script>
window.results = {};
for (const c of ${JSON.stringify(cases).replace(/</g, '\\u003c')}) {
  try {
    const ws = new WebSocket(c.url, c.protocols);
    results[c.name] = 'connecting';
    ws.onopen = () => { results[c.name] = 'open'; };
    ws.onerror = () => { results[c.name] = 'error'; };
    ws.onclose = () => { if (results[c.name] !== 'error') results[c.name] = 'closed'; };
  } catch (e) { results[c.name] = 'threw ' + e.message; }
}
</script></body>`;
}

/** Storm paths: /storm/400/..., /storm/accept/... (a wrong accept), /storm/drop/... (closed without an answer). */
function stormAnswer(kind: string, key: string): string | null {
  if (kind === '400') return 'HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
  if (kind === 'accept') return `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${acceptFor(key + 'x')}\r\n\r\n`;
  if (kind === 'drop') return null;
  return 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n';
}

export async function startHostileServer(): Promise<HostileServer> {
  const hits: string[] = [];
  const answered = new Map<string, number>();
  const sockets = new Set<Socket>();
  let port = 0;

  const handle = (socket: Socket, head: string): void => {
    const [requestLine = '', ...lines] = head.split('\r\n');
    const target = requestLine.split(' ')[1] ?? '/';
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const count = (name: string): void => void answered.set(name, (answered.get(name) ?? 0) + 1);
    if (target.startsWith('/hit')) {
      hits.push(target);
      socket.end('HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: *\r\nConnection: close\r\n\r\n');
      return;
    }
    if (target.startsWith('/page') || target.startsWith('/storm-page')) {
      const url = new URL(target, 'http://x');
      const body = target.startsWith('/page')
        ? pageHtml(url.searchParams.get('only')?.split(',') ?? HOSTILE_CASES.map((c) => c.name), `ws://127.0.0.1:${port}`)
        : '<!doctype html><meta charset="utf-8"><title>storm</title><body>storm</body>';
      const bytes = Buffer.from(body, 'utf8');
      socket.end(Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${bytes.length}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n`), bytes]));
      return;
    }
    const key = headers.get('sec-websocket-key') ?? '';
    const storm = /^\/storm\/([^/]+)\//.exec(target);
    if (storm) {
      count(`storm-${storm[1]}`);
      const answer = stormAnswer(storm[1]!, key);
      if (answer === null) socket.destroy();
      else socket.end(answer);
      return;
    }
    const name = /^\/h\/([^/]+)\//.exec(target)?.[1] ?? '';
    const c = CASES_BY_NAME.get(name);
    if (!c) {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    count(name);
    const hit = `http://127.0.0.1:${port}/hit?c=${name}`;
    const status = c.status ?? 101;
    const out: string[] = [`HTTP/1.1 ${status} ${withHit(c.reason ?? (status === 101 ? 'Switching Protocols' : 'Error'), hit)}`];
    if (status === 101) out.push('Upgrade: websocket', 'Connection: Upgrade');
    if (c.accept !== false) out.push(`Sec-WebSocket-Accept: ${typeof c.accept === 'string' ? withHit(c.accept, hit) : acceptFor(key)}`);
    for (const [n, v] of c.headers?.(hit) ?? []) out.push(`${n}: ${v}`);
    if (status !== 101) out.push('Content-Length: 0', 'Connection: close');
    // latin1 keeps every code unit below 256 as one byte (NUL, controls); higher ones go out as UTF-8.
    const bytes = Buffer.concat(out.map((line) => Buffer.from(`${line}\r\n`, /[^\u0000-\u00ff]/.test(line) ? 'utf8' : 'latin1')).concat([Buffer.from('\r\n')]));
    socket.write(bytes);
    if (c.after) socket.write(c.after(hit));
    if (!c.keepOpen) socket.end();
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = Buffer.alloc(0);
    let done = false;
    socket.on('data', (chunk: Buffer) => {
      if (done) return; // frames from the client after the handshake are ignored
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buffered.length > 64 * 1024) socket.destroy();
        return;
      }
      done = true;
      handle(socket, buffered.subarray(0, end).toString('latin1'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    hits,
    answered,
    wsUrl: (c) => `ws://127.0.0.1:${port}/h/${c.name}/${withHit(c.path ?? '', `${origin}/hit?c=${c.name}`)}`,
    pageUrl: (only) => `${origin}/page${only ? `?only=${only.join(',')}` : ''}`,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
