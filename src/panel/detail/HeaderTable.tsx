import { useState } from 'preact/hooks';
import type { HeaderList } from '../../core/headers.js';
import type { Finding } from '../../core/model.js';
import { LongText, MarkedText } from '../shared/VisibleText.js';

/** Tables longer than this show their first rows and a button for the rest (a server can send thousands). */
export const SHOWN_HEADERS = 100;

/**
 * A header table; rows whose header a finding names are marked with the finding's rule ids.
 * Names and values come from a server or a file: shown as text, hidden characters marked, long values cut,
 * and past SHOWN_HEADERS rows the rest behind "Show all", so a 5,000-header answer opens at once.
 */
export function HeaderTable({ title, headers, findings, testid }: { title: string; headers: HeaderList; findings: readonly Finding[]; testid: string }) {
  const [expanded, setExpanded] = useState(false);
  const rulesByHeader = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.header) continue;
    const name = f.header.toLowerCase();
    const rules = rulesByHeader.get(name) ?? [];
    if (!rules.includes(f.rule)) rules.push(f.rule);
    rulesByHeader.set(name, rules);
  }
  const fields = headers.fields;
  // Beyond the cut, the rows a finding names are still shown: they are why the user looks.
  const shown = expanded || fields.length <= SHOWN_HEADERS ? fields.map((field, i) => ({ field, i })) : fields.flatMap((field, i) => (i < SHOWN_HEADERS || rulesByHeader.has(field.name.toLowerCase()) ? [{ field, i }] : []));
  const hidden = fields.length - shown.length;
  return (
    <table class="headers" data-testid={testid} data-count={fields.length}>
      <caption>{title}</caption>
      <tbody>
        {shown.map(({ field, i }) => {
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
      {hidden > 0 && (
        <tfoot>
          <tr>
            <td colSpan={2}>
              <button type="button" class="show-all" data-testid="show-all-headers" onClick={() => setExpanded(true)}>
                Show all {fields.length.toLocaleString('en-US')} headers ({hidden.toLocaleString('en-US')} more)
              </button>
            </td>
          </tr>
        </tfoot>
      )}
    </table>
  );
}
