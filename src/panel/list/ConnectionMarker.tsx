/**
 * The list's marker for a socket that opened and then died early (an end with a
 * warn or fail connection finding, within its first minutes): an icon and the
 * time it lived, the connection's summary on hover. The row's own verdict is the
 * handshake's and stays as it is.
 */
import { durationText } from '../../core/connection/format.js';
import type { Report } from '../../core/model.js';
import './connection-marker.css';

/** The row's `data-connection`: `died` (ended badly, early), `ended`, `open`, `unknown`; undefined when nothing was seen after a 101. */
export function connectionState(report: Report): 'died' | 'ended' | 'open' | 'unknown' | undefined {
  const connection = report.connection;
  if (!connection) return undefined;
  return connection.diedEarly ? 'died' : connection.state;
}

export function ConnectionMarker({ report }: { report: Report }) {
  const connection = report.connection;
  if (!connection?.diedEarly) return null;
  const lived = connection.openForMs === null ? '' : ` after ${durationText(connection.openForMs)}`;
  return (
    <span
      class={`connection-marker severity-${connection.verdict}`}
      data-testid="connection-marker"
      data-rules={connection.findings.map((f) => f.rule).join(' ')}
      title={`Connection: ${connection.summary}`}
    >
      <span aria-hidden="true">↯</span><span class="marker-word"> died{lived}</span>
    </span>
  );
}
