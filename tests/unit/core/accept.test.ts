import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { computeAccept, computeAccepts, isWellFormedKey, WEBSOCKET_GUID } from '../../../src/core/accept.js';
import { decodeBase64 } from '../../../src/core/base64.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY, VALID_RESPONSE, withHeaders } from './build.js';
import { reportFor } from './rules-helper.js';

// Reference values computed with node:crypto, the way broken servers compute them.
const sha1 = (data: string | Buffer): Buffer => createHash('sha1').update(data).digest();
const reference = (key: string): string => sha1(key + WEBSOCKET_GUID).toString('base64');

describe('computeAccept', () => {
  it('gives the RFC 6455 §1.3 sample accept', async () => {
    expect(await computeAccept(SAMPLE_KEY)).toBe(SAMPLE_ACCEPT);
  });

  it('agrees with node:crypto on random keys', async () => {
    for (let i = 0; i < 20; i++) {
      const key = randomBytes(16).toString('base64');
      expect(await computeAccept(key)).toBe(reference(key));
    }
  });

  it('batching gives the same results as one by one', async () => {
    const keys = Array.from({ length: 2500 }, () => randomBytes(16).toString('base64'));
    keys.push(SAMPLE_KEY, SAMPLE_KEY); // duplicates hash once
    const batched = await computeAccepts(keys);
    expect(batched.size).toBe(new Set(keys).size);
    for (const key of keys.slice(0, 50).concat(SAMPLE_KEY)) expect(batched.get(key)).toBe(await computeAccept(key));
    for (const key of keys) expect(batched.get(key)).toBe(reference(key));
  });

  it('an empty batch is an empty map', async () => {
    expect((await computeAccepts([])).size).toBe(0);
  });
});

describe('isWellFormedKey and decodeBase64', () => {
  it.each([
    { key: SAMPLE_KEY, ok: true },
    { key: 'x3JJHMbDL1EzLkh9GBhXDw==', ok: true },
    { key: 'AAAAAAAAAAAAAAAAAAAA', ok: false }, // 15 bytes
    { key: randomBytes(17).toString('base64'), ok: false },
    { key: 'dGhlIHNhbXBsZSBub25jZQ', ok: false }, // padding dropped
    { key: 'dGhlIHNhbXBsZSBub25jZQ-=', ok: false }, // URL-safe alphabet
    { key: '', ok: false },
  ])('$key well formed: $ok', ({ key, ok }) => {
    expect(isWellFormedKey(key)).toBe(ok);
  });

  it('decodes like node', () => {
    const bytes = randomBytes(16);
    expect(Buffer.from(decodeBase64(bytes.toString('base64'))!)).toEqual(bytes);
    expect(decodeBase64('not base64!')).toBeNull();
  });
});

describe('wrong accepts through analyze', () => {
  it('the finding names the bug through analyze', async () => {
    const decodedKeyAccept = sha1(Buffer.concat([Buffer.from(SAMPLE_KEY, 'base64'), Buffer.from(WEBSOCKET_GUID)])).toString('base64');
    const report = await reportFor({ response: { status: 101, headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': decodedKeyAccept }) } });
    const mismatch = report.findings.find((f) => f.rule === 'accept-mismatch')!;
    expect(mismatch.message).toContain(decodedKeyAccept);
    expect(mismatch.message).toContain(SAMPLE_ACCEPT);
    expect(mismatch.message).toContain('base64-decoded key');
    expect(report.summary).toBe("The server's Sec-WebSocket-Accept is wrong: it hashed the base64-decoded key bytes instead of the key text.");
  });

  it('analyze computes accepts for a batch that agree with node:crypto', async () => {
    const { analyze } = await import('../../../src/core/analyze.js');
    const { handshake, VALID_REQUEST } = await import('./build.js');
    const keys = Array.from({ length: 300 }, () => randomBytes(16).toString('base64'));
    const reports = await analyze(keys.map((k) => handshake({ request: withHeaders(VALID_REQUEST, { 'Sec-WebSocket-Key': k }), response: { status: 101, headers: withHeaders(VALID_RESPONSE, { 'Sec-WebSocket-Accept': reference(k) }) } })));
    expect(reports.map((r) => r.expectedAccept)).toEqual(keys.map(reference));
    expect(reports.every((r) => r.verdict === 'pass')).toBe(true);
  });
});
