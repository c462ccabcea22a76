// The CLI's text for a finding whose fix holds a list or a ```snippet```: each of its lines
// printed on its own, indented under the finding, control characters still escaped.
import { describe, expect, it } from 'vitest';
import { analyzeOne } from '../../../src/core/analyze.js';
import { formatReport } from '../../../src/cli/human.js';
import { handshake } from '../core/build.js';

describe('formatReport with multi-line fixes', () => {
  it('prints a config snippet line by line under the fix', async () => {
    const report = await analyzeOne(handshake({ response: { status: 426, statusText: 'Upgrade Required', headers: [['Server', 'nginx/1.22.1']], body: 'Upgrade Required' } }));
    const lines = formatReport(report, false);
    const fix = lines.findIndex((line) => line.includes('fix: Pass the upgrade on in the nginx'));
    expect(fix).toBeGreaterThan(0);
    expect(lines.slice(fix + 1, fix + 16)).toEqual(expect.arrayContaining(['             ```nginx', '                 proxy_set_header Upgrade $http_upgrade;']));
    expect(lines.join('\n')).not.toContain('\\n');
  });

  it('still escapes control characters inside a line', async () => {
    const report = await analyzeOne(handshake({ response: { status: 404, headers: [['Server', 'evil\u001b[31m']], body: 'x\u001b[2Jy' } }));
    const text = formatReport(report, false).join('\n');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\x1b');
  });

  it('escapes control characters in every server value of the heading line: the reason phrase too', async () => {
    // An OSC sequence in the reason phrase would set the terminal's title (or worse) when printed raw.
    const report = await analyzeOne(handshake({ response: { status: 101, statusText: 'Switching \u001b]0;pwned\u0007', headers: [['Upgrade', 'web\u001b[2Jsocket']] } }));
    const text = formatReport(report, false).join('\n');
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).toContain('101 Switching \\x1b]0;pwned\\x07');
  });
});
