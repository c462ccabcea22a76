import { describe, expect, it } from 'vitest';
import type { RuleCase } from '../rules-helper.js';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { subprotocolChecks } from '../../../../src/core/checks/subprotocol.js';
import type { Finding } from '../../../../src/core/model.js';
import { handshake, VALID_REQUEST, VALID_RESPONSE, withHeaders, type HandshakeSpec, type HeaderPairs } from '../build.js';

const OWN_RULES = new Set(['request-protocol-invalid', 'protocol-not-requested', 'protocol-not-offered', 'protocol-multiple', 'protocol-missing']);

async function ownFindings(spec: HandshakeSpec): Promise<Finding[]> {
  const report = await analyzeOne(handshake(spec));
  return report.findings.filter((f) => OWN_RULES.has(f.rule));
}

const offering = (...lines: string[]): HeaderPairs => [...VALID_REQUEST, ...lines.map((l) => ['Sec-WebSocket-Protocol', l] as const)];
const answering = (...lines: string[]) => ({ status: 101, headers: [...VALID_RESPONSE, ...lines.map((l) => ['Sec-WebSocket-Protocol', l] as const)] });


const cases: readonly RuleCase[] = [
  // request-protocol-invalid
  { name: 'flags an offered subprotocol that is not a token ("foo;bar")', spec: { request: offering('foo;bar'), response: answering() }, rules: ['request-protocol-invalid'], mentions: ['foo;bar'] },
  { name: 'flags an offered subprotocol with a space', spec: { request: offering('web socket'), response: null }, rules: ['request-protocol-invalid'], mentions: ['web socket'] },
  { name: 'flags a subprotocol offered twice in one line', spec: { request: offering('chat, chat'), response: answering('chat') }, rules: ['request-protocol-invalid'], mentions: ['"chat"'] },
  { name: 'flags a subprotocol offered twice across lines', spec: { request: offering('chat', 'chat'), response: answering('chat') }, rules: ['request-protocol-invalid'] },
  { name: 'flags an empty Sec-WebSocket-Protocol offer', spec: { request: offering(''), response: answering() }, rules: ['request-protocol-invalid'], mentions: ['empty'] },
  { name: 'accepts subprotocols differing only in case as distinct offers', spec: { request: offering('chat, Chat'), response: answering('Chat') }, rules: [] },
  { name: 'accepts an offer split over two lines', spec: { request: offering('chat', 'superchat'), response: answering('superchat') }, rules: [] },

  // protocol-not-requested
  { name: 'flags a subprotocol in the response when none was offered', spec: { response: answering('chat') }, rules: ['protocol-not-requested'], mentions: ['chat'] },
  { name: 'accepts the offered subprotocol echoed back', spec: { request: offering('chat'), response: answering('chat') }, rules: [] },
  { name: 'does not judge the answer without a request (response-only text)', spec: { request: null, response: answering('chat') }, rules: [] },

  // protocol-not-offered
  { name: 'flags a chosen subprotocol that was not offered', spec: { request: offering('chat, superchat'), response: answering('otherchat') }, rules: ['protocol-not-offered'], mentions: ['otherchat', 'superchat'] },
  { name: 'flags a chosen subprotocol that matches an offer only case-insensitively', spec: { request: offering('chat'), response: answering('CHAT') }, rules: ['protocol-not-offered'], mentions: ['CHAT', 'case-sensitive'] },
  { name: 'flags an empty Sec-WebSocket-Protocol answer to an offer', spec: { request: offering('foo, bar'), response: answering('') }, rules: ['protocol-not-offered'], mentions: ['empty'] },
  { name: 'accepts the second offered subprotocol', spec: { request: offering('chat, superchat'), response: answering('superchat') }, rules: [] },

  // protocol-multiple
  { name: 'flags two subprotocols in one response line (Chromium splits on commas)', spec: { request: offering('chat, superchat'), response: answering('chat, superchat') }, rules: ['protocol-multiple'], mentions: ['"chat", "superchat"'] },
  { name: 'flags two Sec-WebSocket-Protocol lines in the response', spec: { request: offering('superchat, chat'), response: answering('superchat', 'chat') }, rules: ['protocol-multiple'], mentions: ['2 Sec-WebSocket-Protocol lines'] },
  { name: 'flags the same subprotocol repeated in two response lines', spec: { request: offering('chat'), response: answering('chat', 'chat') }, rules: ['protocol-multiple'] },
  { name: 'flags multiple and not-requested together when nothing was offered', spec: { response: answering('a, b') }, rules: ['protocol-not-requested', 'protocol-multiple'] },
  { name: 'accepts exactly one response subprotocol with surrounding spaces', spec: { request: offering('chat'), response: answering('  chat ') }, rules: [] },

  // protocol-missing
  { name: 'flags an offer answered with no subprotocol', spec: { request: offering('chat, superchat'), response: answering() }, rules: ['protocol-missing'], mentions: ['"chat", "superchat"', 'Chromium', 'ws', 'tungstenite', 'python-websockets', 'Firefox'] },
  { name: 'flags an offer answered with no subprotocol over HTTP/2 (200)', spec: { request: withHeaders(offering('chat'), { 'Sec-WebSocket-Key': null }), response: { status: 200, headers: [] }, transport: 'h2' }, rules: ['protocol-missing'] },
  { name: 'accepts no offer and no answer', spec: {}, rules: [] },
  { name: 'accepts the offered subprotocol over HTTP/2 (200)', spec: { request: withHeaders(offering('chat'), { 'Sec-WebSocket-Key': null }), response: { status: 200, headers: [['sec-websocket-protocol', 'chat']] }, transport: 'h2' }, rules: [] },
  { name: 'does not judge the answer of a refused handshake (404)', spec: { request: offering('chat'), response: { status: 404, headers: [['Sec-WebSocket-Protocol', 'x, y']] } }, rules: [] },
  { name: 'does not judge a 200 on HTTP/1.1 as an accepted handshake', spec: { request: offering('chat'), response: { status: 200, headers: [] }, transport: 'http/1.1' }, rules: [] },
  { name: 'does not judge a handshake without a response', spec: { request: offering('chat'), response: null }, rules: [] },
];

describe('subprotocol checks', () => {
  it.each(cases)('$name', async ({ spec, rules, mentions }) => {
    const findings = await ownFindings(spec);
    expect(findings.map((f) => f.rule).sort()).toEqual([...rules].sort());
    const text = findings.map((f) => f.message).join('\n');
    for (const m of mentions ?? []) expect(text).toContain(m);
    for (const f of findings) {
      expect(f.severity).toBe('fail');
      expect(f.header).toBe('Sec-WebSocket-Protocol');
    }
  });

  it('suggests the exact spelling when the answer differs only in case', async () => {
    const [f] = await ownFindings({ request: offering('chat'), response: answering('Chat') });
    expect(f?.fix).toContain('Sec-WebSocket-Protocol: chat');
  });

  it('never throws when called directly on a context without request or response', () => {
    const context = {
      handshake: handshake({ request: null, response: null }), transport: 'unknown', extendedConnect: false, successStatus: 101, accepted: false, request: null, response: null,
      key: null, expectedAccept: null, actualAccept: null, acceptDiagnosis: null, offeredProtocols: null, offeredExtensions: null, targetUrl: null, stack: null, diagnosis: null,
    } as const;
    for (const check of subprotocolChecks) expect(check(context)).toEqual([]);
  });
});
