/**
 * `analyze(handshakes) → reports`: the one entry point every face uses.
 * Three steps: the accept every well-formed key calls for (SubtleCrypto, batched),
 * a context per handshake with what the checks read (wrong accepts explained
 * there), then every check on each context. Never throws: a handshake whose
 * fields cannot be read is judged as an empty one, and a check that fails on
 * some input finds nothing.
 */
import { computeAccepts, isWellFormedKey } from './accept.js';
import { explainWrongAccept } from './accept-diagnosis.js';
import type { Check, HandshakeContext } from './context.js';
import { listHasToken, parseExtensionHeaders, parseTokenList } from './headers.js';
import { analyzeConnection, type ConnectionOptions } from './connection/analyze.js';
import { componentsOfResponse, idleComponent, type RecognisedComponent } from './connection/idle-timeouts.js';
import type { ConnectionReport, Finding, Handshake, Report, Severity, Verdict } from './model.js';
import { verdictOf } from './verdict.js';
import { requestTargetOf, splitUrl } from './url.js';
import { diagnose, type StackDiagnosis } from './stack/explain.js';
import { identifyStack, type StackReading } from './stack/identify.js';

import { browserReasonChecks } from './checks/browser-reasons.js';
import { extensionChecks } from './checks/extensions.js';
import { requestChecks } from './checks/request.js';
import { responseChecks } from './checks/response.js';
import { securityChecks } from './checks/security.js';
import { stackChecks } from './checks/stack.js';
import { subprotocolChecks } from './checks/subprotocol.js';
import { inferTransport, transportChecks } from './checks/transport.js';
import { summarize } from './summary.js';

const CHECKS: readonly Check[] = [
  ...transportChecks,
  ...browserReasonChecks,
  ...requestChecks,
  ...responseChecks,
  ...stackChecks,
  ...subprotocolChecks,
  ...extensionChecks,
  ...securityChecks,
];

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, fail: 2 };

export { verdictOf } from './verdict.js';

/** What `analyze()` may be told beyond the handshakes: for now, what judges the connection after the 101. */
export type AnalyzeOptions = ConnectionOptions;

export async function analyze(handshakes: readonly Handshake[], options: AnalyzeOptions = {}): Promise<Report[]> {
  const readable = handshakes.map(readableHandshake);
  const keys: string[] = [];
  for (const h of readable) {
    const key = keyOf(h);
    if (key !== null && isWellFormedKey(key)) keys.push(key);
  }
  const accepts = await computeAccepts(keys);
  return readable.map((h) => report(contextOrEmpty(h, accepts), options));
}

/** Analyses one handshake (a convenience over `analyze`). */
export async function analyzeOne(handshake: Handshake, options: AnalyzeOptions = {}): Promise<Report> {
  const [r] = await analyze([handshake], options);
  return r!;
}

function keyOf(handshake: Handshake): string | null {
  return handshake.request?.headers.first('sec-websocket-key') ?? null;
}

/**
 * The handshake as plain, readable values: sources build well-formed records, but an
 * object from elsewhere (a plugin, a hostile HAR mapped by hand) may carry getters that
 * throw or fields of the wrong type. One that cannot be read is judged as an empty one.
 */
function readableHandshake(handshake: Handshake): Handshake {
  try {
    const { source, url, browserError } = handshake;
    // Reading the parts the checks use is the test: a getter that throws fails here, once.
    void handshake.request?.headers.fields;
    void handshake.response?.headers.fields;
    if (typeof source === 'string' && typeof url === 'string' && (browserError === null || typeof browserError === 'string')) return handshake;
    return {
      ...handshake,
      source: String(source ?? ''),
      url: String(url ?? ''),
      browserError: typeof browserError === 'string' ? browserError : null,
    };
  } catch {
    return EMPTY_HANDSHAKE;
  }
}

const EMPTY_HANDSHAKE: Handshake = { source: '', url: '', transport: 'unknown', request: null, response: null, browserError: null };

/** The context, or an empty handshake's when a field the context derives from is of the wrong type. */
function contextOrEmpty(handshake: Handshake, accepts: ReadonlyMap<string, string>): HandshakeContext {
  try {
    return buildContext(handshake, accepts);
  } catch {
    return buildContext({ ...EMPTY_HANDSHAKE, source: handshake.source, url: handshake.url }, accepts);
  }
}

/** The context the checks read; exported for tests that judge one check at a time. */
export function buildContext(handshake: Handshake, accepts: ReadonlyMap<string, string>): HandshakeContext {
  const transport = inferTransport(handshake);
  const extendedConnect = transport === 'h2' || transport === 'h3';
  const successStatus = extendedConnect ? 200 : 101;
  const { response } = handshake;
  // A request that never went out is not judged (wss:// to a plain port, a refused connection).
  const request = handshake.requestSent === false ? null : handshake.request;
  const key = request?.headers.first('sec-websocket-key') ?? null;
  const expectedAccept = key !== null ? (accepts.get(key) ?? null) : null;
  const actualAccept = response?.headers.first('sec-websocket-accept') ?? null;
  const wrongAccept = key !== null && expectedAccept !== null && actualAccept !== null && actualAccept !== expectedAccept;
  const protocolLines = request?.headers.getAll('sec-websocket-protocol') ?? [];
  const extensionLines = request?.headers.getAll('sec-websocket-extensions') ?? [];
  return {
    handshake,
    transport,
    extendedConnect,
    successStatus,
    accepted: response?.status === successStatus,
    request,
    response,
    key,
    expectedAccept,
    actualAccept,
    acceptDiagnosis: wrongAccept ? explainWrongAccept({ key, actual: actualAccept }) : null,
    offeredProtocols: request ? parseTokenList(protocolLines.length ? protocolLines.join(',') : null) : null,
    offeredExtensions: extensionLines.length ? parseExtensionHeaders(extensionLines) : null,
    targetUrl: splitUrl(handshake.url),
    ...readStack(handshake, request, transport, successStatus),
  };
}

/** Who answered, and what it means, for a visible answer that is not the success status. */
function readStack(
  handshake: Handshake,
  request: Handshake['request'],
  transport: ReturnType<typeof inferTransport>,
  successStatus: number,
): { stack: StackReading | null; diagnosis: StackDiagnosis | null } {
  const response = handshake.response;
  if (!response || response.status === successStatus) return { stack: null, diagnosis: null };
  const stack = identifyStack(response, transport);
  const requestUpgrade = request
    ? listHasToken(request.headers.combined('upgrade'), 'websocket') && listHasToken(request.headers.combined('connection'), 'upgrade')
    : null;
  const diagnosis = diagnose({
    response,
    reading: stack,
    requestUpgrade,
    path: handshake.url ? requestTargetOf(handshake.url) : null,
    requestVersion13: request?.headers.first('sec-websocket-version') === '13',
  });
  return { stack, diagnosis };
}

function findingsOf(context: HandshakeContext): Finding[] {
  const findings: Finding[] = [];
  for (const check of CHECKS) {
    try {
      findings.push(...check(context));
    } catch {
      // a check that fails on some input finds nothing
    }
  }
  // Most severe first; Array.prototype.sort is stable, so check order stays among equals.
  return findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

function report(context: HandshakeContext, options: AnalyzeOptions): Report {
  const findings = findingsOf(context);
  const verdict = verdictOf(findings);
  const { handshake } = context;
  const connection = connectionOf(context, options);
  return {
    handshake,
    source: handshake.source,
    url: handshake.url,
    transport: context.transport,
    status: context.response?.status ?? 0,
    verdict,
    key: context.key,
    expectedAccept: context.expectedAccept,
    actualAccept: context.actualAccept,
    browserError: handshake.browserError,
    findings,
    summary: summaryOf(context, findings, verdict),
    ...(connection ? { connection } : {}),
  };
}

/** What happened after the 101, for an accepted handshake whose source saw it; judged apart from the handshake. */
function connectionOf(context: HandshakeContext, options: AnalyzeOptions): ConnectionReport | null {
  if (!context.accepted || !context.handshake.connection) return null;
  try {
    const recognise = options.recognise ?? ((h: Handshake) => componentsOnPath(h, context.transport));
    return analyzeConnection(context.handshake, context.targetUrl, { ...options, recognise });
  } catch {
    return null; // a connection record that cannot be read says nothing
  }
}

/**
 * The components on the path whose idle timeouts can end a socket: those the handshake fingerprints
 * (core/stack) name in the 101, then any platform only the idle-timeout table knows (Azure, Fly, …).
 */
function componentsOnPath(handshake: Handshake, transport: HandshakeContext['transport']): RecognisedComponent[] {
  const response = handshake.response;
  if (!response) return [];
  const found: RecognisedComponent[] = [];
  for (const sighting of identifyStack(response, transport).sightings) {
    const component = idleComponent(sighting.component.id);
    if (component && !found.some((f) => f.component.id === component.id)) found.push({ component, evidence: sighting.evidence.replace(/`/g, '') });
  }
  for (const extra of componentsOfResponse(response.headers)) if (!found.some((f) => f.component.id === extra.component.id)) found.push(extra);
  return found;
}

/** The summary sentence; none rather than no report, should a value defeat it. */
function summaryOf(context: HandshakeContext, findings: readonly Finding[], verdict: Verdict): string {
  try {
    return summarize(context, findings, verdict);
  } catch {
    return '';
  }
}
