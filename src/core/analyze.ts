/**
 * `analyze(handshakes) → reports`: the one entry point every face uses.
 * Accept values are computed for the whole batch first (SubtleCrypto, batched),
 * then each handshake runs through the checks of each protocol area.
 * Never throws: a check that fails on some input becomes no finding, not a crash.
 */
import { computeAccepts, diagnoseAcceptMismatch, isWellFormedKey } from './accept.js';
import { parseExtensionHeaders, parseTokenList } from './headers.js';
import type { Check, HandshakeContext } from './context.js';
import type { Finding, Handshake, Report, Severity, Verdict } from './model.js';

import { requestChecks } from './request.js';
import { responseChecks } from './response.js';
import { subprotocolChecks } from './subprotocol.js';
import { extensionChecks } from './extensions.js';
import { inferTransport, transportChecks } from './transport.js';
import { securityChecks } from './security.js';
import { browserReasonChecks } from './browser-reasons.js';
import { summarize } from './summary.js';

const CHECKS: readonly Check[] = [
  ...transportChecks,
  ...browserReasonChecks,
  ...requestChecks,
  ...responseChecks,
  ...subprotocolChecks,
  ...extensionChecks,
  ...securityChecks,
];

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warn: 1, fail: 2 };

/** The highest fail/warn severity among the findings; `info` does not count. */
export function verdictOf(findings: readonly Finding[]): Verdict {
  let verdict: Verdict = 'pass';
  for (const f of findings) {
    if (f.severity === 'fail') return 'fail';
    if (f.severity === 'warn') verdict = 'warn';
  }
  return verdict;
}

/** Orders findings most severe first, keeping check order among equals. */
function bySeverity(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

function keyOf(handshake: Handshake): string | null {
  return handshake.request?.headers.first('sec-websocket-key') ?? null;
}

export async function analyze(handshakes: readonly Handshake[]): Promise<Report[]> {
  const keys: string[] = [];
  for (const h of handshakes) {
    const key = safe(() => keyOf(h), null);
    if (key !== null && isWellFormedKey(key)) keys.push(key);
  }
  const accepts = await computeAccepts(keys);

  const contexts = handshakes.map((h) => safe(() => buildContext(h, accepts), null));
  // Only wrong accepts need the slower diagnosis; there are few of them.
  const diagnoses = await Promise.all(
    contexts.map((c) =>
      c && c.key !== null && c.expectedAccept !== null && c.actualAccept !== null && c.actualAccept !== c.expectedAccept
        ? diagnoseAcceptMismatch(c.key, c.actualAccept).catch(() => null)
        : null,
    ),
  );
  return handshakes.map((h, i) => {
    const base = contexts[i];
    const context: HandshakeContext = base ? { ...base, acceptDiagnosis: diagnoses[i] ?? null } : fallbackContext(h);
    return report(context);
  });
}

/** Analyses one handshake (a convenience over `analyze`). */
export async function analyzeOne(handshake: Handshake): Promise<Report> {
  const [r] = await analyze([handshake]);
  return r!;
}

function buildContext(handshake: Handshake, accepts: ReadonlyMap<string, string>): HandshakeContext {
  const transport = inferTransport(handshake);
  const request = handshake.request;
  const response = handshake.response;
  const key = keyOf(handshake);
  const protocolLines = request?.headers.getAll('sec-websocket-protocol') ?? [];
  const extensionLines = request?.headers.getAll('sec-websocket-extensions') ?? [];
  return {
    handshake,
    transport,
    extendedConnect: transport === 'h2' || transport === 'h3',
    request,
    response,
    key,
    expectedAccept: key !== null ? (accepts.get(key) ?? null) : null,
    actualAccept: response?.headers.first('sec-websocket-accept') ?? null,
    acceptDiagnosis: null,
    offeredProtocols: request ? parseTokenList(protocolLines.length ? protocolLines.join(',') : null) : null,
    offeredExtensions: extensionLines.length ? parseExtensionHeaders(extensionLines) : null,
  };
}

/** A context with nothing derived, for a handshake whose fields could not even be read. */
function fallbackContext(handshake: Handshake): HandshakeContext {
  return {
    handshake,
    transport: 'unknown',
    extendedConnect: false,
    request: null,
    response: null,
    key: null,
    expectedAccept: null,
    actualAccept: null,
    acceptDiagnosis: null,
    offeredProtocols: null,
    offeredExtensions: null,
  };
}

function report(context: HandshakeContext): Report {
  const findings: Finding[] = [];
  for (const check of CHECKS) findings.push(...safe(() => check(context), []));
  const ordered = bySeverity(findings);
  const verdict = verdictOf(ordered);
  const h = context.handshake;
  return {
    handshake: h,
    source: safe(() => String(h.source ?? ''), ''),
    url: safe(() => String(h.url ?? ''), ''),
    transport: context.transport,
    status: context.response?.status ?? 0,
    verdict,
    key: context.key,
    expectedAccept: context.expectedAccept,
    actualAccept: context.actualAccept,
    browserError: safe(() => h.browserError ?? null, null),
    findings: ordered,
    summary: safe(() => summarize(context, ordered, verdict), ''),
  };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
