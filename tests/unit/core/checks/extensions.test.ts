import { describe, expect, it } from 'vitest';
import type { RuleCase } from '../rules-helper.js';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { deflateParamProblems, extensionChecks } from '../../../../src/core/checks/extensions.js';
import { parseExtensionList } from '../../../../src/core/headers.js';
import type { Finding } from '../../../../src/core/model.js';
import { handshake, VALID_REQUEST, VALID_RESPONSE, type HandshakeSpec, type HeaderPairs } from '../build.js';

const OWN_RULES = new Set(['request-extension-invalid', 'extension-malformed', 'extension-not-offered', 'deflate-invalid-param']);

async function ownFindings(spec: HandshakeSpec): Promise<Finding[]> {
  const report = await analyzeOne(handshake(spec));
  return report.findings.filter((f) => OWN_RULES.has(f.rule));
}

const offering = (...lines: string[]): HeaderPairs => [...VALID_REQUEST, ...lines.map((l) => ['Sec-WebSocket-Extensions', l] as const)];
const answering = (...lines: string[]) => ({ status: 101, headers: [...VALID_RESPONSE, ...lines.map((l) => ['Sec-WebSocket-Extensions', l] as const)] });
const CHROME_OFFER = 'permessage-deflate; client_max_window_bits';


const cases: readonly RuleCase[] = [
  // request-extension-invalid
  { name: 'flags an offer with a space inside a token ("x-webkit- -frame")', spec: { request: offering('x-webkit- -frame'), response: null }, rules: ['request-extension-invalid'], mentions: ['x-webkit- -frame'] },
  { name: 'flags an offer with an empty parameter name ("foo;=")', spec: { request: offering('foo;='), response: null }, rules: ['request-extension-invalid'], mentions: ['foo;='] },
  { name: 'flags an empty Sec-WebSocket-Extensions offer', spec: { request: offering(''), response: null }, rules: ['request-extension-invalid'] },
  { name: 'flags a deflate offer with server_max_window_bits=foo', spec: { request: offering('permessage-deflate; server_max_window_bits=foo'), response: null }, rules: ['request-extension-invalid'], mentions: ['server_max_window_bits=foo'] },
  { name: 'flags a deflate offer with an unknown parameter', spec: { request: offering('permessage-deflate; meow'), response: answering() }, rules: ['request-extension-invalid'], mentions: ['meow'] },
  { name: 'flags a deflate offer with server_max_window_bits and no value', spec: { request: offering('permessage-deflate; server_max_window_bits'), response: null }, rules: ['request-extension-invalid'] },
  { name: 'flags a deflate offer with a repeated parameter', spec: { request: offering('permessage-deflate; client_no_context_takeover; client_no_context_takeover'), response: null }, rules: ['request-extension-invalid'], mentions: ['more than once'] },
  { name: 'flags a deflate offer with a leading zero (client_max_window_bits=09)', spec: { request: offering('permessage-deflate; client_max_window_bits=09'), response: null }, rules: ['request-extension-invalid'], mentions: ['09'] },
  { name: "accepts Chrome's deflate offer", spec: { request: offering(CHROME_OFFER), response: answering() }, rules: [] },
  { name: 'accepts the obsolete x-webkit-deflate-frame next to permessage-deflate (Chromium 32)', spec: { request: offering('permessage-deflate; client_max_window_bits, x-webkit-deflate-frame'), response: answering() }, rules: [] },
  { name: 'accepts an unknown extension with parameters in the offer', spec: { request: offering('foo; bar, x-op; op=this'), response: answering() }, rules: [] },
  { name: 'accepts a quoted window size in the offer', spec: { request: offering('permessage-deflate; client_max_window_bits="15"'), response: answering() }, rules: [] },
  { name: 'accepts an offer split over two lines', spec: { request: offering('permessage-deflate', 'x-webkit-deflate-frame'), response: answering('permessage-deflate') }, rules: [] },

  // extension-malformed
  { name: 'flags a response extension list that does not parse ("foo;=")', spec: { request: offering(CHROME_OFFER), response: answering('foo;=') }, rules: ['extension-malformed'], mentions: ['foo;='] },
  { name: 'flags a response quoted value that is not a token', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; server_max_window_bits="1 0"') }, rules: ['extension-malformed'] },
  { name: 'flags an empty Sec-WebSocket-Extensions response header', spec: { request: offering(CHROME_OFFER), response: answering('') }, rules: ['extension-malformed'] },
  { name: 'does not judge the extensions of a refused handshake (400)', spec: { request: offering(CHROME_OFFER), response: { status: 400, headers: [['Sec-WebSocket-Extensions', 'foo;=']] } }, rules: [] },

  // extension-not-offered
  { name: 'flags an accepted extension the request did not offer', spec: { request: offering(CHROME_OFFER), response: answering('foo') }, rules: ['extension-not-offered'], mentions: ['"foo"', 'permessage-deflate'] },
  { name: 'flags an un-offered extension after permessage-deflate', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate,foo') }, rules: ['extension-not-offered'], mentions: ['"foo"'] },
  { name: 'flags an extension in the response when the request offered none', spec: { response: answering('permessage-deflate') }, rules: ['extension-not-offered'], mentions: ['sent no Sec-WebSocket-Extensions'] },
  { name: 'compares extension names case-insensitively', spec: { request: offering(CHROME_OFFER), response: answering('PerMessage-Deflate') }, rules: [] },
  { name: 'does not judge offers without a request (response-only text)', spec: { request: null, response: answering('x-rsv2') }, rules: [] },

  // deflate-invalid-param
  { name: 'flags client_max_window_bits=7 (outside 8..15)', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; client_max_window_bits=7') }, rules: ['deflate-invalid-param'], mentions: ['client_max_window_bits=7'] },
  { name: 'flags client_max_window_bits=16', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; client_max_window_bits=16') }, rules: ['deflate-invalid-param'] },
  { name: 'flags server_max_window_bits without a value', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; server_max_window_bits') }, rules: ['deflate-invalid-param'], mentions: ['must have a value'] },
  { name: 'flags client_max_window_bits without a value in the response', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; client_max_window_bits') }, rules: ['deflate-invalid-param'] },
  { name: 'flags an unknown deflate parameter in the response ("meow")', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; meow') }, rules: ['deflate-invalid-param'], mentions: ['meow'] },
  { name: 'flags a parameter name in the wrong case', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; Server_No_Context_Takeover') }, rules: ['deflate-invalid-param'], mentions: ['lower case'] },
  { name: 'flags a deflate parameter given twice', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; server_no_context_takeover; server_no_context_takeover') }, rules: ['deflate-invalid-param'], mentions: ['more than once'] },
  { name: 'flags server_no_context_takeover with a value', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; server_no_context_takeover=1') }, rules: ['deflate-invalid-param'], mentions: ['must have no value'] },
  { name: 'flags client_max_window_bits in the response when the offer did not include it', spec: { request: offering('permessage-deflate'), response: answering('permessage-deflate; client_max_window_bits=10') }, rules: ['deflate-invalid-param'], mentions: ['offer did not include it'] },
  { name: 'flags client_max_window_bits larger than the offered value', spec: { request: offering('permessage-deflate; client_max_window_bits=10'), response: answering('permessage-deflate; client_max_window_bits=12') }, rules: ['deflate-invalid-param'] },
  { name: 'flags server_max_window_bits larger than the offered limit', spec: { request: offering('permessage-deflate; server_max_window_bits=10'), response: answering('permessage-deflate; server_max_window_bits=12') }, rules: ['deflate-invalid-param'], mentions: ['larger than the offered 10'] },
  { name: 'flags a response that ignores the offered server_no_context_takeover', spec: { request: offering('permessage-deflate; server_no_context_takeover'), response: answering('permessage-deflate') }, rules: ['deflate-invalid-param'] },
  { name: 'flags permessage-deflate accepted twice (two lines)', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate', 'permessage-deflate') }, rules: ['deflate-invalid-param'], mentions: ['2 times'] },
  { name: 'accepts permessage-deflate; client_max_window_bits=15 when offered', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; client_max_window_bits=15') }, rules: [] },
  { name: 'accepts server_no_context_takeover in the answer without an offer (RFC 7692 §7.1.1.1)', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; server_no_context_takeover; client_no_context_takeover') }, rules: [] },
  { name: 'accepts server_max_window_bits in the answer without an offer', spec: { request: offering('permessage-deflate'), response: answering('permessage-deflate; server_max_window_bits=10') }, rules: [] },
  { name: 'accepts a smaller server_max_window_bits than offered', spec: { request: offering('permessage-deflate; server_max_window_bits=12'), response: answering('permessage-deflate; server_max_window_bits=9') }, rules: [] },
  { name: 'accepts an answer that fits the second of two deflate offers', spec: { request: offering('permessage-deflate; server_max_window_bits=10, permessage-deflate'), response: answering('permessage-deflate') }, rules: [] },
  { name: 'does not treat repeated Sec-WebSocket-Extensions lines as duplicates', spec: { request: offering('permessage-deflate; client_max_window_bits, x-foo'), response: answering('permessage-deflate; client_max_window_bits=15', 'x-foo') }, rules: [] },
  { name: 'accepts a quoted window size in the response', spec: { request: offering(CHROME_OFFER), response: answering('permessage-deflate; client_max_window_bits="12"') }, rules: [] },
  { name: 'judges permessage-deflate over HTTP/2 (200) like HTTP/1.1', spec: { request: offering('permessage-deflate'), response: { status: 200, headers: [['sec-websocket-extensions', 'permessage-deflate; client_max_window_bits=9']] }, transport: 'h2' }, rules: ['deflate-invalid-param'] },
];

describe('extension checks', () => {
  it.each(cases)('$name', async ({ spec, rules, mentions }) => {
    const findings = await ownFindings(spec);
    expect(findings.map((f) => f.rule).sort()).toEqual([...rules].sort());
    const text = findings.map((f) => f.message).join('\n');
    for (const m of mentions ?? []) expect(text).toContain(m);
    for (const f of findings) expect(f.header).toBe('Sec-WebSocket-Extensions');
  });

  it.each([
    ['permessage-deflate; server_max_window_bits=8', 'response', 0],
    ['permessage-deflate; server_max_window_bits=015', 'response', 1],
    ['permessage-deflate; client_max_window_bits', 'offer', 0],
    ['permessage-deflate; client_max_window_bits', 'response', 1],
    ['permessage-deflate; client_max_window_bits=8; server_max_window_bits=15; server_no_context_takeover; client_no_context_takeover', 'response', 0],
    ['permessage-deflate; a; b=1', 'offer', 2],
  ] as const)('deflateParamProblems(%s, %s) finds %i problem(s)', (text, side, count) => {
    const parsed = parseExtensionList(text);
    expect(parsed.ok).toBe(true);
    expect(deflateParamProblems(parsed.extensions[0]!, side)).toHaveLength(count);
  });

  it('never throws when called directly on a context without request or response', () => {
    const context = {
      handshake: handshake({ request: null, response: null }), transport: 'unknown', extendedConnect: false, successStatus: 101, accepted: false, request: null, response: null,
      key: null, expectedAccept: null, actualAccept: null, acceptDiagnosis: null, offeredProtocols: null, offeredExtensions: null, targetUrl: null, stack: null, diagnosis: null,
    } as const;
    for (const check of extensionChecks) expect(check(context)).toEqual([]);
  });
});
