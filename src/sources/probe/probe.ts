/**
 * Live probe: performs a WebSocket opening handshake itself (TCP, or TLS with
 * SNI; optionally through an HTTP CONNECT proxy), keeps the server's response
 * head byte for byte, and returns it as a `Handshake` with `raw` set, so the
 * core can judge what a browser would hide. Network trouble never throws: it
 * comes back as a typed `ProbeFailure` next to whatever was seen.
 *
 * The steps, each in its own method of `Attempt`: the route (proxy or not), TCP,
 * the CONNECT tunnel, TLS, then the exchange (request out, response head in);
 * after a 101 the frame session takes over (session.ts).
 */
import { Buffer } from 'node:buffer';
import net from 'node:net';
import { Duplex } from 'node:stream';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import { analyzeOne } from '../../core/analyze.js';
import { HeaderList, parseExtensionHeaders } from '../../core/headers.js';
import { BODY_START_LIMIT, type Handshake, type HandshakeRequest, type HandshakeResponse } from '../../core/model.js';
import { describeNotHttp, describeSocketError, describeTlsError, ProbeError, quoteStart } from './failures.js';
import { HeadReader, HTTP_PREFIX, parseResponseHead, readBodyStart, type HeadRead } from './head.js';
import { h2Exchange, h2Request, type H2Outcome, type H2Request } from './h2.js';
import { proxyFromEnv, type ProxyConfig } from './proxy.js';
import { FrameSession } from './session.js';
import { buildRequestHeaders, parseProbeUrl, randomKey, requestText } from './target.js';
import type { CloseOutcome, ProbeFailure, ProbeOptions, ProbeProxy, ProbeResult, ProbeTarget, ProbeTlsInfo } from './types.js';

export type * from './types.js';
export { parseProbeUrl, randomKey, buildRequestHeaders } from './target.js';
export { noProxyMatches } from './proxy.js';
export { parseResponseHead } from './head.js';
export { clientFrame } from './session.js';

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_CLOSE_WAIT_MS = 1_000;
const DEFAULT_MAX_HEAD_BYTES = 64 * 1024;
/** How much of what follows the head (a body's start, the first frames) is kept for the transcript. */
const AFTER_HEAD_KEEP = 4096;
/** How long to wait for the start of a refusal's body after its head (it names who wrote it). */
const BODY_WAIT_MS = 500;
/** How long to wait for the rest of a plain-text answer to a TLS ClientHello. */
const PLAIN_ANSWER_WAIT_MS = 300;

const elapsed = (from: number): number => Math.round((performance.now() - from) * 10) / 10;

function tlsInfoOf(socket: tls.TLSSocket): ProbeTlsInfo {
  const cert = socket.getPeerCertificate();
  const name = (entity: unknown): string | null => {
    if (!entity || typeof entity !== 'object') return null;
    const fields = Object.entries(entity as Record<string, unknown>).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`);
    return fields.length > 0 ? fields.join(', ') : null;
  };
  const hasCert = cert && Object.keys(cert).length > 0;
  const authorizationError = socket.authorizationError as unknown;
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    authorized: socket.authorized,
    authorizationError: authorizationError ? String(authorizationError instanceof Error ? (authorizationError as NodeJS.ErrnoException).code ?? authorizationError.message : authorizationError) : null,
    subject: hasCert ? name(cert.subject) : null,
    issuer: hasCert ? name(cert.issuer) : null,
    validTo: hasCert ? cert.valid_to ?? null : null,
    altNames: hasCert ? cert.subjectaltname ?? null : null,
  };
}

/** One probe's connection, step by step, with the one deadline every step races. */
class Attempt {
  readonly sockets: net.Socket[] = [];
  proxy: ProbeProxy | null = null;
  tls: ProbeTlsInfo | null = null;
  connectMs: number | null = null;
  proxyMs: number | null = null;
  tlsMs: number | null = null;
  responseMs: number | null = null;
  requestSent = false;
  /** What a TLS port-mismatch server answered in plain text to the ClientHello, when it did. */
  plainAnswer: Buffer | null = null;
  /** ALPN protocols offered over TLS. */
  alpn: string[] = ['http/1.1'];
  /** What the current step waits for, for the timeout message. */
  private phase = 'connecting';
  /** The head being read, so a timeout can show what came so far. */
  reader: HeadReader | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly expired: Promise<never>;

  constructor(private readonly options: ProbeOptions, readonly target: ProbeTarget) {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.expired = new Promise<never>((_, reject) => {
      this.timer = setTimeout(() => {
        const partial = this.reader && this.reader.received.length > 0 ? ` (${this.reader.received.length} bytes of a head so far)` : '';
        reject(new ProbeError('timeout', `no response within ${timeoutMs} ms (${this.phase})${partial}`));
      }, timeoutMs);
    });
    this.expired.catch(() => undefined);
  }

  get socket(): net.Socket | undefined {
    return this.sockets[this.sockets.length - 1];
  }

  stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  destroy(): void {
    for (const s of this.sockets) s.destroy();
  }

  within<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.expired]);
  }

  private get maxHeadBytes(): number {
    return this.options.maxHeadBytes ?? DEFAULT_MAX_HEAD_BYTES;
  }

  /** The socket to the server, through the proxy and TLS when they apply. */
  async connect(): Promise<void> {
    const chosen = proxyFromEnv(this.target, this.options.env ?? {});
    if (!chosen.ok) throw new ProbeError('proxy', chosen.error);
    const proxy = chosen.proxy;
    if (proxy) this.proxy = { url: proxy.url, host: proxy.host, port: proxy.port, variable: proxy.variable, response: null };
    await this.openTcp(proxy);
    if (proxy) await this.tunnel(proxy);
    if (this.target.secure) await this.startTls();
  }

  private async openTcp(proxy: ProxyConfig | null): Promise<void> {
    const hop = proxy ? { host: proxy.host, port: proxy.port, name: `the proxy ${proxy.url}` } : { host: this.target.host, port: this.target.port, name: this.target.hostHeader };
    this.phase = `connecting to ${hop.name}`;
    const started = performance.now();
    const socket = net.connect({ host: hop.host, port: hop.port });
    this.sockets.push(socket);
    socket.on('error', () => undefined); // each step reads errors itself; this keeps a late one from crashing the process
    try {
      await this.within(new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('error', reject);
      }));
    } catch (error) {
      if (error instanceof ProbeError) throw error;
      const described = describeSocketError(error as NodeJS.ErrnoException, hop.name);
      if (proxy) throw new ProbeError('proxy', `proxy: ${described.message}`, described.code);
      throw described;
    }
    this.connectMs = elapsed(started);
  }

  /** `CONNECT host:port` through the forward proxy; TLS then runs end to end inside the tunnel. */
  private async tunnel(proxy: ProxyConfig): Promise<void> {
    const t = this.target;
    const socket = this.socket!;
    this.phase = `waiting for the proxy's answer to CONNECT ${t.hostHeader}`;
    const authority = `${net.isIPv6(t.host) ? `[${t.host}]` : t.host}:${t.port}`;
    const connect = `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : ''}User-Agent: ${this.options.userAgent ?? 'ws-handshake'}\r\n\r\n`;
    const started = performance.now();
    socket.write(connect);
    const answer = await this.readHead(socket);
    this.proxyMs = elapsed(started);
    const answerText = answer.head.toString('latin1');
    this.proxy = { ...this.proxy!, response: answerText || null };
    const proxyHead = answer.status === 'complete' ? parseResponseHead(answerText) : null;
    if (!proxyHead) {
      const why = answer.status === 'empty' ? 'closed the connection without answering CONNECT' : `gave no valid answer to CONNECT (${quoteStart(answer.head)})`;
      throw new ProbeError('proxy', `proxy ${proxy.url} ${why}`, answer.error?.code ?? null);
    }
    const { status, statusText } = proxyHead.response;
    if (status < 200 || status > 299) {
      const auth = status === 407 ? (proxy.authorization ? ': the proxy refused the credentials in the proxy URL' : ': the proxy wants credentials (http://user:password@proxy:port)') : '';
      throw new ProbeError('proxy', `proxy ${proxy.url} refused CONNECT ${authority}: ${status}${statusText ? ` ${statusText}` : ''}${auth}`);
    }
    if (answer.rest.length > 0) socket.unshift(answer.rest);
  }

  private async startTls(): Promise<void> {
    const t = this.target;
    this.phase = 'during the TLS handshake';
    const started = performance.now();
    const extraCa = this.options.ca;
    const ca = extraCa ? [...tls.rootCertificates, typeof extraCa === 'string' ? extraCa : extraCa.toString('latin1')] : undefined;
    // The bytes under TLS are teed, so a server that answers a ClientHello in plain HTTP can be quoted.
    const tee = new TeedSocket(this.socket!);
    const secure = tls.connect({
      socket: tee,
      host: t.host,
      ...(net.isIP(t.host) === 0 ? { servername: t.host } : {}), // SNI carries names only (RFC 6066 §3)
      rejectUnauthorized: this.options.insecure !== true,
      ...(ca ? { ca } : {}),
      ALPNProtocols: this.alpn,
    });
    this.sockets.push(secure);
    secure.on('error', () => undefined);
    try {
      await this.within(new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', () => resolve());
        secure.once('error', reject);
        secure.once('close', () => reject(Object.assign(new Error('socket disconnected before secure TLS connection was established'), { code: 'ECONNRESET' })));
      }));
    } catch (error) {
      if (error instanceof ProbeError) throw error;
      const plain = await tee.plainAnswer(PLAIN_ANSWER_WAIT_MS);
      this.plainAnswer = plain.length > 0 ? plain : null;
      throw describeTlsError(error as NodeJS.ErrnoException, t, this.plainAnswer);
    } finally {
      tee.stopRecording();
    }
    this.tlsMs = elapsed(started);
    this.tls = tlsInfoOf(secure);
  }

  private async readHead(socket: net.Socket): Promise<HeadRead> {
    this.reader = new HeadReader(socket, this.maxHeadBytes);
    const answer = await this.within(this.reader.read());
    this.reader = null;
    return answer;
  }

  /** The extended CONNECT over the h2 connection ALPN chose. */
  async http2(request: H2Request): Promise<H2Outcome> {
    this.phase = 'HTTP/2: waiting for the server\'s SETTINGS and its answer to the extended CONNECT';
    const started = performance.now();
    this.requestSent = true;
    const outcome = await h2Exchange(this.socket as tls.TLSSocket, this.target, request, (step) => this.within(step));
    if (outcome.kind === 'answered') this.responseMs = elapsed(started);
    else this.requestSent = false;
    return outcome;
  }

  /** Writes the request and reads the response head; throws a ProbeError for anything but a complete HTTP head. */
  async exchange(request: string): Promise<{ readonly answer: HeadRead; readonly response: HandshakeResponse; readonly malformed: string[] }> {
    const t = this.target;
    const socket = this.socket!;
    this.phase = 'request sent, waiting for the response';
    const started = performance.now();
    socket.write(Buffer.from(request, 'latin1'));
    this.requestSent = true;
    const answer = await this.readHead(socket);
    this.responseMs = elapsed(started);
    if (answer.status === 'empty') {
      // A TLS server drops a plain request silently: the likeliest cause worth naming.
      const hint = t.secure ? '' : ' (if this port serves TLS, use wss://)';
      if (answer.error) {
        const described = describeSocketError(answer.error, t.hostHeader);
        throw new ProbeError(described.kind, `${described.message}${hint}`, described.code, answer);
      }
      throw new ProbeError('closed', `${t.hostHeader} closed the connection without answering${hint}`, null, answer);
    }
    if (answer.status === 'not-http') throw new ProbeError('not-http', describeNotHttp(answer.head, t), null, answer);
    const head = parseResponseHead(answer.head.toString('latin1'));
    if (!head) {
      if (answer.status === 'partial' && HTTP_PREFIX.subarray(0, answer.head.length).equals(answer.head.subarray(0, HTTP_PREFIX.length))) {
        throw new ProbeError('incomplete', `the connection ended after ${answer.head.length} bytes, in the middle of the status line`, answer.error?.code ?? null, answer);
      }
      throw new ProbeError('not-http', `the status line is not valid HTTP: ${quoteStart(answer.head)}`, null, answer);
    }
    if (answer.status === 'too-large') {
      throw new ProbeError('too-large', `the response head is larger than ${this.maxHeadBytes} bytes without ending (no blank line); showing the start`, null, answer, head);
    }
    if (answer.status === 'partial') {
      const how = answer.error ? `was reset [${answer.error.code ?? 'error'}]` : 'closed';
      throw new ProbeError('incomplete', `the connection ${how} before the end of the response head (no blank line after the headers)`, answer.error?.code ?? null, answer, head);
    }
    if (head.response.status === 101) return { answer, response: head.response, malformed: head.malformed };
    const body = await readBodyStart(socket, answer.rest, head.response, AFTER_HEAD_KEEP, BODY_WAIT_MS);
    const response: HandshakeResponse = { ...head.response, bodyStart: body.subarray(0, BODY_START_LIMIT).toString('latin1') };
    return { answer: { ...answer, rest: body }, response, malformed: head.malformed };
  }
}

/**
 * The socket under TLS, passed through a stream that keeps the first bytes the server sent:
 * when TLS fails because the port speaks plain HTTP, those bytes are its answer (nginx's 400).
 */
class TeedSocket extends Duplex {
  private readonly seen: Buffer[] = [];
  private seenBytes = 0;
  private recording = true;
  private ended = false;

  constructor(private readonly raw: net.Socket) {
    super();
    raw.on('data', (chunk: Buffer) => {
      if (this.recording && this.seenBytes < AFTER_HEAD_KEEP) {
        this.seen.push(chunk);
        this.seenBytes += chunk.length;
      }
      if (!this.push(chunk)) raw.pause();
    });
    raw.on('end', () => {
      this.ended = true;
      this.push(null);
    });
    raw.on('close', () => (this.ended = true));
    raw.on('error', (error) => this.destroy(error));
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.raw.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.raw.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.raw.destroy();
    callback(error);
  }

  stopRecording(): void {
    this.recording = false;
    this.seen.length = 0;
  }

  /** What came so far, after waiting up to `waitMs` for the rest of a plain answer. */
  async plainAnswer(waitMs: number): Promise<Buffer> {
    const first = Buffer.concat(this.seen);
    // Only clear text is worth waiting for: a TLS record starts with 0x14-0x17.
    if (first.length === 0 || (first[0]! >= 0x14 && first[0]! <= 0x17)) return Buffer.alloc(0);
    if (!this.ended && !/\r?\n\r?\n/.test(first.toString('latin1'))) {
      this.raw.resume();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.raw.once('close', done);
        this.raw.once('end', done);
      });
    }
    return Buffer.concat(this.seen).subarray(0, AFTER_HEAD_KEEP);
  }
}

/** What the HTTP/2 attempt left: the extended CONNECT's request and answer, and the stream to talk on. */
interface H2Answered {
  readonly request: H2Request;
  readonly outcome: Extract<H2Outcome, { kind: 'answered' }>;
}

/** Performs the opening handshake against `options.url`. Never throws. */
export async function probe(options: ProbeOptions): Promise<ProbeResult> {
  const startedAt = new Date().toISOString();
  const start = performance.now();
  const parsed = parseProbeUrl(options.url);
  const key = options.key ?? randomKey();
  const target = parsed.ok ? parsed.target : null;
  const requestHeaders = target ? buildRequestHeaders(target, options, key) : [];
  const request: HandshakeRequest = { method: 'GET', httpVersion: 'HTTP/1.1', headers: new HeaderList(requestHeaders) };
  const wireRequest = target ? requestText(target, requestHeaders) : '';
  // RFC 8441 as browsers do it: offer h2 by ALPN, use extended CONNECT when the server allows it.
  const wantH2 = options.http2 === true && target?.secure === true;

  let attempt = target ? new Attempt(options, target) : null;
  if (attempt && wantH2) attempt.alpn = ['h2', 'http/1.1'];
  let transportNote: string | null = options.http2 && target && !target.secure ? 'HTTP/2: browsers use WebSockets over HTTP/2 only with TLS (wss://), so this ws:// URL went over HTTP/1.1' : null;
  let h2: H2Answered | null = null;
  let response: HandshakeResponse | null = null;
  let malformedLines: string[] = [];
  let head: HeadRead | null = null;
  let failure: ProbeFailure | null = null;
  try {
    if (!parsed.ok || !attempt || !target) throw new ProbeError('invalid-url', parsed.ok ? 'no target' : parsed.error);
    await attempt.connect();
    if (wantH2) {
      const alpn = attempt.tls?.alpn ?? null;
      if (alpn === 'h2') {
        const h2Req = h2Request(target, requestHeaders);
        const outcome = await attempt.http2(h2Req);
        if (outcome.kind === 'answered') {
          h2 = { request: h2Req, outcome };
          response = outcome.response;
          transportNote = 'HTTP/2 by ALPN; the server allows extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL), so the WebSocket went over HTTP/2 as a browser would send it';
        } else {
          transportNote = 'HTTP/2 by ALPN, but the server does not allow extended CONNECT (no SETTINGS_ENABLE_CONNECT_PROTOCOL): browsers then open an HTTP/1.1 connection for the WebSocket, and so did the probe';
          outcome.session.destroy();
          attempt.stopTimer();
          attempt.destroy();
          attempt = new Attempt(options, target);
          await attempt.connect();
        }
      } else {
        transportNote = `HTTP/2: the server chose ${alpn ?? 'no protocol'} by ALPN, not h2, so the WebSocket went over HTTP/1.1 (as a browser's would)`;
      }
    }
    if (!h2) {
      const exchanged = await attempt.exchange(wireRequest);
      ({ response, malformed: malformedLines } = exchanged);
      head = exchanged.answer;
    }
  } catch (error) {
    const probeError = error instanceof ProbeError ? error : null;
    failure = probeError
      ? { kind: probeError.kind, message: probeError.message, code: probeError.code }
      : { kind: 'network', message: error instanceof Error ? error.message : String(error), code: null };
    head = probeError?.head ?? null;
    if (probeError?.parsed) ({ response, malformed: malformedLines } = probeError.parsed);
  } finally {
    attempt?.stopTimer();
  }

  // A timeout leaves the read unfinished: show what came so far.
  const responseText = h2
    ? h2.outcome.text
    : head ? head.head.toString('latin1') : failure?.kind === 'timeout' && attempt?.reader ? attempt.reader.received.toString('latin1') : '';
  const requestSent = attempt?.requestSent ?? false;
  const sentText = h2 ? h2.request.text : requestSent ? wireRequest : '';
  const handshake: Handshake = {
    source: 'probe',
    url: target?.url ?? options.url,
    transport: h2 ? 'h2' : 'http/1.1',
    request: h2 ? h2.request.request : request,
    response,
    browserError: null,
    capturedBy: 'probe',
    startedAt,
    durationMs: attempt?.responseMs ?? null,
    raw: { request: sentText, response: responseText || (attempt?.plainAnswer ? attempt.plainAnswer.toString('latin1') : '') },
    // A failure without a response is the finding's cause; a request that never went out is not judged.
    ...(failure && !response ? { connectionFailure: { kind: failure.kind, message: failure.message, code: failure.code } } : {}),
    ...(target && !requestSent ? { requestSent: false } : {}),
  };
  const rest = h2 ? h2.outcome.body : head && failure === null ? head.rest : Buffer.alloc(0);
  const base = {
    handshake,
    target,
    proxy: attempt?.proxy ?? null,
    tls: attempt?.tls ?? null,
    failure,
    requestSent,
    transportNote,
    timing: {
      connectMs: attempt?.connectMs ?? null,
      proxyMs: attempt?.proxyMs ?? null,
      tlsMs: attempt?.tlsMs ?? null,
      responseMs: attempt?.responseMs ?? null,
      totalMs: elapsed(start),
    },
    afterHead: Buffer.from(rest.subarray(0, AFTER_HEAD_KEEP)),
    malformedLines,
  };
  const successStatus = h2 ? 200 : 101;
  if (failure || !response || response.status !== successStatus || !attempt?.socket) {
    if (h2) h2.outcome.session.destroy();
    attempt?.destroy();
    return { ...base, close: null, connection: null };
  }
  if (h2) {
    const { stream, session } = h2.outcome;
    const endAll = (): void => {
      session.destroy();
      attempt!.destroy();
    };
    return { ...base, ...(await afterSwitch(stream, endAll, handshake, Buffer.alloc(0), options, base.timing.totalMs)) };
  }
  const opened = attempt;
  return { ...base, ...(await afterSwitch(opened.socket!, () => opened.destroy(), handshake, rest, options, base.timing.totalMs)) };
}

const DROPPED: CloseOutcome = {
  initiator: 'client',
  sentCode: null,
  serverClosed: false,
  serverCode: null,
  serverReason: null,
  note: 'the handshake is invalid, so the connection was dropped without a close frame, as a browser does',
};

/**
 * After a 101 (a 200 over HTTP/2): drop an invalid one as a browser does, keep a good one open,
 * or close it properly. `socket` is the TCP/TLS socket, or the HTTP/2 stream; `end` releases everything.
 */
async function afterSwitch(
  socket: Duplex,
  end: () => void,
  handshake: Handshake,
  rest: Buffer,
  options: ProbeOptions,
  openedAtMs: number,
): Promise<Pick<ProbeResult, 'close' | 'connection' | 'handshake'>> {
  // RFC 6455 §4.1: a client that refuses the 101 must _Fail the WebSocket Connection_, without a close frame.
  const report = await analyzeOne(handshake);
  if (report.verdict === 'fail') {
    end();
    return { close: DROPPED, connection: null, handshake };
  }
  const session = new FrameSession(socket, rest, {
    closeWaitMs: options.closeWaitMs ?? DEFAULT_CLOSE_WAIT_MS,
    deflate: negotiatedDeflate(handshake),
    openedAtMs,
  });
  // Whoever ends the session, the connection (and an HTTP/2 session around the stream) goes with it.
  void session.closed.then(() => setTimeout(end, 250).unref());
  if (options.keepOpen) return { close: null, connection: session, handshake };
  const close = await session.close(1000);
  await new Promise<void>((resolve) => {
    if (socket.destroyed) resolve();
    else {
      const timer = setTimeout(resolve, 1000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    }
  });
  end();
  // Closed at once, but frames that came first (a late HTTP refusal, a bad first frame) are judged too.
  return { close, connection: null, handshake: { ...handshake, connection: session.record() } };
}

/** permessage-deflate as the 101 accepted it (RFC 7692 §7.1), or null. */
function negotiatedDeflate(handshake: Handshake): { serverNoContextTakeover: boolean } | null {
  const lines = handshake.response?.headers.getAll('sec-websocket-extensions') ?? [];
  if (lines.length === 0) return null;
  const deflate = parseExtensionHeaders(lines).extensions.find((e) => e.name.toLowerCase() === 'permessage-deflate');
  if (!deflate) return null;
  return { serverNoContextTakeover: deflate.params.some((p) => p.name.toLowerCase() === 'server_no_context_takeover') };
}
