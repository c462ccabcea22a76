import type { Finding } from '../../core/model.js';
import { RULES } from '../../core/rules.js';
import { CodeText } from '../shared/CodeText.js';
import { SEVERITY_LABEL } from '../shared/format.js';

/** One finding: severity (icon + word), rule id, what was seen, the spec section (linked) and the fix. `testid`: `connection-finding` for the connection's. */
export function FindingCard({ finding, testid = 'finding' }: { finding: Finding; testid?: string }) {
  const rule = RULES[finding.rule];
  const label = SEVERITY_LABEL[finding.severity];
  return (
    <li class={`finding severity-${finding.severity}`} data-testid={testid} data-rule={finding.rule} data-severity={finding.severity}>
      <div class="finding-head">
        <span class="badge">
          <span class="icon" aria-hidden="true">{label.icon}</span> {label.word}
        </span>
        <span class="finding-title">{finding.title ?? rule?.title ?? finding.rule}</span>
        <code class="rule-id">{finding.rule}</code>
      </div>
      <p class="finding-message">
        <CodeText text={finding.message} />
      </p>
      {finding.severity !== 'info' && (
        <div class="finding-fix">
          <strong>Fix: </strong>
          <CodeText text={finding.fix} />
        </div>
      )}
      <p class="finding-spec">
        {rule ? (
          <a href={finding.specUrl ?? rule.specUrl} target="_blank" rel="noreferrer noopener">
            {finding.spec}
          </a>
        ) : (
          finding.spec
        )}
        {finding.header && <span class="finding-header"> · header {finding.header}</span>}
      </p>
    </li>
  );
}
