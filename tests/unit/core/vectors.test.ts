/**
 * The 150 third-party corpus vectors (tests/fixtures/corpus/VECTORS.md): every vector with
 * handshake text or headers is analysed, and our verdict must agree with the source's
 * `expectValid` (true → not fail, false → fail), except for the short allow-list below where
 * the product deliberately disagrees. Key/accept pairs must verify with computeAccept.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeAccept, isWellFormedKey } from '../../../src/core/accept.js';
import { analyze } from '../../../src/core/analyze.js';
import { HeaderList } from '../../../src/core/headers.js';
import type { Handshake, HandshakeRequest, HandshakeResponse, Report } from '../../../src/core/model.js';
import { parseRawHandshake } from '../../../src/sources/raw.js';

interface Vector {
  readonly id: string;
  readonly test: string;
  readonly key: string | null;
  readonly expectedAccept?: string;
  readonly request?: string;
  readonly response?: string;
  readonly requestHeaders?: ReadonlyArray<readonly [string, string]>;
  readonly responseHeaders?: ReadonlyArray<readonly [string, string]>;
  readonly expectValid: boolean;
  readonly why: string;
  readonly rendering: string;
}

const VECTORS: readonly Vector[] = JSON.parse(
  readFileSync(new URL('../../fixtures/corpus/vectors.json', import.meta.url), 'utf8'),
) as Vector[];

/** Stands in for the sources' random keys ({RANDOM_KEY}); 16 bytes 01..10. */
const FIXED_KEY = 'AQIDBAUGBwgJCgsMDQ4PEA==';
/** base64 of 15 bytes, for {RANDOM_15_BYTE_KEY_BASE64}. */
const FIFTEEN_BYTE_KEY = 'AQIDBAUGBwgJCgsMDQ4P';

/**
 * Where our product deliberately disagrees with the source's expectValid. Each entry must
 * still disagree (the test fails when it starts agreeing, so the list stays honest).
 */
const DISAGREEMENTS: Readonly<Record<string, string>> = {
  v019: 'The request is valid; the python server refuses it only because of its own policy (it requires superchat or chat). Nothing on the wire is wrong.',
  v033: 'The server answers the test-only extension x-op with op=that after an offer of op=this; parameters of extensions other than permessage-deflate are extension-specific, so we do not judge them.',
  v038: 'python-websockets accepts an offer answered with no subprotocol; we follow WHATWG (protocol-missing), because browsers, ws and tungstenite fail it.',
  v045: 'Two request Upgrade lines ("websocket", "socketweb") combine to a list that names websocket, which RFC 9110 §7.8 allows in a request; python-websockets demands exactly one value.',
  v063: 'The ws server also accepts Sec-WebSocket-Version 8; RFC 6455 clients send 13, and python-websockets, tungstenite and coder require it (version-unsupported).',
  v064: 'Only the first three lines of the response head (the source elides the Sec-WebSocket-Accept that follows), so we report accept-missing.',
  v104: 'gorilla\'s client accepts "Upgrade: foo, websocket" in a response; Chromium splits on commas and refuses it, so we fail it (upgrade-not-websocket).',
  v107: 'gorilla parses the quoted value "b,a;z"; RFC 6455 §9.1 requires a token once unquoted, so the offer is invalid (request-extension-invalid).',
  v108: 'gorilla keeps the well-formed prefix of "foo, bar; baz=2 junk" and drops the rest; we report the whole offer as malformed.',
  v132: 'coder skips the invalid first offer "permessage-deflate; meow"; we flag it anyway (RFC 7692 §7.1 forbids unknown parameters and the ws server answers such offers with 400).',
};

/**
 * What the source's client offered, for vectors that give only the response (from each
 * vector's test name and `why`): the response is judged against that request.
 */
const CLIENT_OFFERS: Readonly<Record<string, { readonly protocols?: string; readonly extensions?: string }>> = {
  v032: { extensions: 'x-rsv2' },
  v033: { extensions: 'x-op; op=this' },
  v035: { protocols: 'superchat, chat' },
  v036: { protocols: 'superchat, chat' },
  v037: { protocols: 'superchat, chat' },
  v038: { protocols: 'chat' },
  // ws clients offer permessage-deflate by default (v067 turned it off)
  v065: { extensions: 'permessage-deflate; client_max_window_bits' },
  v066: { extensions: 'permessage-deflate; client_max_window_bits' },
  v068: { extensions: 'permessage-deflate; client_max_window_bits' },
  v069: { extensions: 'permessage-deflate; client_max_window_bits' },
  v070: { extensions: 'permessage-deflate; client_max_window_bits' },
  v071: { extensions: 'permessage-deflate; client_max_window_bits' },
  v072: { protocols: 'foo, bar' },
  v074: { protocols: 'foo, bar' },
  v075: { protocols: 'foo, bar' },
  // coder's dial offers permessage-deflate when compression is on, as in these cases
  v127: { extensions: 'permessage-deflate' },
  v128: { extensions: 'permessage-deflate' },
};

function substitute(text: string, accept: string): string {
  return text
    .replaceAll('{ACCEPT_FOR_RANDOM_KEY}', accept)
    .replaceAll('{RANDOM_15_BYTE_KEY_BASE64}', FIFTEEN_BYTE_KEY)
    .replaceAll('{RANDOM_16_BYTE_KEY}', FIXED_KEY)
    .replaceAll('{RANDOM_KEY}', FIXED_KEY)
    .replaceAll('{DATE}', 'Sun, 22 Nov 2026 08:00:00 GMT')
    .replaceAll('<port>', '8080');
}

const has = (pairs: ReadonlyArray<readonly [string, string]>, name: string): boolean =>
  pairs.some(([n]) => n.toLowerCase() === name.toLowerCase());

/**
 * A request from a header list. Single-header fragments get the rest of a valid request around
 * them (except Upgrade/Connection for the maps that test only the upgrade check); whole header
 * lists get only the Host their HTTP stack would add.
 */
function requestFromHeaders(vector: Vector, pairs: ReadonlyArray<readonly [string, string]>): HandshakeRequest {
  const fragment = /^single header value|partial request/.test(vector.rendering);
  const upgradeCheckOnly = /only the upgrade check/.test(vector.rendering);
  const filled: Array<readonly [string, string]> = [...pairs];
  const fill = (name: string, value: string): void => {
    if (!has(pairs, name)) filled.push([name, value]);
  };
  fill('Host', 'example.com');
  if (fragment) {
    if (!upgradeCheckOnly) {
      fill('Upgrade', 'websocket');
      fill('Connection', 'Upgrade');
    }
    fill('Sec-WebSocket-Key', FIXED_KEY);
    fill('Sec-WebSocket-Version', '13');
  }
  return { method: 'GET', httpVersion: 'HTTP/1.1', headers: HeaderList.fromPairs(filled) };
}

/** The request the source's client sent, for response-only vectors. */
function clientRequest(vector: Vector): HandshakeRequest {
  const offers = CLIENT_OFFERS[vector.id] ?? {};
  const pairs: Array<readonly [string, string]> = [
    ['Host', 'example.com'],
    ['Upgrade', 'websocket'],
    ['Connection', 'Upgrade'],
    ['Sec-WebSocket-Key', vector.key ?? FIXED_KEY],
    ['Sec-WebSocket-Version', '13'],
  ];
  if (offers.protocols) pairs.push(['Sec-WebSocket-Protocol', offers.protocols]);
  if (offers.extensions) pairs.push(['Sec-WebSocket-Extensions', offers.extensions]);
  return { method: 'GET', httpVersion: 'HTTP/1.1', headers: HeaderList.fromPairs(pairs) };
}

function parsed(text: string, source: string): Handshake {
  const result = parseRawHandshake(text, source);
  if (!result.ok) throw new Error(`${source}: ${result.error}`);
  return result.handshake;
}

/** The Handshake a vector describes, or null when it holds only a key. */
function handshakeOf(vector: Vector, accept: string): Handshake | null {
  const source = `vectors.json#${vector.id}`;
  let request: HandshakeRequest | null = null;
  let response: HandshakeResponse | null = null;
  let url = 'ws://example.com/';
  let pasted: Pick<Handshake, 'capturedBy' | 'missingResponse' | 'invalidStatusLine'> = {};
  if (vector.request) {
    // Request and response pasted together, as a user gives them to `ws-handshake lint`.
    const h = parsed(substitute(vector.request + (vector.response ?? ''), accept), source);
    response = h.response;
    request = h.request;
    url = h.url;
    pasted = { capturedBy: h.capturedBy, missingResponse: h.missingResponse, invalidStatusLine: h.invalidStatusLine };
    // Node's http and Go's net/http add Host to the requests these tests assemble.
    if (request && !request.headers.has('host') && !vector.rendering.startsWith('verbatim')) {
      request = { ...request, headers: new HeaderList([...request.headers.fields, { name: 'Host', value: 'example.com' }]) };
    }
  } else if (vector.requestHeaders) {
    request = requestFromHeaders(vector, vector.requestHeaders.map(([n, v]) => [n, substitute(v, accept)] as const));
  }
  if (vector.response && !vector.request) {
    response = parsed(substitute(vector.response, accept), source).response;
  } else if (vector.responseHeaders) {
    response = { status: 101, statusText: 'Switching Protocols', httpVersion: 'HTTP/1.1', headers: HeaderList.fromPairs(vector.responseHeaders) };
  }
  if (!request && !response && !vector.request && !vector.response) return null;
  if (!request && response) request = clientRequest(vector);
  // A request-only vector is judged on its request: the vector has no response, not a client that got none.
  const missing = response === null ? { missingResponse: 'not-captured' as const } : {};
  return { source, url, transport: 'http/1.1', request, response, browserError: null, ...missing, ...pasted };
}

interface Judged {
  readonly vector: Vector;
  readonly report: Report;
  /** Our verdict counts as valid: anything but fail. */
  readonly valid: boolean;
}

let judged: Judged[] = [];

beforeAll(async () => {
  const accept = await computeAccept(FIXED_KEY);
  const pairs = VECTORS.map((v) => [v, handshakeOf(v, accept)] as const).filter((p): p is readonly [Vector, Handshake] => p[1] !== null);
  const reports = await analyze(pairs.map(([, h]) => h));
  judged = pairs.map(([vector, handshake], i) => {
    const report = reports[i]!;
    return { vector, report, valid: report.verdict !== 'fail' };
  });
});

afterAll(() => {
  if (process.env.DUMP_VECTORS) for (const j of judged) console.log(j.vector.id, j.vector.expectValid, j.report.verdict, j.report.findings.map((f) => `${f.severity}:${f.rule}`).join(" "));
  const agree = judged.filter((j) => j.valid === j.vector.expectValid).length;
  console.log(`corpus vectors: ${VECTORS.length}; judged as handshakes: ${judged.length}; agree with expectValid: ${agree}; deliberate disagreements: ${judged.length - agree} (${Object.keys(DISAGREEMENTS).join(', ')})`);
});

describe('corpus vectors', () => {
  it('holds the 150 vectors, 138 of them with handshake text or headers', () => {
    expect(VECTORS).toHaveLength(150);
    expect(judged).toHaveLength(138);
  });

  it.each(VECTORS.filter((v) => v.request || v.response || v.requestHeaders || v.responseHeaders).map((v) => [v.id, v.test, v] as const))(
    '%s %s',
    (id, _test, vector) => {
      const entry = judged.find((j) => j.vector.id === id)!;
      const rules = entry.report.findings.map((f) => `${f.severity}:${f.rule}`).join(' ');
      const disagreement = DISAGREEMENTS[id];
      const expected = disagreement === undefined ? vector.expectValid : !vector.expectValid;
      expect(entry.valid, `${id} (${vector.why}) → ${entry.report.verdict} [${rules}]${disagreement ? ` — allow-listed: ${disagreement}` : ''}`).toBe(expected);
    },
  );

  it('agrees with every vector outside the allow-list', () => {
    const unexpected = judged.filter((j) => (j.valid === j.vector.expectValid) === (j.vector.id in DISAGREEMENTS)).map((j) => j.vector.id);
    expect(unexpected).toEqual([]);
  });

  it('verifies every key/expectedAccept pair with computeAccept', async () => {
    const withPairs = VECTORS.filter((v) => v.key !== null && v.expectedAccept !== undefined);
    expect(withPairs.length).toBeGreaterThanOrEqual(30);
    for (const v of withPairs) expect(await computeAccept(v.key!), v.id).toBe(v.expectedAccept);
  });

  it.each(VECTORS.filter((v) => !v.request && !v.response && !v.requestHeaders && !v.responseHeaders).map((v) => [v.id, v.key, v.expectValid] as const))(
    '%s key-only vector: isWellFormedKey(%j) is %s',
    (_id, key, valid) => {
      expect(isWellFormedKey(key ?? '')).toBe(valid);
    },
  );

  it('reports expectedAccept for each vector key sent in a request, and matches the response where the source says it does', () => {
    for (const { vector, report } of judged) {
      if (vector.key && vector.expectedAccept && report.key === vector.key) expect(report.expectedAccept, vector.id).toBe(vector.expectedAccept);
    }
  });
});
