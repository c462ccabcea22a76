import type { Row } from '../store/store.js';
import { VERDICT_LABEL, durationText, clockText, negotiatedText, statusText } from '../shared/format.js';

interface Props {
  readonly row: Row;
  readonly selected: boolean;
  readonly top: number;
  readonly index: number;
  readonly onSelect: (id: number) => void;
}

/** One handshake in the list; its data-* attributes are the automation contract (SPEC.md). */
export function HandshakeRow({ row, selected, top, index, onSelect }: Props) {
  const { report, pending } = row;
  const label = pending ? { icon: '…', word: 'Pending' } : VERDICT_LABEL[report.verdict];
  const rules = report.findings.map((f) => f.rule).join(' ');
  const negotiated = negotiatedText(report);
  const started = clockText(report.handshake.startedAt);
  return (
    <div
      class={`row verdict-${pending ? 'pending' : report.verdict}${selected ? ' selected' : ''}${index % 2 ? ' odd' : ''}`}
      role="option"
      aria-selected={selected}
      id={`row-${row.id}`}
      data-testid="handshake-row"
      data-url={report.url}
      data-verdict={report.verdict}
      data-rules={rules}
      data-pending={pending ? 'true' : undefined}
      style={{ transform: `translateY(${top}px)` }}
      onMouseDown={() => onSelect(row.id)}
    >
      <span class="cell verdict" title={report.summary}>
        <span class="icon" aria-hidden="true">{label.icon}</span>
        <span class="word">{label.word}</span>
      </span>
      <span class="cell url" title={report.url}>
        {report.url}
        {typeof row.origin === 'object' && <span class="origin-tag" title={`Imported from ${row.origin.file}`}>{row.origin.file}</span>}
      </span>
      <span class="cell status" title={report.browserError ?? undefined}>{statusText(report, pending)}</span>
      <span class="cell transport">{report.transport}</span>
      <span class="cell negotiated" title={negotiated}>{negotiated}</span>
      <span class="cell time" title={started ? `Started ${started}` : undefined}>
        {durationText(report.handshake.durationMs) || started}
      </span>
    </div>
  );
}
