/**
 * The library: `import { analyze, parseHar } from 'ws-handshake-inspector'`. The same core the
 * panel and the CLI run: sources turn HAR files, raw handshake text or a live probe into
 * `Handshake` records; `analyze()` judges them into `Report`s with findings whose rule ids are
 * stable (RULES); the JSON document is the CLI's `--json`. Node 20.19+ (probe uses node:net/tls;
 * everything else is plain ECMAScript with WebCrypto).
 *
 *   const parsed = parseHar(readFileSync('capture.har', 'utf8'), 'capture.har');
 *   if (parsed.ok) for (const report of await analyze(parsed.handshakes)) console.log(report.verdict, report.url, report.summary);
 */
export { analyze, analyzeOne, verdictOf } from './core/analyze.js';
export { computeAccept, isWellFormedKey, WEBSOCKET_GUID } from './core/accept.js';
export { HeaderList, type HeaderField } from './core/headers.js';
export { RULES, RULE_IDS, isRuleId, type RuleDefinition, type RuleId } from './core/rules.js';
export { stringifyJsonDocument, toJsonDocument, type JsonDocument, type JsonError, type JsonFinding, type JsonHandshake } from './core/export/json.js';
export { markdownForAll, markdownForOne, type MarkdownOptions } from './core/export/markdown.js';
export { redactReport } from './core/export/redact.js';
export type { CapturedBy, Finding, Handshake, HandshakeRequest, HandshakeResponse, MissingResponse, RawExchange, Report, Severity, Side, Transport, Verdict } from './core/model.js';
export { parseHar, handshakesFromHar, type HarParseResult } from './sources/har/parse.js';
export { parseRawHandshake, type RawParseResult } from './sources/raw.js';
export { probe, type ProbeOptions, type ProbeResult, type ProbeFailure, type ProbeFailureKind } from './sources/probe/probe.js';
