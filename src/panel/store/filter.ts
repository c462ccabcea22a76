/** The list's filters: a text box (like the Network panel's) and the verdict chips. */
import type { Report, Verdict } from '../../core/model.js';

export type VerdictFilter = 'all' | Verdict;

/** True when every space-separated term of `filter` is found in the URL, a rule id (the connection's too), the status or the transport; `-term` excludes. */
export function matchesFilter(report: Report, filter: string): boolean {
  const terms = filter.toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return true;
  const connectionRules = report.connection?.findings.map((f) => f.rule).join(' ') ?? '';
  const haystack = `${report.url.toLowerCase()} ${report.findings.map((f) => f.rule).join(' ')} ${connectionRules} ${report.status} ${report.transport}`;
  return terms.every((term) => (term.startsWith('-') && term.length > 1 ? !haystack.includes(term.slice(1)) : haystack.includes(term)));
}
