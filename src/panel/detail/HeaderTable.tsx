import type { HeaderList } from '../../core/headers.js';
import type { Finding } from '../../core/model.js';
import { LongText, MarkedText } from '../shared/VisibleText.js';

/**
 * A header table; rows whose header a finding names are marked with the finding's rule ids.
 * Names and values come from a server or a file: shown as text, hidden characters marked, long values cut.
 */
export function HeaderTable({ title, headers, findings, testid }: { title: string; headers: HeaderList; findings: readonly Finding[]; testid: string }) {
  const rulesByHeader = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.header) continue;
    const name = f.header.toLowerCase();
    const rules = rulesByHeader.get(name) ?? [];
    if (!rules.includes(f.rule)) rules.push(f.rule);
    rulesByHeader.set(name, rules);
  }
  return (
    <table class="headers" data-testid={testid}>
      <caption>{title}</caption>
      <tbody>
        {headers.fields.map((field, i) => {
          const rules = rulesByHeader.get(field.name.toLowerCase());
          return (
            <tr key={i} class={rules ? 'offending' : undefined} data-offending={rules ? rules.join(' ') : undefined}>
              <th scope="row">
                <MarkedText text={field.name} />
              </th>
              <td>
                <span class="header-value" data-testid="header-value">
                  <LongText text={field.value} />
                </span>
                {rules && (
                  <span class="offending-mark" title={`Flagged by ${rules.join(', ')}`}>
                    <span aria-hidden="true">⚠</span> {rules.join(' ')}
                  </span>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
