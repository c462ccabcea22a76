// The idle-timeout table: which components a 101 names, and matching relative to a timeout's value.
import { describe, expect, it } from 'vitest';
import { closeCodeMeaning, isPolicyCode } from '../../../../src/core/connection/close-codes.js';
import { engineIoUrl, openPacket } from '../../../../src/core/connection/engineio.js';
import { bytesText, durationText, quoted } from '../../../../src/core/connection/format.js';
import { componentsOfResponse, IDLE_COMPONENTS, idleComponent, matchesTimeout, matchIdleTimeout } from '../../../../src/core/connection/idle-timeouts.js';
import { HeaderList } from '../../../../src/core/headers.js';
import { splitUrl } from '../../../../src/core/url.js';
import { expectLinear } from '../../linear.js';

const headers = (...pairs: [string, string][]): HeaderList => HeaderList.fromPairs(pairs);

describe('componentsOfResponse', () => {
  it.each([
    ['nginx/1.22.1 (the real 101 through nginx, tests/fixtures/stacks)', headers(['Server', 'nginx/1.22.1'], ['Connection', 'upgrade']), ['nginx']],
    ['bare nginx', headers(['Server', 'nginx']), ['nginx']],
    ['Cloudflare by Server and CF-RAY, once', headers(['Server', 'cloudflare'], ['CF-RAY', '8a-AMS']), ['cloudflare']],
    ['AWS ALB', headers(['Server', 'awselb/2.0']), ['aws-alb']],
    ['GCP by Via', headers(['Via', '1.1 google']), ['gcp-lb']],
    ['Heroku: Cowboy with Via vegur is Heroku, not Cowboy alone', headers(['Via', '1.1 vegur'], ['Server', 'Cowboy']), ['heroku']],
    ['Cowboy alone', headers(['Server', 'Cowboy']), ['cowboy']],
    ['Envoy by its header', headers(['x-envoy-upstream-service-time', '3']), ['envoy']],
    ['Cloudflare in front of nginx: both', headers(['Server', 'cloudflare'], ['X-Upstream', 'x']), ['cloudflare']],
    ['a Node server names nothing', headers(['Upgrade', 'websocket']), []],
    ['nginx-like but not nginx', headers(['Server', 'nginxy']), []],
  ])('%s', (_name, h, ids) => {
    expect(componentsOfResponse(h).map((r) => r.component.id)).toEqual(ids);
  });

  it('keeps the evidence', () => {
    expect(componentsOfResponse(headers(['Server', 'nginx/1.22.1']))[0]?.evidence).toBe('Server: nginx/1.22.1');
  });

  it('is linear on a hostile Server and Via', () => {
    expectLinear((n) => headers(['Server', `nginx/${'1.'.repeat(n)}`], ['Via', `1.1 ${'google '.repeat(n)}x`]), (h) => componentsOfResponse(h));
  });
});

describe('matchesTimeout, relative to the value', () => {
  it.each([
    [60_100, 60, true], // nginx measured 60.1 s
    [61_100, 60, true], // lighttpd measured 61.1 s
    [58_000, 60, false], // well before: not that timeout
    [64_000, 60, false],
    [2_050, 2, true], // a test's short timeout
    [1_400, 2, false],
    [3_600, 2, false],
    [100_300, 100, true],
  ])('%d ms against %d s → %s', (ms, seconds, expected) => {
    expect(matchesTimeout(ms, seconds)).toBe(expected);
  });
});

describe('matchIdleTimeout', () => {
  const nginx = componentsOfResponse(headers(['Server', 'nginx']));
  it('a configured value wins, with the recognised component', () => {
    expect(matchIdleTimeout(2_050, 2_100, nginx, [{ seconds: 2 }])).toMatchObject({ origin: 'configured', seconds: 2, component: IDLE_COMPONENTS.nginx });
  });
  it('the recognised component\'s default next', () => {
    expect(matchIdleTimeout(60_100, 60_200, nginx)).toMatchObject({ origin: 'default', component: IDLE_COMPONENTS.nginx, evidence: 'Server: nginx' });
  });
  it('then any known default, naming every component that has it', () => {
    const match = matchIdleTimeout(55_100, 55_200, []);
    expect(match?.component).toBeNull();
    expect(match?.alsoDefaultOf.map((c) => c.id)).toEqual(['heroku']);
  });
  it('a lifetime cap matches the lifetime, not the silence', () => {
    const gcp = componentsOfResponse(headers(['Via', '1.1 google']));
    expect(matchIdleTimeout(100, 30_100, gcp)?.component?.id).toBe('gcp-lb');
    expect(matchIdleTimeout(30_100, 90_000, gcp)).toBeNull();
  });
  it('nothing for an unknown silence', () => {
    expect(matchIdleTimeout(37_000, 37_100, nginx)).toBeNull();
  });
});

describe('idleComponent', () => {
  it.each([['nginx', 'nginx'], ['apache', 'apache-httpd'], ['ALB', 'aws-alb'], ['ingress-nginx', 'nginx'], ['nope', null]])('%s → %s', (id, expected) => {
    expect(idleComponent(id)?.id ?? null).toBe(expected);
  });
  it('every component has a setting, a source and a snippet', () => {
    for (const c of Object.values(IDLE_COMPONENTS)) {
      expect(c.setting, c.id).not.toBe('');
      expect(c.source, c.id).not.toBe('');
      expect(c.snippet, c.id).not.toBe('');
    }
  });
});

describe('close codes', () => {
  it.each([
    [1000, 'normal closure'],
    [1006, 'abnormal closure'],
    [1008, 'policy violation'],
    [1009, 'message too big'],
    [1015, 'TLS handshake failure'],
    [3008, 'library or framework'],
    [4001, 'application'],
    [2999, 'unassigned'],
    [999, 'not a valid close code'],
  ])('%d means %s', (code, meaning) => {
    expect(closeCodeMeaning(code)).toContain(meaning);
  });
  it('no code, no meaning', () => expect(closeCodeMeaning(null)).toBeNull());
  it.each([[1008, true], [4000, true], [4999, true], [1000, false], [3000, false], [5000, false]])('%d is a policy close: %s', (code, expected) => {
    expect(isPolicyCode(code)).toBe(expected);
  });
});

describe('Engine.IO', () => {
  it.each([
    ['wss://h/socket.io/?EIO=3&transport=websocket', 3],
    ['wss://h/socket.io/?EIO=4&transport=websocket&sid=x', 4],
    ['wss://h/app/socket.io/?transport=websocket', null],
    ['wss://h/engine.io/?EIO=4', 4],
  ])('%s asks for revision %s', (url, revision) => {
    expect(engineIoUrl(splitUrl(url))).toEqual({ revision });
  });
  it('a plain WebSocket URL is not Engine.IO', () => expect(engineIoUrl(splitUrl('wss://h/chat?EIO=3'))).toBeNull());
  it('reads the heartbeat from an open packet, also cut short', () => {
    expect(openPacket('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}')).toEqual({ pingIntervalMs: 25000, pingTimeoutMs: 20000 });
    expect(openPacket('0{"sid":"a","upgrades":[],"pingInterval":25000,"ping')).toEqual({ pingIntervalMs: 25000, pingTimeoutMs: null });
    expect(openPacket('40{"sid":"a"}')).toBeNull();
  });
  it('is linear on hostile packets and URLs', () => {
    expectLinear((n) => `0{${'"pingInterval":'.repeat(n)}`, (t) => openPacket(t), { n: 20_000 });
    expectLinear((n) => splitUrl(`wss://h/${'socket.io/'.repeat(n)}?${'EIO=3&'.repeat(n)}`), (u) => engineIoUrl(u), { n: 20_000 });
  });
});

describe('format', () => {
  it.each([[4.44, '4.4 ms'], [850, '850 ms'], [3_005, '3.0 s'], [60_100, '60.1 s'], [599_000, '599.0 s'], [725_000, '12 min 5 s'], [4_000_000, '1 h 6 min']])('%d ms → %s', (ms, text) => {
    expect(durationText(ms)).toBe(text);
  });
  it.each([[1, '1 byte'], [12, '12 bytes'], [2048, '2,048 bytes (2.0 KiB)'], [2_097_152, '2,097,152 bytes (2.0 MiB)']])('%d → %s', (n, text) => {
    expect(bytesText(n)).toBe(text);
  });
  it('quotes on one line, cut short', () => {
    expect(quoted('a\r\nb', 10)).toBe('"a b"');
    expect(quoted('x'.repeat(20), 5)).toBe('"xxxxx…"');
  });
});
