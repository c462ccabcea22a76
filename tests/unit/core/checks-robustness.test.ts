import { describe, expect, it } from 'vitest';
import { browserReasonChecks } from '../../../src/core/checks/browser-reasons.js';
import type { HandshakeContext } from '../../../src/core/context.js';
import { HeaderList } from '../../../src/core/headers.js';
import type { Handshake } from '../../../src/core/model.js';
import { requestChecks } from '../../../src/core/checks/request.js';
import { responseChecks } from '../../../src/core/checks/response.js';
import { summarize } from '../../../src/core/summary.js';
import { splitUrl } from '../../../src/core/url.js';
import { transportChecks } from '../../../src/core/checks/transport.js';

const huge = 'x'.repeat(200_000);
const odd = ['', ' ', ',', ',,,', '\u0000', '"', huge, 'websocket,,', '  Upgrade  ', '=', '€'];

function contexts(): HandshakeContext[] {
  const out: HandshakeContext[] = [];
  for (const value of odd) {
    const headers = HeaderList.fromPairs(
      ['Host', 'Upgrade', 'Connection', 'Sec-WebSocket-Key', 'Sec-WebSocket-Version', 'Sec-WebSocket-Accept', 'Location', 'Origin'].map((n) => [n, value] as const),
    );
    for (const status of [0, 101, 200, 302, 426, 503, 999, -1, Number.NaN]) {
      for (const extendedConnect of [false, true]) {
        const handshake: Handshake = {
          source: 'robustness',
          url: value,
          transport: extendedConnect ? 'h2' : 'http/1.1',
          request: { method: value, httpVersion: value, headers },
          response: { status, statusText: value, httpVersion: value, headers },
          browserError: value,
        };
        out.push({
          handshake,
          transport: handshake.transport,
          extendedConnect,
          successStatus: extendedConnect ? 200 : 101,
          accepted: status === (extendedConnect ? 200 : 101),
          request: handshake.request,
          response: handshake.response,
          key: value,
          expectedAccept: value === '' ? null : value,
          actualAccept: value,
          acceptDiagnosis: value,
          offeredProtocols: null,
          offeredExtensions: null,
          targetUrl: splitUrl(value),
          stack: null,
          diagnosis: null,
        });
      }
    }
  }
  return out;
}

describe('checks never throw', () => {
  const checks = [...requestChecks, ...responseChecks, ...transportChecks, ...browserReasonChecks];
  it('on odd, empty and huge header values, statuses and reasons', () => {
    let count = 0;
    for (const context of contexts()) {
      for (const check of checks) {
        const findings = check(context);
        expect(Array.isArray(findings)).toBe(true);
        count += findings.length;
        expect(() => summarize(context, findings, findings.length ? 'fail' : 'pass')).not.toThrow();
      }
    }
    expect(count).toBeGreaterThan(0);
  });
});
