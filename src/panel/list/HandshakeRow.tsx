import { VERDICT_LABEL, durationText, clockText, nameParts, negotiatedText, pendingText, statusLabel } from '../shared/format.js';
import { useNow } from '../shared/now.js';
import { ConnectionMarker, connectionState } from './ConnectionMarker.js';
import type { Row } from '../store/store.js';

interface Props {
  readonly row: Row;
  readonly selected: boolean;
  readonly top: number;
  readonly index: number;
  readonly onSelect: (id: number) => void;
}

const PENDING_LABEL = { icon: '…', word: 'Pending' } as const;

/** One handshake in the list; its data-* attributes are the automation contract (SPEC.md). */
export function HandshakeRow({ row, selected, top, index, onSelect }: Props) {
  const { report, pending } = row;
  const now = useNow(pending);
  const label = pending ? PENDING_LABEL : VERDICT_LABEL[report.verdict];
  const rules = report.findings.map((f) => f.rule).join(' ');
  const negotiated = negotiatedText(report);
  const started = clockText(report.handshake.startedAt);
  const status = statusLabel(report, pending);
  const { name, host } = nameParts(report.url);
  const code = /^\d+$/.test(status.text) ? Number(status.text) : 0;
  return (
    <div
      class={`row verdict-${pending ? 'pending' : report.verdict}${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      id={`row-${row.id}`}
      data-testid="handshake-row"
      data-url={report.url}
      data-verdict={report.verdict}
      data-rules={rules}
      data-status={code}
      data-pending={pending ? 'true' : undefined}
      data-connection={connectionState(report)}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(row.id)}
    >
      <span class="cell verdict" role="gridcell" title={report.summary}>
        <span class="icon" aria-hidden="true">{label.icon}</span>
        <span class="word">{label.word}</span>
      </span>
      <span class="cell name" role="gridcell" title={report.url}>
        <span class="name-text">{name}</span>
        {host && <span class="name-host">{host}</span>}
        <ConnectionMarker report={report} />
        {typeof row.origin === 'object' && <span class="origin-tag" title={`Imported from ${row.origin.file}`}>{row.origin.file}</span>}
      </span>
      <span class="cell status" role="gridcell" title={status.toldBy ? `${status.toldBy}'s reason names this status: ${report.browserError ?? ''} (${status.toldBy} hides the response itself)` : (report.browserError ?? undefined)}>
        {status.text}
        {status.toldBy && (
          <span class="told-by" aria-label={`told by ${status.toldBy}`}>
            <span class="told-long"> ({status.toldBy})</span>
            <span class="told-short" aria-hidden="true">*</span>
          </span>
        )}
      </span>
      <span class="cell transport" role="gridcell">{report.transport}</span>
      <span class="cell negotiated" role="gridcell" title={negotiated}>{negotiated}</span>
      <span class="cell time" role="gridcell" title={started ? `Started ${started}` : undefined}>
        {pending ? pendingText(report.handshake.startedAt, now) : durationText(report.handshake.durationMs) || started}
      </span>
    </div>
  );
}
