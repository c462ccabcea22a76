/** Usage text and the error that turns into "one line on stderr, exit 2". */

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const USAGE = `WebSocket Handshake Inspector: explains why a WebSocket opening handshake failed.

Usage:
  ws-handshake lint [--json] [--fail-on fail|warn|never] FILE...
      Judge the handshakes in HAR files or raw handshake text (- reads stdin).
  ws-handshake probe [--json] [--protocol P]... [--origin O] [--header "Name: value"]...
                     [--key KEY] [--insecure] [--ca FILE] [--timeout MS] URL
      Open a handshake with a live server and judge the raw response.
  ws-handshake accept KEY
      Print the Sec-WebSocket-Accept value for KEY.
  ws-handshake --help | --version

Exit status: 0 no handshake reaches --fail-on (default fail); 1 one does;
2 an input could not be read or parsed, or a usage error.
Colour on a terminal only; NO_COLOR turns it off, FORCE_COLOR on.
`;
