import type { Report } from '../../core/model.js';
import { RULES } from '../../core/rules.js';
import { ConnectionSection } from './ConnectionSection.js';
import { FindingCard } from './FindingCard.js';
import { HeaderTable } from './HeaderTable.js';
import { ReplayCommands } from './ReplayCommands.js';
import { CopyButton } from '../shared/CopyButton.js';
import { VERDICT_LABEL, clockText, durationText, statusText } from '../shared/format.js';
import { useStore } from '../store/context.js';
import type { Row } from '../store/store.js';
import './detail.css';

/** Chrome hid the response of a handshake it rejected; what we can still say. */
function HiddenResponseNote({ report }: { report: Report }) {
  const mapped = report.findings.find((f) => f.severity === 'fail');
  return (
    <section class="note hidden-response" data-testid="hidden-response-note">
      <p>
        <strong>Chrome does not show the server's response for a handshake it rejects.</strong> It gives only its reason; replay
        the handshake below to see the real answer.
      </p>
      <dl>
        <dt>Browser's reason</dt>
        <dd data-testid="browser-error">{report.browserError}</dd>
        {mapped && (
          <>
            <dt>Rule</dt>
            <dd>
              <code>{mapped.rule}</code> {RULES[mapped.rule]?.title}
            </dd>
          </>
        )}
        {report.expectedAccept !== null && (
          <>
            <dt>The server should have sent</dt>
            <dd>
              <code>Sec-WebSocket-Accept: {report.expectedAccept}</code>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function AcceptComparison({ report, responseHidden }: { report: Report; responseHidden: boolean }) {
  if (report.key === null && report.expectedAccept === null && report.actualAccept === null) {
    if (report.transport === 'h2' || report.transport === 'h3') {
      return <p class="accept-none">No Sec-WebSocket-Key or -Accept: over {report.transport} the handshake is an extended CONNECT.</p>;
    }
    return null;
  }
  const matches = report.expectedAccept !== null && report.actualAccept !== null && report.expectedAccept === report.actualAccept;
  const differs = report.expectedAccept !== null && report.actualAccept !== null && !matches;
  const actual = report.actualAccept ?? (responseHidden ? 'hidden by the browser' : report.handshake.response ? 'not sent' : 'no response');
  return (
    <section class="accept" data-testid="accept">
      <h3>Sec-WebSocket-Accept</h3>
      <dl class={`accept-grid${differs ? ' differs' : ''}${matches ? ' matches' : ''}`}>
        <dt>Key sent</dt>
        <dd>
          <code data-testid="key">{report.key ?? 'none'}</code>
        </dd>
        <dt>Expected</dt>
        <dd>
          <code data-testid="expected-accept">{report.expectedAccept ?? '(the key is malformed: no accept can match)'}</code>
          {report.expectedAccept !== null && <CopyButton text={report.expectedAccept} />}
        </dd>
        <dt>Actual</dt>
        <dd>
          <code data-testid="actual-accept" class={report.actualAccept === null ? 'missing' : undefined}>
            {actual}
          </code>
          {matches && <span class="match-mark"> ✓ matches</span>}
          {differs && <span class="mismatch-mark"> ✕ differs</span>}
        </dd>
      </dl>
    </section>
  );
}

export function HandshakeDetail({ row }: { row: Row }) {
  const store = useStore();
  const report = row.report;
  const handshake = report.handshake;
  const responseHidden = handshake.response === null && report.browserError !== null;
  const label = row.pending ? { icon: '…', word: 'Pending' } : VERDICT_LABEL[report.verdict];
  const requestFindings = report.findings.filter((f) => f.side === 'request');
  const responseFindings = report.findings.filter((f) => f.side === 'response');
  return (
    <aside class="detail" data-testid="handshake-detail" data-url={report.url} aria-label="Handshake details">
      <header class="detail-head">
        <span class={`badge verdict-${row.pending ? 'pending' : report.verdict}`}>
          <span class="icon" aria-hidden="true">{label.icon}</span> {label.word}
        </span>
        <span class="detail-url" title={report.url}>
          {report.url}
        </span>
        <CopyButton text={report.url} label="Copy URL" />
        <button type="button" class="close" title="Close (Esc)" aria-label="Close details" onClick={() => store.select(null)}>
          ×
        </button>
      </header>
      <div class="detail-body">
        <p class={`summary verdict-${report.verdict}`} data-testid="summary">
          {row.pending ? 'Waiting for the server to answer the handshake.' : report.summary}
        </p>
        <p class="facts">
          <span>Status {statusText(report, row.pending)}</span>
          <span>{report.transport}</span>
          {handshake.startedAt && <span>Started {clockText(handshake.startedAt)}</span>}
          {durationText(handshake.durationMs) && <span>took {durationText(handshake.durationMs)}</span>}
          {typeof row.origin === 'object' && <span>Imported from {row.origin.file}</span>}
        </p>
        {responseHidden && <HiddenResponseNote report={report} />}
        <AcceptComparison report={report} responseHidden={responseHidden} />
        {report.findings.length > 0 && (
          <section class="findings">
            <h3>Findings ({report.findings.length})</h3>
            <ul>
              {report.findings.map((f, i) => (
                <FindingCard key={`${f.rule}-${i}`} finding={f} />
              ))}
            </ul>
          </section>
        )}
        {report.connection && <ConnectionSection connection={report.connection} />}
        {handshake.request && (
          <HeaderTable title="Request headers" headers={handshake.request.headers} findings={requestFindings} testid="request-headers" />
        )}
        {handshake.response ? (
          <HeaderTable
            title={`Response headers (${handshake.response.status} ${handshake.response.statusText})`}
            headers={handshake.response.headers}
            findings={responseFindings}
            testid="response-headers"
          />
        ) : (
          <p class="no-response">
            {responseHidden
              ? 'Response headers: hidden by the browser.'
              : row.pending
                ? 'Response: not yet.'
                : handshake.invalidStatusLine
                  ? `Response: not HTTP (${handshake.invalidStatusLine.slice(0, 120)}).`
                  : handshake.missingResponse === 'not-captured'
                    ? 'Response: not included in the imported text.'
                    : 'No response was received.'}
          </p>
        )}
        <ReplayCommands report={report} />
      </div>
    </aside>
  );
}
