/** Usage text and the error that turns into "one line on stderr, exit 2". */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** probe's options, the one list both `--help` texts show. */
const PROBE_OPTION_LINES = [
  '[--format F | --json] [--show-secrets] [--protocol P]... [--origin O] [--header "Name: value"]...',
  '[--key KEY] [--insecure] [--ca FILE] [--timeout MS] [--no-deflate] [--http2]',
  '[--stay] [--stay-ms MS] [--send TEXT]... [--idle-timeout [C=]S]...',
  '[--fail-on fail|warn|never] URL',
];

/** `<prefix>ws-handshake probe` and its options, continuation lines aligned under the first option. */
export function probeSynopsis(prefix: string): string {
  const head = `${prefix}ws-handshake probe `;
  return PROBE_OPTION_LINES.map((line, i) => `${i === 0 ? head : ' '.repeat(head.length)}${line}`).join('\n');
}

export const USAGE = `WebSocket Handshake Inspector: explains why a WebSocket opening handshake failed.

Usage:
  ws-handshake lint [--format F | --json] [--show-secrets] [--fail-on fail|warn|never] FILE...
      Judge the handshakes in HAR files or raw handshake text (- reads stdin); for Chrome
      HARs also how each WebSocket lived and ended after the 101. Credentials (cookies,
      Authorization, tokens in URLs) are masked in the output unless --show-secrets.
      --idle-timeout [C=]S (repeatable): an idle timeout of S seconds is configured on the
      path (C: nginx, haproxy, aws-alb, ...): an end after that much silence is named after it.
${probeSynopsis('  ')}
      Open a handshake with a live server and judge the raw response (ws-handshake probe --help).
  ws-handshake accept KEY
      Print the Sec-WebSocket-Accept value for KEY.
  ws-handshake --help | --version

Output (--format F): human (default), json (= --json), github (GitHub Actions annotations),
sarif (SARIF 2.1.0, for code scanning), junit (JUnit XML, for CI test reports).

Exit status: 0 no handshake reaches --fail-on (default fail); 1 one does;
2 an input could not be read or parsed, or a usage error.
Colour on a terminal only; NO_COLOR turns it off, FORCE_COLOR on.
`;
