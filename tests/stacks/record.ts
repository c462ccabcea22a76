/**
 * What a captured exchange says, as the fixture index records it: status,
 * Server, the headers that tell which hop answered, the header spelling
 * habits of that hop, the body's first line (dechunked; for a 101, the first
 * frame the server sent).
 */
import { acceptFor, header, headerAll, type Exchange, type ParsedResponse } from './client.js';
import { decodeFrames } from '../../src/core/frames.js';

export interface Observed {
  readonly statusLine: string | null;
  readonly httpVersion: string | null;
  readonly status: number | null;
  readonly statusText: string | null;
  /** Every Server line, joined with ", ". */
  readonly server: string | null;
  /** Every header but Date, Server, Content-Length (name as received → value). */
  readonly tellingHeaders: Readonly<Record<string, string>>;
  readonly headerHabits: readonly string[];
  readonly bodyFirstLine: string | null;
  /** Lines of an HTML body that name who wrote it: <title>, <h1>, <center>, <address>, <pre>. */
  readonly bodySignature: readonly string[];
  readonly bodyBytesRead: number;
  readonly ended: Exchange['ended'];
  readonly tlsError: string | null;
  /** For a 101: was Sec-WebSocket-Accept right, and did Upgrade/Connection say so. */
  readonly clean101: boolean | null;
  readonly acceptExpected: string | null;
  readonly acceptReceived: string | null;
}

/** Decodes what of a chunked body has arrived. */
export function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    if (eol < 0) break;
    const size = parseInt(body.subarray(at, eol).toString('latin1').split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, Math.min(body.length, eol + 2 + size)));
    at = eol + 2 + size + 2;
    if (at >= body.length) break;
  }
  return Buffer.concat(out);
}

/** The first server frame after a 101, as text. */
function firstFrame(body: Buffer): string | null {
  if (body.length < 2) return null;
  // Not a frame at all: an HTTP answer written after the 101 (engine.io does this).
  if (/^HTTP\/1\.[01] \d{3}/.test(body.subarray(0, 16).toString('latin1'))) return `(not a frame) ${body.toString('latin1').split('\r\n')[0] ?? ''}`;
  const { frames, tooLarge } = decodeFrames(body, 1 << 20);
  if (tooLarge) return `frame of ${tooLarge.announced} bytes`;
  const frame = frames[0];
  if (!frame) return null;
  const text = Buffer.from(frame.payload);
  return `[${frame.kind === 'reserved' ? `opcode ${frame.opcode}` : frame.kind} frame${(frame.rsv & 0b100) !== 0 ? ', RSV1' : ''}] ${frame.kind === 'text' ? text.toString('utf8') : text.toString('hex')}`;
}

function bodyText(res: ParsedResponse): Buffer {
  return /chunked/i.test(header(res, 'transfer-encoding') ?? '') ? dechunk(res.body) : res.body;
}

function nameStyle(names: readonly string[]): string {
  if (names.length === 0) return 'no headers';
  const lower = names.every((n) => n === n.toLowerCase());
  const canonical = names.every((n) => n.split('-').every((part) => part.length === 0 || (part[0] === part[0]?.toUpperCase() && part.slice(1) === part.slice(1).toLowerCase())));
  if (lower) return 'header names all lower-case';
  if (canonical) return 'header names Canonical-Case';
  return `header names mixed case (${names.filter((n) => n !== n.toLowerCase() && !/^[A-Z][a-z]*(-[A-Z][a-z]*)*$/.test(n)).join(', ') || 'some lower-case'})`;
}

export function observe(ex: Exchange, key: string): Observed {
  const res = ex.parsed;
  const habits: string[] = [];
  const telling: Record<string, string> = {};
  let bodyFirstLine: string | null = null;
  let bodySignature: string[] = [];
  let clean101: boolean | null = null;
  const acceptExpected = acceptFor(key);
  let acceptReceived: string | null = null;
  if (res) {
    const names = res.headers.map(([n]) => n);
    habits.push(`status line: ${res.httpVersion} ${res.status}${res.statusText ? ' ' + res.statusText : ' (no reason phrase)'}`);
    habits.push(nameStyle(names));
    habits.push(`header order: ${names.join(', ') || '(none)'}`);
    for (const [n, v] of res.headers) {
      if (/^(connection|upgrade|sec-websocket-accept|sec-websocket-extensions|transfer-encoding|content-type)$/i.test(n)) habits.push(`${n}: ${v}`);
      if (/^(date|server|content-length)$/i.test(n)) continue;
      telling[n] = telling[n] === undefined ? v : `${telling[n]}, ${v}`;
    }
    const cl = header(res, 'content-length');
    const te = header(res, 'transfer-encoding');
    habits.push(res.status === 101 ? 'no body framing (101)' : te ? `body framing: Transfer-Encoding ${te}` : cl !== undefined ? `body framing: Content-Length ${cl}` : 'body framing: none (read until close)');
    if (res.status === 101) {
      bodyFirstLine = firstFrame(res.body);
      acceptReceived = header(res, 'sec-websocket-accept') ?? null;
      clean101 =
        acceptReceived === acceptExpected &&
        /^websocket$/i.test(header(res, 'upgrade') ?? '') &&
        /(^|,)\s*upgrade\s*(,|$)/i.test(header(res, 'connection') ?? '') &&
        res.headers.filter(([n]) => n.toLowerCase() === 'sec-websocket-accept').length === 1;
    } else if (header(res, 'content-encoding')) {
      bodyFirstLine = `(${header(res, 'content-encoding') ?? ''}-encoded body)`;
    } else {
      const text = bodyText(res).toString('latin1');
      bodyFirstLine = text.length ? (text.split(/\r?\n/).find((l) => l.trim().length > 0) ?? '').trim() : null;
      bodySignature = [...text.matchAll(/<(title|h1|center|address|pre)>([\s\S]*?)<\/\1>/gi)].map((m) => `<${m[1] ?? ''}>${(m[2] ?? '').replace(/\s+/g, ' ').trim()}</${m[1] ?? ''}>`);
    }
  }
  return {
    statusLine: res ? `${res.httpVersion} ${res.status}${res.statusText ? ' ' + res.statusText : ''}` : null,
    httpVersion: res?.httpVersion ?? null,
    status: res?.status ?? null,
    statusText: res ? res.statusText : null,
    server: headerAll(res, 'server') ?? null,
    tellingHeaders: telling,
    headerHabits: habits,
    bodyFirstLine,
    bodySignature,
    bodyBytesRead: res?.body.length ?? 0,
    ended: ex.ended,
    tlsError: ex.tlsError ?? null,
    clean101,
    acceptExpected: res?.status === 101 ? acceptExpected : null,
    acceptReceived,
  };
}

/** Log lines worth keeping for a case: drop start-up and shutdown chatter, cap the count. */
export function interestingLog(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .filter(
      (l) =>
        !/start worker|using the "epoll"|getrlimit|OS: Linux|built by|built with|\bnginx\/1\.22\.1\b$|signal \d+ \(SIG|exiting|exit$|worker process|gracefully shutting|AH00489|AH00094|AH00558|AH00491|AH00492|AH00493|AH00169|resuming normal operations|Command line|server started|\[NOTICE\]|\[WARNING\]  \(\d+\) : (Proxy|Stopping)|Loading success|using adapted config|admin endpoint disabled|autosaved config|serving initial configuration|shutting down|server is listening only on the HTTP port|HTTP\/2 skipped|shutdown complete|stopped previous server|"msg":"server running"|"msg":"stopping"|"msg":"servers shutting down|Stopping (frontend|backend)|Proxy \S+ stopped|run process exits/i.test(
          l,
        ),
    )
    // What the readiness probe (connect, then close without a request) leaves in the logs.
    .filter((l) => !/"<BADREQ>"/.test(l) || !/ CR-- /.test(l))
    .filter((l) => !/closed connection while waiting for request|Connection closed during SSL handshake/.test(l))
    .slice(-12);
}
