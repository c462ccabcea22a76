import type { Report } from '../../core/model.js';
import { CopyButton } from '../shared/CopyButton.js';
import { curlCommand, probeCommand, replayInputOf } from './replay.js';

/** The same handshake, replayed from a terminal with the same key, to see the server's real answer. */
export function ReplayCommands({ report }: { report: Report }) {
  // A request that was never sent (wss:// to a plain port) is still worth replaying: the probe says why it failed.
  if ((!report.handshake.request && report.handshake.requestSent !== false) || report.url === '') return null;
  const input = replayInputOf(report);
  const curl = curlCommand(input);
  const probe = probeCommand(input);
  return (
    <section class="replay" data-testid="replay">
      <h3>Replay it</h3>
      <p class="hint">
        {report.key !== null
          ? 'Both commands send the same Sec-WebSocket-Key, so the server should answer with the expected accept below.'
          : report.transport === 'h2'
            ? 'This handshake went over HTTP/2 (no Sec-WebSocket-Key): the probe replays it over HTTP/2 too (--http2); curl goes over HTTP/1.1 and needs a key of its own.'
            : 'This handshake had no Sec-WebSocket-Key: the replay goes over HTTP/1.1 and needs a key of its own.'}
      </p>
      <div class="command">
        <div class="command-head">
          <span>curl</span>
          <CopyButton text={curl} title="Copy the curl command" />
        </div>
        <pre data-testid="curl-command">{curl}</pre>
      </div>
      <div class="command">
        <div class="command-head">
          <span>ws-handshake probe</span>
          <CopyButton text={probe} title="Copy the ws-handshake probe command" />
        </div>
        <pre data-testid="probe-command">{probe}</pre>
      </div>
      {report.expectedAccept !== null && (
        <p class="compare">
          Compare the answer's Sec-WebSocket-Accept with <code data-testid="replay-expected-accept">{report.expectedAccept}</code>{' '}
          <CopyButton text={report.expectedAccept} title="Copy the expected accept" />
        </p>
      )}
    </section>
  );
}
