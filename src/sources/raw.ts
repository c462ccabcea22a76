/**
 * Raw handshake text → Handshake: the request (request line + headers), then the
 * response (status line + headers); either may be missing. CRLF or LF line ends,
 * as copied from a terminal, tcpdump, curl -v or a server log. Also used by the
 * probe to parse what came off the wire.
 */
import { HeaderList, type HeaderField } from '../core/headers.js';
import { BODY_START_LIMIT, type Handshake, type HandshakeRequest, type HandshakeResponse } from '../core/model.js';
import { isWebOrSocketUrl } from '../core/url.js';
import { sniffText } from './sniff.js';

export type RawParseResult =
  | { readonly ok: true; readonly handshake: Handshake }
  | { readonly ok: false; readonly error: string };

const REQUEST_LINE = /^([A-Za-z]+)\s+(\S+)\s+(HTTP\/\d(?:\.\d)?)\s*$/;
const STATUS_LINE = /^(HTTP\/\d(?:\.\d)?)\s+(\d{3})(?:\s+(.*))?$/;
// A line that starts like a status line; when STATUS_LINE rejects it, the answer is not valid HTTP.
const STATUS_LIKE = /^HTTP\/\d/i;
// curl -v and some logs prefix lines with "> " / "< " or "* "
const TRACE_PREFIX = /^[<>] ?/;
// curl -v's notes between and after the heads: "* Connection #0 …", "{ [5 bytes data]".
const CURL_NOTE = /^(\* |[{}] \[\d+ bytes data\])/;

/** Parses header lines (after a start line), keeping order, case and duplicates; obs-fold joins the previous value. */
export function parseHeaderLines(lines: readonly string[]): { headers: HeaderField[]; malformed: string[] } {
  const headers: HeaderField[] = [];
  const malformed: string[] = [];
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      headers[headers.length - 1] = { name: last.name, value: `${last.value} ${line.trim()}` };
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      malformed.push(line);
      continue;
    }
    headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
  }
  return { headers, malformed };
}

interface Block {
  /** `bad-response`: the start line looks like a status line but is not one (`HTTP/1.1 4 Bad`). */
  kind: 'request' | 'response' | 'bad-response';
  startLine: string;
  lines: string[];
  /** A blank line ended the head; what follows until the next start line is body. */
  ended: boolean;
  /** The body's lines as given (no trace prefix stripped: `<html>` is body, not curl's `< `), up to the limit. */
  body: string[];
  bodyLength: number;
}

function splitBlocks(text: string): Block[] {
  const rawLines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const rawLine of rawLines) {
    const line = rawLine.replace(TRACE_PREFIX, '');
    if (current && current.ended && !isStartLine(line.trim())) {
      // Body text: kept as given, bounded (a pasted log may hold a whole page); curl -v's own notes are not body.
      if (current.bodyLength < BODY_START_LIMIT && !CURL_NOTE.test(rawLine)) {
        current.body.push(rawLine);
        current.bodyLength += rawLine.length + 1;
      }
      continue;
    }
    if (REQUEST_LINE.test(line.trim()) && !STATUS_LINE.test(line.trim())) {
      current = { kind: 'request', startLine: line.trim(), lines: [], ended: false, body: [], bodyLength: 0 };
      blocks.push(current);
    } else if (STATUS_LINE.test(line.trim())) {
      current = { kind: 'response', startLine: line.trim(), lines: [], ended: false, body: [], bodyLength: 0 };
      blocks.push(current);
    } else if (STATUS_LIKE.test(line.trim())) {
      current = { kind: 'bad-response', startLine: line.trim(), lines: [], ended: false, body: [], bodyLength: 0 };
      blocks.push(current);
    } else if (line.trim() === '...') {
      // documentation elides headers with a literal "..." line (RFC 6455 §4.4)
      continue;
    } else if (line.trim() === '') {
      if (current) current.ended = true;
    } else if (current && !current.ended) {
      current.lines.push(line);
    }
  }
  return blocks;
}

function isStartLine(line: string): boolean {
  return REQUEST_LINE.test(line) || STATUS_LINE.test(line) || STATUS_LIKE.test(line);
}

/** The body's start as text, or null when the block has none. */
function bodyOf(block: Block): string | null {
  const text = block.body.join('\n').replace(/\n+$/, '');
  return text.trim() === '' ? null : text.slice(0, BODY_START_LIMIT);
}

/** Parses raw handshake text. `source` names where it came from (file name, "paste"). */
export function parseRawHandshake(text: string, source: string): RawParseResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'the text is empty' };
  if (sniffText(text) === 'binary') {
    return { ok: false, error: 'the input is binary, not handshake text' };
  }
  const blocks = splitBlocks(text);
  const requestBlock = blocks.find((b) => b.kind === 'request');
  // The first answer counts: a bad status line is the response a client would have failed on.
  const responseBlock = blocks.find((b) => b.kind !== 'request');
  if (!requestBlock && !responseBlock) {
    return { ok: false, error: 'no HTTP request line ("GET /path HTTP/1.1") or status line ("HTTP/1.1 101 ...") found' };
  }
  let request: HandshakeRequest | null = null;
  let target = '/';
  if (requestBlock) {
    const [, method, requestTarget, version] = REQUEST_LINE.exec(requestBlock.startLine)!;
    target = requestTarget!;
    request = { method: method!, httpVersion: version!, headers: new HeaderList(parseHeaderLines(requestBlock.lines).headers) };
  }
  let response: HandshakeResponse | null = null;
  if (responseBlock && responseBlock.kind === 'response') {
    const [, version, status, reason] = STATUS_LINE.exec(responseBlock.startLine)!;
    response = {
      status: Number(status),
      statusText: (reason ?? '').trim(),
      httpVersion: version!,
      headers: new HeaderList(parseHeaderLines(responseBlock.lines).headers),
      bodyStart: bodyOf(responseBlock),
    };
  }
  return {
    ok: true,
    handshake: {
      source,
      url: urlFor(target, request),
      transport: 'http/1.1',
      request,
      response,
      browserError: null,
      capturedBy: 'text',
      // Pasted text without a response says nothing about whether the client got one.
      ...(responseBlock ? {} : { missingResponse: 'not-captured' as const }),
      ...(responseBlock?.kind === 'bad-response' ? { invalidStatusLine: responseBlock.startLine } : {}),
    },
  };
}

/** Rebuilds the WebSocket URL from the request target and Host; absolute targets are kept. */
function urlFor(target: string, request: HandshakeRequest | null): string {
  if (isWebOrSocketUrl(target)) return target;
  const host = request?.headers.first('host');
  if (!host) return target;
  const origin = request?.headers.first('origin') ?? '';
  const secure = /:443$/.test(host) || origin.startsWith('https:');
  return `${secure ? 'wss' : 'ws'}://${host}${target.startsWith('/') ? target : `/${target}`}`;
}
