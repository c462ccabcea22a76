// The status column says why there is no status: pending, not HTTP, not in the pasted text, failed, or none.
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../../src/core/analyze.js';
import { statusText } from '../../../../src/panel/shared/format.js';
import { parseRawHandshake } from '../../../../src/sources/raw.js';

const REQUEST = 'GET /chat HTTP/1.1\r\nHost: example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

async function reportOf(text: string) {
  const result = parseRawHandshake(text, 'paste');
  if (!result.ok) throw new Error(result.error);
  return analyzeOne(result.handshake);
}

describe('statusText', () => {
  it('says a pasted request came without a response, rather than that none was received', async () => {
    expect(statusText(await reportOf(REQUEST), false)).toBe('(not given)');
  });

  it('says a status line was not HTTP', async () => {
    expect(statusText(await reportOf(`${REQUEST}HTTP/1.1 4 Switching Protocols\r\n\r\n`), false)).toBe('(not HTTP)');
  });

  it('pending wins while the handshake is in flight; a status is shown as is', async () => {
    expect(statusText(await reportOf(REQUEST), true)).toBe('(pending)');
    expect(statusText(await reportOf(`${REQUEST}HTTP/1.1 404 Not Found\r\n\r\n`), false)).toBe('404');
  });
});
