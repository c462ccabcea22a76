import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WEBSOCKET_GUID } from '../../../src/core/accept.js';
import { explainWrongAccept } from '../../../src/core/accept-diagnosis.js';
import { expectLinear } from '../linear.js';
import { SAMPLE_ACCEPT, SAMPLE_KEY } from './build.js';

const sha1 = (data: string | Buffer): Buffer => createHash('sha1').update(data).digest();

describe('explainWrongAccept recognises each server bug', () => {
  const key = SAMPLE_KEY;
  const cases: Array<{ bug: string; actual: string; says: RegExp }> = [
    { bug: 'hashed the base64-decoded key', actual: sha1(Buffer.concat([Buffer.from(key, 'base64'), Buffer.from(WEBSOCKET_GUID)])).toString('base64'), says: /base64-decoded key/ },
    { bug: 'hex digest instead of base64', actual: sha1(key + WEBSOCKET_GUID).toString('hex'), says: /hex/ },
    { bug: 'upper-case hex digest', actual: sha1(key + WEBSOCKET_GUID).toString('hex').toUpperCase(), says: /hex/ },
    { bug: 'lower-case GUID', actual: sha1(key + WEBSOCKET_GUID.toLowerCase()).toString('base64'), says: /lower case/ },
    { bug: 'echoed the key', actual: key, says: /echoed/ },
    { bug: 'dropped the padding', actual: SAMPLE_ACCEPT.replace(/=+$/, ''), says: /padding/ },
    { bug: 'no GUID appended', actual: sha1(key).toString('base64'), says: /without appending the GUID/ },
    { bug: 'GUID before the key', actual: sha1(WEBSOCKET_GUID + key).toString('base64'), says: /before the key/ },
    { bug: 'SHA-256 instead of SHA-1', actual: createHash('sha256').update(key + WEBSOCKET_GUID).digest('base64'), says: /SHA-256/ },
    { bug: 'URL-safe base64', actual: SAMPLE_ACCEPT.replace(/\+/g, '-').replace(/\//g, '_'), says: /URL-safe/ },
    { bug: 'a mistyped GUID', actual: sha1(key + WEBSOCKET_GUID.replace('C5AB', 'C5AC')).toString('base64'), says: /SHA-1 digest of something else/ },
    { bug: 'an empty accept', actual: '', says: /empty/ },
  ];

  it('the URL-safe case really differs from the right value', () => {
    // The sample accept contains "+", so its URL-safe spelling is a different string.
    expect(cases.find((c) => c.bug === 'URL-safe base64')!.actual).not.toBe(SAMPLE_ACCEPT);
  });

  it.each(cases)('$bug', ({ actual, says }) => {
    expect(explainWrongAccept({ key, actual })).toMatch(says);
  });

  it('names nothing for an unrecognisable value', () => {
    expect(explainWrongAccept({ key, actual: 'garbage' })).toBeNull();
  });

});

describe('explainWrongAccept on hostile values', () => {
  it.each([
    ['base64 letters', (n: number) => 'A'.repeat(n)],
    ['padding runs', (n: number) => `${'='.repeat(n)}A`],
    ['URL-safe runs', (n: number) => '-_'.repeat(n / 2)],
  ])('is linear in the length of the value (%s)', (_name, make) => {
    expectLinear(make, (actual) => explainWrongAccept({ key: SAMPLE_KEY, actual }));
  });
});
