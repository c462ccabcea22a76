import { describe, expect, it } from 'vitest';
import type { RuleCase } from '../rules-helper.js';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { securityChecks, siteOf } from '../../../../src/core/checks/security.js';
import { isSecretParamName } from '../../../../src/core/secrets.js';
import type { Finding } from '../../../../src/core/model.js';
import { handshake, VALID_REQUEST, withHeaders, type HandshakeSpec } from '../build.js';

const OWN_RULES = new Set(['cross-site-cookie-handshake', 'insecure-ws-from-https', 'credentials-in-url']);

async function ownFindings(spec: HandshakeSpec): Promise<Finding[]> {
  const report = await analyzeOne(handshake(spec));
  return report.findings.filter((f) => OWN_RULES.has(f.rule));
}

const request = (changes: Readonly<Record<string, string | null>>) => withHeaders(VALID_REQUEST, changes);
const SECRET = 's3cr3tVALUE';


const cases: readonly RuleCase[] = [
  // cross-site-cookie-handshake
  { name: 'warns when a cross-site Origin with cookies is accepted', spec: { url: 'wss://bank.example/ws', request: request({ Host: 'bank.example', Origin: 'https://evil.test', Cookie: 'sid=1; theme=dark' }) }, rules: ['cross-site-cookie-handshake'], mentions: ['https://evil.test', 'sid, theme'] },
  { name: 'warns for Origin: null with cookies', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'null', Cookie: 'a=1' }) }, rules: ['cross-site-cookie-handshake'], mentions: ['"null"'] },
  { name: 'warns for a file:// Origin with cookies', spec: { url: 'ws://192.168.1.2:12345/', request: request({ Origin: 'file://', Cookie: 'a=1' }) }, rules: ['cross-site-cookie-handshake'], mentions: ['file://'] },
  { name: 'warns for sibling subdomains of a shared-hosting suffix (github.io)', spec: { url: 'wss://victim.github.io/ws', request: request({ Origin: 'https://attacker.github.io', Cookie: 'a=1' }) }, rules: ['cross-site-cookie-handshake'] },
  { name: 'warns for an http:// Origin to a wss:// socket on the same host (another scheme)', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'http://example.com', Cookie: 'a=1' }) }, rules: ['cross-site-cookie-handshake'], mentions: ['scheme'] },
  { name: 'warns for an accepted cross-site handshake over HTTP/2 (200)', spec: { url: 'wss://example.com/ws', transport: 'h2', request: request({ 'Sec-WebSocket-Key': null, Origin: 'https://evil.test', Cookie: 'a=1' }), response: { status: 200, headers: [] } }, rules: ['cross-site-cookie-handshake'] },
  { name: 'does not warn without a Cookie header (DevTools may hide it: unknown)', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'https://evil.test' }) }, rules: [] },
  { name: 'does not warn for the same host', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'https://example.com', Cookie: 'a=1' }) }, rules: [] },
  { name: 'does not warn for another port on the same host', spec: { url: 'ws://localhost:8080/ws', request: request({ Origin: 'http://localhost:3000', Cookie: 'a=1' }) }, rules: [] },
  { name: 'does not warn for a sibling subdomain of the same site', spec: { url: 'wss://api.example.com/ws', request: request({ Origin: 'https://app.example.com', Cookie: 'a=1' }) }, rules: [] },
  { name: 'does not warn for subdomains under a co.uk-like suffix of the same site', spec: { url: 'wss://ws.shop.co.uk/ws', request: request({ Origin: 'https://www.shop.co.uk', Cookie: 'a=1' }) }, rules: [] },
  { name: 'warns for two different sites under co.uk', spec: { url: 'wss://ws.shop.co.uk/ws', request: request({ Origin: 'https://evil.co.uk', Cookie: 'a=1' }) }, rules: ['cross-site-cookie-handshake'] },
  { name: 'does not warn when the server refused the handshake (403)', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'https://evil.test', Cookie: 'a=1' }), response: { status: 403, headers: [] } }, rules: [] },
  { name: 'does not warn when there was no response', spec: { url: 'wss://example.com/ws', request: request({ Origin: 'https://evil.test', Cookie: 'a=1' }), response: null }, rules: [] },
  { name: 'does not warn without an Origin (non-browser client)', spec: { url: 'wss://example.com/ws', request: request({ Origin: null, Cookie: 'a=1' }) }, rules: [] },

  // insecure-ws-from-https
  { name: 'warns for ws:// opened from an https:// page', spec: { url: 'ws://example.com/ws', pageUrl: 'https://example.com/app', request: request({ Origin: 'https://example.com' }) }, rules: ['insecure-ws-from-https'], mentions: ['https://example.com/app'] },
  { name: 'warns for ws:// with an https:// Origin when the page is unknown', spec: { url: 'ws://example.com/ws', request: request({ Origin: 'https://example.com' }) }, rules: ['insecure-ws-from-https'], mentions: ['origin https://example.com'] },
  { name: 'prefers the page URL over Origin', spec: { url: 'ws://example.com/ws', pageUrl: 'http://example.com/', request: request({ Origin: 'https://example.com' }) }, rules: [] },
  { name: 'does not warn for wss:// from an https:// page', spec: { url: 'wss://example.com/ws', pageUrl: 'https://example.com/' }, rules: [] },
  { name: 'does not warn for ws:// from an http:// page', spec: { url: 'ws://example.com/ws', request: request({ Origin: 'http://example.com' }) }, rules: [] },
  { name: 'does not warn for ws://localhost from an https:// page (loopback is trustworthy)', spec: { url: 'ws://localhost:9000/ws', request: request({ Origin: 'https://example.com' }) }, rules: [] },
  { name: 'does not warn for ws://127.0.0.1 from an https:// page', spec: { url: 'ws://127.0.0.1:9000/ws', pageUrl: 'https://example.com/' }, rules: [] },

  // credentials-in-url
  { name: 'warns for ?token= without showing the value', spec: { url: `wss://example.com/ws?token=${SECRET}` }, rules: ['credentials-in-url'], mentions: ['token=***'] },
  { name: 'warns for access_token and api_key together in one finding', spec: { url: `wss://example.com/ws?room=1&access_token=${SECRET}&api_key=${SECRET}` }, rules: ['credentials-in-url'], mentions: ['access_token=***', 'api_key=***'] },
  { name: 'warns for userinfo without showing it', spec: { url: `wss://admin:${SECRET}@example.com/ws` }, rules: ['credentials-in-url'], mentions: ['***:***@example.com'] },
  { name: 'warns for both userinfo and a secret parameter', spec: { url: `wss://${SECRET}@example.com/ws?jwt=${SECRET}` }, rules: ['credentials-in-url', 'credentials-in-url'] },
  { name: 'does not warn for username=robert (Play chat sample)', spec: { url: 'ws://localhost:9000/room/chat?username=robert' }, rules: [] },
  { name: 'does not warn for keyboard=1&monkey=3&author=x', spec: { url: 'wss://example.com/ws?keyboard=1&monkey=3&author=x' }, rules: [] },
  { name: 'does not warn for a socket.io URL', spec: { url: 'wss://example.com/socket.io/?EIO=4&transport=websocket&sid=abc' }, rules: [] },
  { name: 'does not warn for a secret-looking fragment (never sent)', spec: { url: 'wss://example.com/ws#token=abc' }, rules: [] },
];

describe('security checks', () => {
  it.each(cases)('$name', async ({ spec, rules, mentions }) => {
    const findings = await ownFindings(spec);
    expect(findings.map((f) => f.rule).sort()).toEqual([...rules].sort());
    const text = findings.map((f) => `${f.message}\n${f.fix}`).join('\n');
    for (const m of mentions ?? []) expect(text).toContain(m);
    expect(text).not.toContain(SECRET);
    for (const f of findings) expect(f.severity).toBe('warn');
  });

  it.each([
    'token', 'Token', 'access_token', 'accessToken', 'refresh-token', 'apikey', 'api_key', 'apiKey', 'x-api-key', 'key', 'auth',
    'authToken', 'sig', 'signature', 'X-Amz-Signature', 'password', 'pwd', 'passwd', 'secret', 'client_secret', 'session',
    'sessionid', 'sessionId', 'PHPSESSID', 'jwt', 'id_token', 'oauth_token', 'bearer', 'api%5Fkey',
  ])('isSecretParamName(%s) is true', (name) => {
    expect(isSecretParamName(name)).toBe(true);
  });

  it.each(['keyboard', 'monkey', 'username', 'user', 'author', 'room', 'EIO', 'transport', 'sid', 'tokenizer', 'passenger', 'v', '', '%E0%A4%A'])(
    'isSecretParamName(%s) is false',
    (name) => {
      expect(isSecretParamName(name)).toBe(false);
    },
  );

  it.each([
    ['a.b.example.com', 'example.com'],
    ['www.shop.co.uk', 'shop.co.uk'],
    ['me.github.io', 'me.github.io'],
    ['localhost', 'localhost'],
    ['10.0.0.1', '10.0.0.1'],
  ])('siteOf(%s) = %s', (host, site) => {
    expect(siteOf(host)).toBe(site);
  });

  it('never throws when called directly on a context without request or response', () => {
    const context = {
      handshake: handshake({ request: null, response: null, url: '' }), transport: 'unknown', extendedConnect: false, successStatus: 101, accepted: false, request: null, response: null,
      key: null, expectedAccept: null, actualAccept: null, acceptDiagnosis: null, offeredProtocols: null, offeredExtensions: null, targetUrl: null, stack: null, diagnosis: null,
    } as const;
    for (const check of securityChecks) expect(check(context)).toEqual([]);
  });
});
