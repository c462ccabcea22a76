/**
 * The detail of the selected handshake, in the order a developer reads it: what
 * went wrong (one sentence), the facts (status, transport, timing), what the
 * browser hid, the accept check when the server switched protocols, the findings
 * with their fixes, the headers, and commands that replay the same handshake.
 */
import { mapBrowserReason } from '../../core/checks/browser-reasons.js';
import type { Report } from '../../core/model.js';
import { RULES } from '../../core/rules.js';
import { reasonJudgesSwitch } from '../../core/status.js';
import { CopyButton } from '../shared/CopyButton.js';
import { LongText, MarkedText } from '../shared/VisibleText.js';
import { cutText, visibleText } from '../shared/visible-text.js';
import { VERDICT_LABEL, browserName, clockText, durationText, pendingText, statusLabel } from '../shared/format.js';
import { useNow } from '../shared/now.js';
import { useStore } from '../store/context.js';
import type { Row } from '../store/store.js';
import { ConnectionSection } from './ConnectionSection.js';
import { FindingCard } from './FindingCard.js';
import { HeaderTable } from './HeaderTable.js';
import { ReplayCommands } from './ReplayCommands.js';
import './detail.css';

/** Whether the server switched protocols (a 101, or a browser's verdict on one): only then is the accept worth showing. */
function reachedSwitch(report: Report): boolean {
  const response = report.handshake.response;
  return response ? response.status === 101 : reasonJudgesSwitch(report.browserError);
}

/** The browser hid the response of a handshake it refused; what it said instead. */
function HiddenResponseNote({ report }: { report: Report }) {
  const browser = browserName(report);
  const mapped = mapBrowserReason(report.browserError ?? '');
  return (
    <section class="note hidden-response" data-testid="hidden-response-note">
      <p>
        <strong>{browser} does not show the server's response for a handshake it refuses.</strong> It gives only its reason;
        replay the handshake (below) to see the real answer.
      </p>
      <dl>
        <dt>{browser}'s reason</dt>
        <dd data-testid="browser-error">
          <LongText text={report.browserError ?? ''} />
        </dd>
        <dt>Rule</dt>
        <dd>
          <code>{mapped.rule}</code> {RULES[mapped.rule]?.title}
        </dd>
      </dl>
    </section>
  );
}

function AcceptComparison({ row, responseHidden }: { row: Row; responseHidden: boolean }) {
  const report = row.report;
  const matches = report.expectedAccept !== null && report.actualAccept !== null && report.expectedAccept === report.actualAccept;
  const differs = report.expectedAccept !== null && report.actualAccept !== null && !matches;
  const actual = report.actualAccept ?? (row.pending ? 'not yet (waiting for the answer)' : responseHidden ? 'hidden by the browser' : 'not sent');
  return (
    <section class="accept" data-testid="accept">
      <h2>Sec-WebSocket-Accept</h2>
      <dl class={`accept-grid${differs ? ' differs' : ''}${matches ? ' matches' : ''}`}>
        <dt>Key sent</dt>
        <dd>
          <code data-testid="key">{report.key ?? 'none'}</code>
        </dd>
        <dt>Expected</dt>
        <dd>
          <code class="expected" data-testid="expected-accept">{report.expectedAccept ?? '(the key is malformed: no accept can match)'}</code>
          {report.expectedAccept !== null && <CopyButton text={report.expectedAccept} title="Copy the accept the server should send" />}
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

/** The facts under the sentence; they stack in a narrow dock. */
function Facts({ row }: { row: Row }) {
  const { report, pending } = row;
  const handshake = report.handshake;
  const now = useNow(pending);
  const status = statusLabel(report, pending);
  return (
    <dl class="facts" data-testid="facts">
      <div>
        <dt>Status</dt>
        <dd data-testid="status">
          {status.text}
          {status.toldBy && <span class="told-by"> ({status.toldBy}'s reason says so; the response itself is hidden)</span>}
          {handshake.response?.statusText ? ' ' : ''}
          {handshake.response?.statusText ? <LongText text={handshake.response.statusText} limit={200} /> : null}
        </dd>
      </div>
      <div>
        <dt>Transport</dt>
        <dd>{report.transport}</dd>
      </div>
      {handshake.startedAt && (
        <div>
          <dt>Started</dt>
          <dd>{clockText(handshake.startedAt)}</dd>
        </div>
      )}
      {pending ? (
        <div>
          <dt>Waiting</dt>
          <dd>{pendingText(handshake.startedAt, now).replace(/^pending /, '')}</dd>
        </div>
      ) : (
        durationText(handshake.durationMs) && (
          <div>
            <dt>Took</dt>
            <dd>{durationText(handshake.durationMs)}</dd>
          </div>
        )
      )}
      {typeof row.origin === 'object' && (
        <div>
          <dt>Imported from</dt>
          <dd>{row.origin.file}</dd>
        </div>
      )}
    </dl>
  );
}

function NoResponseLine({ row, responseHidden }: { row: Row; responseHidden: boolean }) {
  const handshake = row.report.handshake;
  const text = responseHidden
    ? 'Response headers: hidden by the browser.'
    : row.pending
      ? 'Response: not yet.'
      : handshake.invalidStatusLine
        ? `Response: not HTTP (${handshake.invalidStatusLine.slice(0, 120)}).`
        : handshake.missingResponse === 'not-captured'
          ? 'Response: not included in the imported text.'
          : 'No response was received.';
  return <p class="no-response">{text}</p>;
}

export function HandshakeDetail({ row }: { row: Row }) {
  const store = useStore();
  const report = row.report;
  const handshake = report.handshake;
  const responseHidden = handshake.response === null && report.browserError !== null;
  const label = row.pending ? { icon: '…', word: 'Pending' } : VERDICT_LABEL[report.verdict];
  const extendedConnect = report.transport === 'h2' || report.transport === 'h3';
  const showAccept = !extendedConnect && report.key !== null && (row.pending || reachedSwitch(report));
  const requestFindings = report.findings.filter((f) => f.side === 'request');
  const responseFindings = report.findings.filter((f) => f.side === 'response');
  const onKeyDown = (event: KeyboardEvent): void => {
    // Esc closes the detail here, and DevTools must not also see it (its Esc opens the console drawer).
    if (event.key !== 'Escape' || (event.target as HTMLElement | null)?.closest('dialog')) return;
    event.preventDefault();
    event.stopPropagation();
    store.select(null);
    document.querySelector<HTMLElement>('[data-testid="handshake-list"]')?.focus();
  };
  return (
    <aside class="detail" data-testid="handshake-detail" data-url={report.url} aria-label="Handshake details" onKeyDown={onKeyDown}>
      <header class="detail-head">
        <span class={`badge verdict-${row.pending ? 'pending' : report.verdict}`}>
          <span class="icon" aria-hidden="true">{label.icon}</span> {label.word}
        </span>
        <span class="detail-url" title={visibleText(report.url)}>
          <MarkedText text={report.url} />
        </span>
        <CopyButton text={report.url} label="Copy URL" />
        <button type="button" class="close" title="Close (Esc)" aria-label="Close details" onClick={() => store.select(null)}>
          ×
        </button>
      </header>
      {/* Focusable, so the keyboard scrolls it (arrows, PgUp/PgDn, Space) like the wheel does. */}
      <div class="detail-body" tabIndex={0} data-testid="detail-body" aria-label="Handshake details, scrollable">
        <p class={`summary verdict-${row.pending ? 'pending' : report.verdict}`} data-testid="summary">
          {row.pending ? 'Waiting for the server to answer the handshake.' : <LongText text={report.summary} />}
        </p>
        <Facts row={row} />
        {responseHidden && <HiddenResponseNote report={report} />}
        {showAccept && <AcceptComparison row={row} responseHidden={responseHidden} />}
        {extendedConnect && <p class="accept-none">No Sec-WebSocket-Key or -Accept: over {report.transport} the handshake is an extended CONNECT (RFC {report.transport === 'h3' ? '9220' : '8441'}).</p>}
        {report.findings.length > 0 && (
          <section class="findings">
            <h2>Findings ({report.findings.length})</h2>
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
            title={`Response headers (${handshake.response.status} ${visibleText(cutText(handshake.response.statusText, 200).shown)}${handshake.response.statusText.length > 200 ? '…' : ''})`}
            headers={handshake.response.headers}
            findings={responseFindings}
            testid="response-headers"
          />
        ) : (
          <NoResponseLine row={row} responseHidden={responseHidden} />
        )}
        <ReplayCommands report={report} />
      </div>
    </aside>
  );
}
