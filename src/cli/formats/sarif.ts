/**
 * `--format sarif`: a SARIF 2.1.0 log (OASIS), for GitHub code scanning and other viewers.
 * One run; the driver lists the whole rule catalogue (id, title, spec link, the default fix,
 * level), so a result's `ruleIndex` is its rule's place in RULE_IDS. A HAR entry is located
 * by the file, the line its entry starts on, and its JSON pointer as a logical location; the
 * probe's handshake by its URL. Inputs that could not be read are tool notifications, and
 * the invocation is then unsuccessful.
 */
import { RULES, RULE_IDS, type RuleDefinition, type RuleId } from '../../core/rules.js';
import type { Finding, Severity } from '../../core/model.js';
import type { FormatReport, LocatingInput } from './format-input.js';
import type { Location } from './location.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/ws-handshake-inspector';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { fail: 'error', warn: 'warning', info: 'note' };

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** encodeURI, which throws on a lone surrogate (a HAR's `\udc00` escape, a file name decoded wrong): those become U+FFFD. */
const encodeUri = (text: string): string => encodeURI(text.replace(LONE_SURROGATE, '\ufffd'));

/** A path as given on the command line → a URI reference (relative stays relative; `\` → `/`). */
export function artifactUri(file: string): string {
  const slashed = file.replace(/\\/g, '/');
  if (/^[A-Za-z]:\//.test(slashed)) return `file:///${encodeUri(slashed)}`;
  if (slashed.startsWith('/')) return `file://${encodeUri(slashed)}`;
  return encodeUri(slashed).replace(/\?/g, '%3F').replace(/#/g, '%23');
}

function ruleDescriptor(rule: RuleDefinition) {
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: `${rule.title} (${rule.spec}).` },
    helpUri: rule.specUrl,
    help: { text: rule.fix },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { spec: rule.spec, side: rule.side, tags: ['websocket', rule.side] },
  };
}

function locations(location: Location, report: FormatReport | null, url: string) {
  const logical = location.pointer ? [{ fullyQualifiedName: location.pointer, kind: 'element' }] : undefined;
  if (location.file !== null) {
    const region = location.line !== null ? { region: { startLine: location.line } } : {};
    return [{ physicalLocation: { artifactLocation: { uri: artifactUri(location.file) }, ...region }, ...(logical ? { logicalLocations: logical } : {}) }];
  }
  // No file (the probe, stdin): the WebSocket URL is what was judged.
  const target = report?.url || url;
  return target ? [{ physicalLocation: { artifactLocation: { uri: encodeUri(target) } }, ...(logical ? { logicalLocations: logical } : {}) }] : [];
}

function result(finding: Finding, report: FormatReport, location: Location) {
  return {
    ruleId: finding.rule,
    ruleIndex: RULE_IDS.indexOf(finding.rule as RuleId),
    level: LEVEL[finding.severity],
    message: { text: `${report.url || '(no URL)'}: ${finding.message}` },
    locations: locations(location, report, ''),
    properties: { url: report.url, verdict: report.verdict, status: report.status, transport: report.transport, header: finding.header, fix: finding.fix, summary: report.summary },
  };
}

export function sarifLog(input: LocatingInput) {
  const results = input.reports.flatMap((report) => {
    const location = input.locate(report.source);
    return report.findings.map((finding) => result(finding, report, location));
  });
  const notifications = input.errors.map((error) => ({
    level: 'error' as const,
    message: { text: `${error.source}: ${error.message}` },
    // The whole input failed, not one line of it.
    locations: locations({ ...input.locate(error.source), line: null }, null, error.source),
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0' as const,
    runs: [
      {
        tool: {
          driver: {
            name: 'ws-handshake',
            fullName: 'WebSocket Handshake Inspector',
            version: input.version,
            semanticVersion: input.version,
            informationUri: INFORMATION_URI,
            rules: RULE_IDS.map((id) => ruleDescriptor(RULES[id])),
          },
        },
        invocations: [{ executionSuccessful: input.errors.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        results,
        columnKind: 'utf16CodeUnits' as const,
      },
    ],
  };
}

export function formatSarif(input: LocatingInput): string {
  return `${JSON.stringify(sarifLog(input), null, 2)}\n`;
}
