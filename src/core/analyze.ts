/**
 * `analyze(handshakes) → reports`: the one entry point every face uses.
 * Accept values are computed 1024 handshakes at a time (SubtleCrypto, batched),
 * one step ahead of the checks, which run each handshake through every protocol
 * area; wrong accepts are explained in one batch at the end.
 * Never throws: a check that fails on some input becomes no finding, not a crash.
 */
import { computeAccepts, diagnoseAcceptMismatches, isWellFormedKey, type AcceptMismatch } from './accept.js';
import { parseExtensionHeaders, parseTokenList } from './headers.js';
import type { Check, HandshakeContext } from './context.js';
import type { Finding, Handshake, Report, Severity, Verdict } from './model.js';

import { requestChecks } from './request.js';
import { responseChecks } from './response.js';
import { subprotocolChecks } from './subprotocol.js';
import { extensionChecks } from './extensions.js';
import { inferTransport, transportChecks } from './transport.js';
import { securityChecks, splitUrl, type UrlParts } from './security.js';
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

/** Orders findings most severe first, keeping check order among equals (Array.prototype.sort is stable). */
function bySeverity(findings: Finding[]): Finding[] {
  if (findings.length < 2) return findings;
  return findings.sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

function keyOf(handshake: Handshake): string | null {
  return handshake.request?.headers.first('sec-websocket-key') ?? null;
}

/** A context while analyze() fills it in; checks only ever see it as the readonly HandshakeContext. */
type ContextDraft = { -readonly [K in keyof HandshakeContext]: HandshakeContext[K] };

/** Handshakes judged per step; a step's accepts are one SubtleCrypto batch (accept.ts hashes 1024 at a time). */
const STEP = 1024;

export async function analyze(handshakes: readonly Handshake[]): Promise<Report[]> {
  const count = handshakes.length;
  const keys: Array<string | null> = new Array<string | null>(count);
  const accepts = new Map<string, string>();
  /** Reads the keys of one step and hashes the well-formed ones not hashed before. */
  const hashStep = async (start: number): Promise<void> => {
    const wanted: string[] = [];
    for (let i = start; i < Math.min(start + STEP, count); i++) {
      let key: string | null = null;
      try {
        key = keyOf(handshakes[i]!);
      } catch {
        // unreadable request: buildContext meets the same problem and falls back
      }
      keys[i] = key;
      if (key !== null && !accepts.has(key) && isWellFormedKey(key)) wanted.push(key);
    }
    (await computeAccepts(wanted)).forEach((accept, key) => accepts.set(key, accept));
  };

  const reports: Report[] = new Array<Report>(count);
  // Only wrong accepts need the slower diagnosis; there are few of them, so their reports wait for one batch at the end.
  const mismatches: AcceptMismatch[] = [];
  const waiting: Array<{ readonly index: number; readonly context: ContextDraft }> = [];
  let hashing = count > 0 ? hashStep(0) : null;
  for (let start = 0; start < count; start += STEP) {
    await hashing;
    // The next step's digests run in SubtleCrypto while this step's checks run here.
    hashing = start + STEP < count ? hashStep(start + STEP) : null;
    for (let i = start; i < Math.min(start + STEP, count); i++) {
      let context: ContextDraft | null = null;
      try {
        context = buildContext(handshakes[i]!, keys[i] ?? null, accepts);
      } catch {
        // a handshake whose fields cannot be read gets the fallback context
      }
      if (context && context.key !== null && context.expectedAccept !== null && context.actualAccept !== null && context.actualAccept !== context.expectedAccept) {
        mismatches.push({ key: context.key, actual: context.actualAccept, expectedAccept: context.expectedAccept });
        waiting.push({ index: i, context });
      } else {
        reports[i] = report(context ?? fallbackContext(handshakes[i]!));
      }
    }
  }
  if (mismatches.length > 0) {
    const diagnoses = await diagnoseAcceptMismatches(mismatches).catch((): Array<string | null> => []);
    waiting.forEach(({ index, context }, m) => {
      context.acceptDiagnosis = diagnoses[m] ?? null;
      reports[index] = report(context);
    });
  }
  return reports;
}

/** Analyses one handshake (a convenience over `analyze`). */
export async function analyzeOne(handshake: Handshake): Promise<Report> {
  const [r] = await analyze([handshake]);
  return r!;
}

function buildContext(handshake: Handshake, key: string | null, accepts: ReadonlyMap<string, string>): ContextDraft {
  const transport = inferTransport(handshake);
  const request = handshake.request;
  const response = handshake.response;
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
    targetUrl: urlPartsOf(handshake),
  };
}

/** The URL split once for every check; undefined when it cannot be read, so checks meet the problem themselves. */
function urlPartsOf(handshake: Handshake): UrlParts | null | undefined {
  try {
    return splitUrl(handshake.url);
  } catch {
    return undefined;
  }
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
  // Indexed loops: no iterator objects for twenty-odd checks per handshake.
  for (let c = 0; c < CHECKS.length; c++) {
    try {
      const found = CHECKS[c]!(context);
      for (let f = 0; f < found.length; f++) findings.push(found[f]!);
    } catch {
      // a check that fails on some input finds nothing
    }
  }
  const ordered = bySeverity(findings);
  const verdict = verdictOf(ordered);
  const h = context.handshake;
  let source = '';
  let url = '';
  let browserError: string | null = null;
  let summary = '';
  try {
    source = String(h.source ?? '');
  } catch {
    // unreadable source: empty
  }
  try {
    url = String(h.url ?? '');
  } catch {
    // unreadable url: empty
  }
  try {
    browserError = h.browserError ?? null;
  } catch {
    // unreadable reason: none
  }
  try {
    summary = summarize(context, ordered, verdict);
  } catch {
    // no summary rather than no report
  }
  return {
    handshake: h,
    source,
    url,
    transport: context.transport,
    status: context.response?.status ?? 0,
    verdict,
    key: context.key,
    expectedAccept: context.expectedAccept,
    actualAccept: context.actualAccept,
    browserError,
    findings: ordered,
    summary,
  };
}
