/**
 * A connection after its 101 → its report: how it ended (story.ts), the
 * patterns found (patterns.ts), its own verdict. Called by `analyze()` for an
 * accepted handshake whose source saw the connection; the handshake's verdict is
 * never touched by what is found here.
 */
import { verdictOf } from '../verdict.js';
import { parseExtensionHeaders } from '../headers.js';
import type { Connection, ConnectionReport, Handshake } from '../model.js';
import type { UrlParts } from '../url.js';
import { closeCodeMeaning } from './close-codes.js';
import { componentsOfResponse, type ConfiguredTimeout, type RecognisedComponent } from './idle-timeouts.js';
import { connectionFindings } from './patterns.js';
import { connectionTimes, storySentence, timelineOf } from './story.js';

export interface ConnectionOptions {
  /** Idle timeouts configured on the path (CLI `--idle-timeout`): an end after that much silence is named after them. */
  readonly idleTimeouts?: readonly ConfiguredTimeout[];
  /**
   * The components on the path, when a better identification than the 101's Server/Via
   * headers is at hand (the handshake fingerprint); defaults to `componentsOfResponse()`.
   */
  readonly recognise?: (handshake: Handshake) => readonly RecognisedComponent[];
}

/** Sockets that end badly within this long of opening "died early" (the list marks them). */
export const DIED_EARLY_WITHIN_MS = 10 * 60_000;

function deflateNegotiated(handshake: Handshake): boolean {
  const lines = handshake.response?.headers.getAll('sec-websocket-extensions') ?? [];
  if (lines.length === 0) return false;
  return parseExtensionHeaders(lines).extensions.some((e) => e.name.toLowerCase() === 'permessage-deflate');
}

export function analyzeConnection(handshake: Handshake, url: UrlParts | null, options: ConnectionOptions = {}): ConnectionReport | null {
  const connection: Connection | null | undefined = handshake.connection;
  if (!connection) return null;
  const times = connectionTimes(connection);
  const findings =
    connection.seen === 'nothing'
      ? []
      : connectionFindings({
          connection,
          times,
          url,
          responseHeaders: handshake.response?.headers ?? null,
          deflateNegotiated: deflateNegotiated(handshake),
          recognised: (options.recognise ?? ((h: Handshake) => componentsOfResponse(h.response?.headers)))(handshake),
          configured: options.idleTimeouts ?? [],
          capturedBy: handshake.capturedBy ?? null,
        });
  const verdict = verdictOf(findings);
  const ended = connection.ended;
  return {
    seen: connection.seen,
    state: times.state,
    closedBy: ended?.closedBy ?? null,
    code: ended?.code ?? null,
    codeMeaning: closeCodeMeaning(ended?.code ?? null),
    reason: ended?.reason ?? null,
    openedAtMs: times.openedAtMs,
    endedAtMs: times.endedAtMs,
    openForMs: times.openForMs,
    sinceLastReceivedMs: times.sinceLastReceivedMs,
    sinceLastSentMs: times.sinceLastSentMs,
    sent: connection.sent,
    received: connection.received,
    errors: connection.errors,
    summary: storySentence(connection, times),
    timeline: timelineOf(connection, times),
    findings,
    verdict,
    diedEarly: times.state === 'ended' && verdict !== 'pass' && (times.openForMs === null || times.openForMs <= DIED_EARLY_WITHIN_MS),
  };
}
