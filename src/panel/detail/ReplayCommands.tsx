import type { Report } from '../../core/model.js';
import { CopyButton } from '../shared/CopyButton.js';
import { curlCommand, probeCommand, replayInputOf } from '../../core/replay.js';

/** What a replay can show for this handshake: the same key over HTTP/1.1, or (h2/h3) another route to the same endpoint. */
function ReplayHint({ report }: { report: Report }) {
  if (report.transport === 'h2' || report.transport === 'h3') {
    const version = report.transport === 'h3' ? 'HTTP/3' : 'HTTP/2';
    return (
      <p class="hint" data-testid="replay-hint">
        The browser used {version} extended CONNECT, which has no key.{' '}
        {report.transport === 'h2' ? 'The probe replays it the same way (--http2). ' : ''}curl goes over HTTP/1.1 with a key of its own:
        it shows whether the endpoint accepts WebSockets over HTTP/1.1 (status, headers, accept), not what the {version} stream
        answered. A 101 there and a failure in the browser point at the {version} route (a proxy or server without extended CONNECT
        support).
      </p>
    );
  }
  return (
    <p class="hint" data-testid="replay-hint">
      Both commands send the same Sec-WebSocket-Key the browser sent, so the answer's Sec-WebSocket-Accept can be compared with the
      expected one above; the probe also judges the answer.
    </p>
  );
}

/** The same handshake, replayed from a terminal, to see the server's real answer. */
export function ReplayCommands({ report }: { report: Report }) {
  // A request that was never sent (wss:// to a plain port) is still worth replaying: the probe says why it failed.
  if ((!report.handshake.request && report.handshake.requestSent !== false) || report.url === '') return null;
  const input = replayInputOf(report);
  const curl = curlCommand(input);
  const probe = probeCommand(input);
  return (
    <section class="replay" data-testid="replay">
      <h2>Replay it</h2>
      <ReplayHint report={report} />
      <div class="command">
        <div class="command-head">
          <span>ws-handshake probe</span>
          <CopyButton text={probe} title="Copy the ws-handshake probe command" />
        </div>
        <pre data-testid="probe-command">{probe}</pre>
      </div>
      <div class="command">
        <div class="command-head">
          <span>curl</span>
          <CopyButton text={curl} title="Copy the curl command" />
        </div>
        <pre data-testid="curl-command">{curl}</pre>
      </div>
    </section>
  );
}
