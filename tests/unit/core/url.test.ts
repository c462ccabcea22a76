import { describe, expect, it } from 'vitest';
import { joinUrl, requestTargetOf, splitUrl, withScheme } from '../../../src/core/url.js';
import { expectLinear } from '../linear.js';

describe('splitUrl', () => {
  it.each([
    ['wss://User:Pw@Example.COM.:8443/a/b?x=1#f', { scheme: 'wss', userinfo: 'User:Pw', hostPort: 'Example.COM.:8443', host: 'example.com', port: '8443', path: '/a/b', query: 'x=1', fragment: 'f' }],
    ['ws://[::1]:9000/', { scheme: 'ws', userinfo: null, hostPort: '[::1]:9000', host: '[::1]', port: '9000', path: '/', query: null, fragment: null }],
    ['https://demo.piesocket.com/v3/channel_1?api_key=k&notify_self', { scheme: 'https', userinfo: null, hostPort: 'demo.piesocket.com', host: 'demo.piesocket.com', port: null, path: '/v3/channel_1', query: 'api_key=k&notify_self', fragment: null }],
    ['WS://h?q', { scheme: 'ws', userinfo: null, hostPort: 'h', host: 'h', port: null, path: '', query: 'q', fragment: null }],
    ['ws://a@b@c:/p#x?y', { scheme: 'ws', userinfo: 'a@b', hostPort: 'c:', host: 'c', port: null, path: '/p', query: null, fragment: 'x?y' }],
  ] as const)('%s', (url, parts) => {
    expect(splitUrl(url)).toEqual(parts);
  });

  it.each(['', '/chat', 'not a url', 'file://', '1ws://x', 'ws:/x'])('%s gives no host or null, never throws', (url) => {
    const parts = splitUrl(url);
    expect(parts === null || parts.host === '').toBe(true);
  });

  it('joinUrl undoes splitUrl (scheme in lower case)', () => {
    for (const url of ['wss://u:p@h:1/a?b=c#d', 'ws://h', 'http://[::1]:80/x?', 'ws://h/#']) expect(joinUrl(splitUrl(url)!)).toBe(url);
  });

  it.each([
    ['userinfo and ports', (n: number) => `ws://${'@:'.repeat(n / 2)}/${'?'.repeat(n)}`],
    ['a long scheme', (n: number) => `${'a'.repeat(n)}:/x`],
    ['brackets', (n: number) => `ws://[${'['.repeat(n)}`],
  ])('is linear on hostile URLs (%s)', (_name, make) => {
    expectLinear(make, (url) => splitUrl(url));
  });
});

describe('requestTargetOf and withScheme', () => {
  it.each([
    ['ws://h/a/b?c=d#e', '/a/b?c=d'],
    ['ws://h', '/'],
    ['ws://h?x', '/?x'],
    ['/already/a/target', '/already/a/target'],
    ['', '/'],
  ])('requestTargetOf(%s) is %s', (url, target) => {
    expect(requestTargetOf(url)).toBe(target);
  });

  it.each([
    ['ws://a/b', 'http://a/b', 'ws://a/b'],
    ['WSS://a:1/b?c', 'https://a:1/b?c', 'wss://a:1/b?c'],
    ['https://a/b', 'https://a/b', 'wss://a/b'],
    ['ftp://a/b', 'ftp://a/b', 'ftp://a/b'],
    ['not a url', 'not a url', 'not a url'],
  ])('withScheme(%s)', (url, http, ws) => {
    expect(withScheme(url, 'http')).toBe(http);
    expect(withScheme(url, 'ws')).toBe(ws);
  });
});
