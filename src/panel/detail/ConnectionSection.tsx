/**
 * After the 101: how the socket lived and ended (one sentence, the facts, a
 * timeline open → first and last messages → errors → end) and the patterns found,
 * with their own severity: they never change the handshake's verdict above.
 * Firefox records nothing after the 101, and the section says so.
 */
import { bytesText, durationText, offsetText } from '../../core/connection/format.js';
import type { ConnectionReport, TimelineEvent } from '../../core/model.js';
import { CodeText } from '../shared/CodeText.js';
import { VERDICT_LABEL } from '../shared/format.js';
import { FindingCard } from './FindingCard.js';
import './connection.css';

const MARK: Record<TimelineEvent['kind'], { readonly icon: string; readonly label: string }> = {
  open: { icon: '●', label: 'opened' },
  sent: { icon: '↑', label: 'sent' },
  received: { icon: '↓', label: 'received' },
  gap: { icon: '⋮', label: 'more' },
  error: { icon: '✕', label: 'error' },
  end: { icon: '■', label: 'ended' },
};

const CLOSED_BY: Record<NonNullable<ConnectionReport['closedBy']>, string> = {
  server: 'the server (close frame)',
  client: 'the client (close frame)',
  nobody: 'nobody: no close frame (1006)',
  unknown: 'not recorded (Chrome keeps no close frames)',
};

function Facts({ connection: c }: { connection: ConnectionReport }) {
  const ms = (value: number | null): string => (value === null ? '–' : durationText(value));
  return (
    <dl class="connection-facts">
      {c.closedBy && (
        <>
          <dt>Closed by</dt>
          <dd data-testid="connection-closed-by">{CLOSED_BY[c.closedBy]}</dd>
        </>
      )}
      {c.closedBy !== 'unknown' && c.state === 'ended' && (
        <>
          <dt>Code</dt>
          <dd data-testid="connection-code">
            {c.code === null ? 'none' : `${c.code} ${c.codeMeaning ?? ''}`}
            {c.reason ? ` “${c.reason}”` : ''}
          </dd>
        </>
      )}
      <dt>Open for</dt>
      <dd>{c.state === 'open' ? 'still open' : ms(c.openForMs)}</dd>
      <dt>{c.seen === 'frames' ? 'Last frame' : 'Last message'}</dt>
      <dd>
        received {c.sinceLastReceivedMs === null ? '–' : `${ms(c.sinceLastReceivedMs)} before the end`}; sent{' '}
        {c.sinceLastSentMs === null ? '–' : `${ms(c.sinceLastSentMs)} before the end`}
      </dd>
      <dt>Messages</dt>
      <dd>
        ↓ {c.received.count} ({bytesText(c.received.bytes)}), ↑ {c.sent.count} ({bytesText(c.sent.bytes)})
      </dd>
    </dl>
  );
}

export function ConnectionSection({ connection }: { connection: ConnectionReport }) {
  const label = VERDICT_LABEL[connection.verdict];
  const rules = connection.findings.map((f) => f.rule).join(' ');
  return (
    <section
      class="connection"
      data-testid="connection"
      data-state={connection.state}
      data-verdict={connection.verdict}
      data-rules={rules}
      data-died-early={connection.diedEarly ? 'true' : undefined}
      aria-label="Connection after the handshake"
    >
      <h3>
        Connection{' '}
        {connection.state !== 'unknown' || connection.findings.length > 0 ? (
          <span class={`badge verdict-${connection.verdict}`}>
            <span class="icon" aria-hidden="true">{label.icon}</span> {label.word}
          </span>
        ) : null}
        <span class="connection-apart"> judged apart from the handshake</span>
      </h3>
      <p class="connection-summary" data-testid="connection-summary">
        <CodeText text={connection.summary} />
      </p>
      {connection.seen !== 'nothing' && (
        <>
          <Facts connection={connection} />
          <ol class="timeline" data-testid="connection-timeline">
            {connection.timeline.map((event, i) => (
              <li key={i} class={`timeline-${event.kind}`} data-kind={event.kind}>
                <span class="timeline-at">{offsetText(event.atMs)}</span>
                <span class="timeline-mark" aria-label={MARK[event.kind].label}>{MARK[event.kind].icon}</span>
                <span class="timeline-text">{event.text}</span>
              </li>
            ))}
          </ol>
        </>
      )}
      {connection.findings.length > 0 && (
        <ul class="connection-findings findings">
          {connection.findings.map((f, i) => (
            <FindingCard key={`${f.rule}-${i}`} finding={f} testid="connection-finding" />
          ))}
        </ul>
      )}
    </section>
  );
}
