/**
 * The patterns of a connection that opened and then died, each a rule of the
 * catalogue: protocol errors the client failed it for, close codes that name a
 * cause, an end at a known idle timeout, an end right after opening, a message
 * too big, Engine.IO's heartbeat. Each pattern reads the facts and returns its
 * findings; none throws on odd input. What a source cannot see (Chromium's HAR
 * has no close frames) is said, not guessed.
 */
import type { HeaderList } from '../headers.js';
import { finding } from '../finding.js';
import type { CapturedBy, Connection, ConnectionError, Finding } from '../model.js';
import type { UrlParts } from '../url.js';
import { closeCodeMeaning, isPolicyCode } from './close-codes.js';
import { ENGINE_IO_DEFAULTS, engineIoUrl, openPacket } from './engineio.js';
import { bytesText, durationText, quoted } from './format.js';
import { frameErrorKind, reservedBitsOf, RULE_OF_FRAME_ERROR } from './frame-errors.js';
import { IDLE_COMPONENTS, matchesTimeout, matchIdleTimeout, type ConfiguredTimeout, type IdleComponent, type RecognisedComponent } from './idle-timeouts.js';
import type { ConnectionTimes } from './story.js';

export interface ConnectionFacts {
  readonly connection: Connection;
  readonly times: ConnectionTimes;
  readonly url: UrlParts | null;
  readonly responseHeaders: HeaderList | null;
  /** The 101 accepted permessage-deflate (RFC 7692): RSV1 is then legal on a message's first frame. */
  readonly deflateNegotiated: boolean;
  /** Components the 101's headers name (nginx, Cloudflare…), outermost first. */
  readonly recognised: readonly RecognisedComponent[];
  /** Timeouts the user says are configured on the path. */
  readonly configured: readonly ConfiguredTimeout[];
  readonly capturedBy: CapturedBy | null;
}

type Pattern = (facts: ConnectionFacts) => Finding[];

/** "At once": within this long of the 101. */
export const AT_ONCE_MS = 1000;
/** A silence this long before an end without a close frame is worth a word, whatever timeout caused it. */
export const LONG_SILENCE_MS = 2500;
/** A sent message this big that the end follows closely may have hit the server's size limit. */
export const BIG_MESSAGE_BYTES = 64 * 1024;
const BIG_MESSAGE_END_WITHIN_MS = 10_000;

const clientName = (facts: ConnectionFacts): string => (facts.capturedBy === 'probe' ? 'The probe' : facts.capturedBy === 'chromium' ? 'Chromium' : 'The client');
const opened = (facts: ConnectionFacts, atMs: number | null): number | null =>
  atMs === null ? null : Math.max(0, atMs - (facts.connection.openedAtMs ?? 0));
const afterOpen = (facts: ConnectionFacts, atMs: number | null): string => {
  const ms = opened(facts, atMs);
  return ms === null ? '' : ` ${durationText(ms)} after it opened`;
};
const endedWithoutKnownClose = (c: Connection): boolean => c.ended !== null && (c.ended.closedBy === 'nobody' || c.ended.closedBy === 'unknown');
const noCloseFrameWords = (c: Connection): string =>
  c.ended?.closedBy === 'unknown' ? 'with no close frame recorded (Chromium\'s HAR keeps none)' : 'without a close frame';

// ---------------------------------------------------------------------------
// Protocol errors the client failed the connection for

function socketIoV2Hint(facts: ConnectionFacts): string | null {
  const engine = engineIoUrl(facts.url);
  if (engine?.revision === 3) {
    return 'The URL asks for Engine.IO 3 (`EIO=3`: a socket.io v2 client); a socket.io v3/v4 server lets the upgrade complete, then writes `HTTP/1.1 400 Bad Request` with `{"code":5,"message":"Unsupported protocol version"}` into the socket.';
  }
  return null;
}

const SOCKET_IO_V2_FIX =
  'Upgrade the client to socket.io-client v4 (matching the server), or let the server accept old clients: `new Server(httpServer, { allowEIO3: true })`.';

function errorFinding(facts: ConnectionFacts, error: ConnectionError, isFirstEvent: boolean): Finding {
  const kind = frameErrorKind(error);
  const who = clientName(facts);
  const when = afterOpen(facts, error.atMs);
  const said = facts.capturedBy === 'probe' ? `: ${error.text}` : `: ${quoted(error.text, 160)}`;
  const detail = error.detail ? ` (${error.detail})` : '';
  const base = `${who} failed the connection${when}${said}${detail}.`;
  const atOnce = isFirstEvent && (opened(facts, error.atMs) ?? Infinity) <= AT_ONCE_MS;
  switch (kind) {
    case 'reserved-bits': {
      const bits = reservedBitsOf(error.text);
      const rsv1 = bits ? bits.rsv1 : /RSV1/.test(error.detail ?? error.text);
      if (rsv1 && !facts.deflateNegotiated) {
        return finding('frame-reserved-bits', `${base} The server sent a frame with RSV1 (compressed) set, but its 101 negotiated no permessage-deflate (no Sec-WebSocket-Extensions in the response): a server compressing without negotiating, or a proxy that removed Sec-WebSocket-Extensions from the 101 while the server still compresses.`, {
          fix: 'Compress only when the 101 says `Sec-WebSocket-Extensions: permessage-deflate`: let the WebSocket library negotiate it (ws `perMessageDeflate`), and make proxies pass the header through (they must not drop it when they keep the upgraded stream as is).',
        });
      }
      return finding('frame-reserved-bits', `${base} ${rsv1 ? 'RSV1 is only legal on the first frame of a compressed message.' : 'RSV2 and RSV3 belong to no extension.'}`);
    }
    case 'invalid-header': {
      const hint = socketIoV2Hint(facts);
      if (hint && atOnce) {
        return finding('http-after-101', `${base} ${hint}`, { fix: SOCKET_IO_V2_FIX });
      }
      const lead = atOnce
        ? 'It came right after the 101, before any message: most often the server wrote HTTP text into the socket after switching protocols (a late refusal such as `HTTP/1.1 400 Bad Request`).'
        : 'Chromium says this for HTTP text after the 101, a ping or close over 125 bytes, a fragmented control frame, a length not in its shortest form, a 64-bit length with its top bit set, and compressed data it cannot inflate.';
      return finding('frame-header-invalid', `${base} ${lead} Messages that arrived in the same read as the bad bytes are missing from the HAR.`);
    }
    case 'http-after-101': {
      const hint = socketIoV2Hint(facts);
      const engineIoRefusal = /Unsupported protocol version|"code":\s*5\b/.test(error.detail ?? '');
      if (hint || engineIoRefusal) {
        return finding('http-after-101', `${base} ${hint ?? 'That is engine.io refusing the client\'s protocol revision after the upgrade (socket.io v2 client against a v3/v4 server).'}`, { fix: SOCKET_IO_V2_FIX });
      }
      return finding('http-after-101', `${base} After its 101 the server wrote HTTP text into the socket; browsers read it as a broken frame ("Invalid frame header").`);
    }
    default:
      return finding(RULE_OF_FRAME_ERROR[kind], base);
  }
}

const protocolErrors: Pattern = (facts) => {
  const errors = facts.connection.errors;
  const first = errors[0];
  if (!first) return [];
  const firstMessageAt = [...facts.connection.first, ...facts.connection.last].find((m) => m.direction === 'received')?.atMs ?? null;
  const isFirstEvent = firstMessageAt === null || (first.atMs !== null && first.atMs <= firstMessageAt);
  // The first error ends the connection; later ones (rare) repeat its consequences.
  return [errorFinding(facts, first, isFirstEvent)];
};

// ---------------------------------------------------------------------------
// Close codes that name a cause (only a source that sees close frames knows them: the probe)

const closeCodes: Pattern = (facts) => {
  const ended = facts.connection.ended;
  if (!ended || ended.closedBy !== 'server' || ended.code === null) return [];
  const { code } = ended;
  const reason = ended.reason ? ` ${quoted(ended.reason, 160)}` : ' (no reason given)';
  const closed = `The server closed the connection${afterOpen(facts, ended.atMs)} with ${code} (${closeCodeMeaning(code)})${reason}.`;
  if (code === 1009) {
    const { sent, received } = facts.connection;
    const sizes = sent.count > 0
      ? ` The largest message sent was ${bytesText(sent.largest)} (${sent.count.toLocaleString('en-US')} sent)${received.count > 0 ? `; the largest received ${bytesText(received.largest)}` : ''}.`
      : ' No message was sent to it.';
    return [finding('message-too-big', `${closed}${sizes}`)];
  }
  if (isPolicyCode(code)) return [finding('close-policy', closed)];
  if (code === 1011 || code === 1013 || code === 1014) return [finding('close-server-error', closed)];
  if (code === 1002 || code === 1003 || code === 1007 || code === 1010) return [finding('close-protocol-error', closed)];
  return [];
};

/** Chromium's HAR has no close codes: an end right after a big send with nothing received is the 1009 shape. */
const bigSendThenEnd: Pattern = (facts) => {
  const c = facts.connection;
  if (!c.ended || c.ended.closedBy !== 'unknown' || c.errors.length > 0) return [];
  const last = c.last[c.last.length - 1] ?? c.first[c.first.length - 1];
  if (!last || last.direction !== 'sent' || last.bytes < BIG_MESSAGE_BYTES || last.bytes < c.sent.largest) return [];
  const endedAfter = c.ended.atMs !== null && last.atMs !== null ? c.ended.atMs - last.atMs : null;
  if (endedAfter === null || endedAfter > BIG_MESSAGE_END_WITHIN_MS) return [];
  return [
    finding('message-too-big', `The socket ended ${durationText(Math.max(0, endedAfter))} after the page sent a ${bytesText(last.bytes)} message (its largest), with nothing received after it: the shape of a server closing with 1009 because the message is over its limit. Chromium's HAR does not record the close code: 1009 in the page's close event (event.code) confirms it.`),
  ];
};

// ---------------------------------------------------------------------------
// Ends after silence: idle timeouts, and Engine.IO's heartbeat

function timeoutFix(component: IdleComponent | null, alsoDefaultOf: readonly IdleComponent[]): string {
  const base = 'Send a WebSocket ping (or an application heartbeat) more often than the timeout, or raise it';
  if (component) return `${base}; ${component.name}: ${component.setting}.\n\`\`\`\n${component.snippet}\n\`\`\``;
  if (alsoDefaultOf.length === 0) return `${base} on the hop that has it.`;
  const names = alsoDefaultOf.map((c) => c.name).join(', ');
  return `${base} on whichever hop has it (${names}): e.g. ${alsoDefaultOf[0]?.name ?? 'nginx'}:\n\`\`\`\n${(alsoDefaultOf[0] ?? IDLE_COMPONENTS.nginx).snippet}\n\`\`\``;
}

/** Chromium gives up 60 s after the page's close() when the server never answers: the same 60 s as many proxies. */
const CHROMIUM_CLOSE_WAIT_NOTE = ' (Or, if the page called close() and the server never answered, Chromium\'s own 60 s wait for the closing handshake.)';

function idleFindings(facts: ConnectionFacts): Finding[] {
  const c = facts.connection;
  const { silenceMs, openForMs } = facts.times;
  if (!endedWithoutKnownClose(c) || c.errors.length > 0 || silenceMs === null) return [];
  const lifetimeCap = facts.recognised.some((r) => r.component.kind === 'lifetime');
  if (silenceMs < LONG_SILENCE_MS && !lifetimeCap && !facts.configured.some((t) => matchesTimeout(silenceMs, t.seconds))) return [];
  const match = matchIdleTimeout(silenceMs, openForMs, facts.recognised, facts.configured);
  const silent = `The connection ended ${noCloseFrameWords(c)} after ${durationText(silenceMs)} of silence${openForMs !== null ? ` (open ${durationText(openForMs)})` : ''}`;
  const pingsNote = c.seen === 'messages' ? ' WebSocket pings are not in the HAR: if the server pinged, the silence was not real.' : '';
  if (match) {
    const component = match.component;
    const lifetime = component?.kind === 'lifetime';
    let what: string;
    if (match.origin === 'configured') {
      what = `matching the idle timeout configured ${component ? `on ${component.name}` : 'on the path'} (${match.seconds} s)${match.evidence ? `; the 101 came through it (${match.evidence})` : ''}`;
    } else if (component) {
      what = `matching ${component.name}'s default ${lifetime ? 'connection lifetime' : 'idle timeout'} of ${match.seconds} s (${component.setting})${match.evidence ? `; the 101 came through it (${match.evidence})` : ''}`;
    } else {
      what = `matching the default idle timeout of ${match.alsoDefaultOf.map((x) => x.name).join(', ')} (${match.seconds} s)`;
    }
    const message = lifetime
      ? `The connection ended ${noCloseFrameWords(c)} after ${durationText(openForMs ?? 0)} open, ${what}: that timeout caps the whole connection, busy or not.`
      : `${silent}, ${what}.${match.seconds === 60 && c.seen === 'messages' ? CHROMIUM_CLOSE_WAIT_NOTE : ''}${pingsNote}`;
    return [finding('idle-timeout', message, { fix: timeoutFix(component, match.alsoDefaultOf) })];
  }
  if (silenceMs < LONG_SILENCE_MS) return [];
  const recognised = facts.recognised.find((r) => r.component.kind === 'idle');
  if (recognised) {
    const { component, evidence } = recognised;
    return [
      finding('ended-after-silence', `${silent}. The 101 came through ${component.name} (${evidence}), which closes a silent tunnel after ${component.setting}: if it is set to about ${durationText(silenceMs)} here, that is the cut.${pingsNote}`, {
        fix: timeoutFix(component, []),
      }),
    ];
  }
  return [finding('ended-after-silence', `${silent}: no known default timeout is ${durationText(silenceMs)}, but an idle timeout set on some hop (proxy, load balancer, NAT) is the usual cause of a silent end.${pingsNote}`)];
}

/** Engine.IO v4: the server pings ("2"), the client must answer ("3") within pingTimeout; v3: the client pings. */
function engineIoHeartbeat(facts: ConnectionFacts): Finding[] {
  const engine = engineIoUrl(facts.url);
  const c = facts.connection;
  if (!engine || !c.ended || c.errors.length > 0 || c.ended.closedBy === 'client' || c.ended.atMs === null) return [];
  const messages = [...c.first, ...c.last];
  const open = messages.find((m) => m.direction === 'received' && m.preview !== undefined && openPacket(m.preview) !== null);
  const packet = open?.preview !== undefined ? openPacket(open.preview) : null;
  const pingInterval = packet?.pingIntervalMs ?? ENGINE_IO_DEFAULTS.pingIntervalMs;
  const pingTimeout = packet?.pingTimeoutMs ?? ENGINE_IO_DEFAULTS.pingTimeoutMs;
  const last = messages[messages.length - 1];
  const endAt = c.ended.atMs;
  if (engine.revision !== 3 && last && last.direction === 'received' && last.preview === '2' && last.atMs !== null) {
    if (!matchesTimeout(endAt - last.atMs, pingTimeout / 1000)) return [];
    return [
      finding('socketio-ping-timeout', `The server sent Engine.IO's ping ("2") and the connection ended ${durationText(endAt - last.atMs)} later with no "3" (pong) sent back: the server's pingTimeout (${pingTimeout} ms${packet?.pingTimeoutMs ? ', from its open packet' : ', the default'}) ran out. A raw WebSocket client does not answer Engine.IO pings.`),
    ];
  }
  if (engine.revision === 3 && !messages.some((m) => m.direction === 'sent' && m.preview === '2')) {
    const from = c.openedAtMs ?? 0;
    if (!matchesTimeout(endAt - from, (pingInterval + pingTimeout) / 1000)) return [];
    return [
      finding('socketio-ping-timeout', `The client never sent Engine.IO v3's ping ("2") and the connection ended ${durationText(endAt - from)} after it opened: pingInterval + pingTimeout (${pingInterval} + ${pingTimeout} ms) ran out on the server.`),
    ];
  }
  return [];
}

const ends: Pattern = (facts) => {
  const heartbeat = engineIoHeartbeat(facts);
  if (heartbeat.length > 0) return heartbeat;
  return idleFindings(facts);
};

/** An end within a second of the 101, with no error to explain it. */
const endedAtOnce: Pattern = (facts) => {
  const c = facts.connection;
  if (!endedWithoutKnownClose(c) || c.errors.length > 0 || c.ended!.atMs === null) return [];
  const openFor = facts.times.openForMs;
  // A short exchange that ended is an ordinary close; "at once" is an end with (almost) nothing said.
  // Without close frames (Chromium's HAR) a server that said one thing and closed is too common to flag.
  const maxReceived = c.ended!.closedBy === 'nobody' ? 1 : 0;
  if (openFor === null || openFor > AT_ONCE_MS || c.received.count > maxReceived) return [];
  const received = c.received.count === 1 ? ', after one message from the server' : ', before any message from the server';
  if (c.ended!.closedBy === 'nobody') {
    return [finding('ended-at-once', `The server dropped the connection ${durationText(openFor)} after the 101${received}, without a close frame (the page sees 1006).`)];
  }
  return [
    finding('ended-at-once', `The socket ended ${durationText(openFor)} after it opened${received}. Chromium's HAR does not record the close frame; the page's close event tells which it was: 1006 the server or a proxy dropped it (a crash, a frame of 2 GiB or more), 1008 or 4000–4999 the server refused it after the upgrade (authentication, Origin), 1000/1001 it closed on purpose.`),
  ];
};

const PATTERNS: readonly Pattern[] = [protocolErrors, closeCodes, bigSendThenEnd, ends, endedAtOnce];

/** Every pattern's findings, most severe first; a pattern that fails on odd input finds nothing. */
export function connectionFindings(facts: ConnectionFacts): Finding[] {
  const found: Finding[] = [];
  for (const pattern of PATTERNS) {
    try {
      found.push(...pattern(facts));
    } catch {
      // odd input: this pattern says nothing
    }
  }
  // One explanation of the end is enough: a named cause beats "ended at once".
  const named = found.some((f) => f.rule === 'message-too-big' || f.rule === 'socketio-ping-timeout' || f.rule === 'idle-timeout');
  const kept = named ? found.filter((f) => f.rule !== 'ended-at-once') : found;
  const rank = { fail: 2, warn: 1, info: 0 } as const;
  return kept.sort((a, b) => rank[b.severity] - rank[a.severity]);
}
