/**
 * Subprotocol negotiation (Sec-WebSocket-Protocol): the request's offer must be a
 * list of distinct tokens (RFC 6455 §4.1 (10)); the response names at most one
 * of them, spelled exactly as offered (§4.1 client (6), §4.2.2 (5.3)); and
 * browsers fail an offer answered with nothing (WHATWG). Over h2/h3 the same rules apply.
 */
import type { Check, HandshakeContext } from '../context.js';
import { parseTokenList } from '../headers.js';
import type { Finding } from '../model.js';
import { finding } from '../finding.js';

const HEADER = 'Sec-WebSocket-Protocol';

const quoteList = (values: readonly string[]): string => values.map((v) => `"${v}"`).join(', ');

/** Tokens that appear more than once (case-sensitive), each once, in the order their repeats appear. */
function repeatedTokens(tokens: readonly string[]): string[] {
  if (tokens.length > 16) {
    // Long lists (odd or hostile input): sets keep this linear.
    const seen = new Set<string>();
    const repeated = new Set<string>();
    for (const token of tokens) {
      if (seen.has(token)) repeated.add(token);
      seen.add(token);
    }
    return [...repeated];
  }
  const repeated: string[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!repeated.includes(token) && tokens.lastIndexOf(token, i - 1) >= 0) repeated.push(token);
  }
  return repeated;
}

/** The non-empty comma-separated elements of all lines, trimmed, in order (valid tokens or not). */
function listElements(lines: readonly string[]): string[] {
  // The usual answer is one line without a comma: no split needed.
  if (lines.length === 1 && !lines[0]!.includes(',')) {
    const element = lines[0]!.trim();
    return element === '' ? [] : [element];
  }
  const elements: string[] = [];
  for (const line of lines) {
    for (const part of line.split(',')) {
      const element = part.trim();
      if (element !== '') elements.push(element);
    }
  }
  return elements;
}

/** RFC 6455 §4.1 (10): each offered subprotocol is a token and appears once (case-sensitive). */
const checkOffer: Check = (context) => {
  const lines = context.request?.headers.getAll(HEADER) ?? [];
  if (lines.length === 0) return [];
  // analyze() parsed the offer once into the context; a hand-built context may leave it out.
  const offered = context.offeredProtocols ?? parseTokenList(lines.join(','));
  const findings: Finding[] = [];
  if (offered.tokens.length === 0 && offered.invalid.length === 0) {
    findings.push(finding('request-protocol-invalid', `The request sends an empty ${HEADER} header; it must list one or more subprotocols or be left out.`, { header: HEADER }));
  }
  if (offered.invalid.length > 0) {
    findings.push(
      finding('request-protocol-invalid', `The request offers ${quoteList(offered.invalid)} in ${HEADER}, which ${offered.invalid.length === 1 ? 'is not a token' : 'are not tokens'} (RFC 9110 §5.6.2: no spaces, quotes, ";", "/" or other separators).`, {
        header: HEADER,
        fix: 'Offer subprotocols as a comma-separated list of tokens, e.g. "Sec-WebSocket-Protocol: chat, superchat".',
      }),
    );
  }
  const repeated = repeatedTokens(offered.tokens);
  if (repeated.length > 0) {
    findings.push(
      finding('request-protocol-invalid', `The request offers ${quoteList(repeated)} more than once in ${HEADER}; each subprotocol may be offered only once (browsers throw a SyntaxError for this).`, {
        header: HEADER,
        fix: 'Offer each subprotocol once.',
      }),
    );
  }
  return findings;
};

/** RFC 6455 §4.1 client (6), §4.2.2 (5.3), WHATWG: the server's choice, judged only when it accepted the handshake. */
const checkAnswer: Check = (context) => {
  const response = context.response;
  if (!response || !context.accepted) return [];
  const lines = response.headers.getAll(HEADER);
  const offered = context.offeredProtocols;
  const requestKnown = context.request !== null && offered !== null;
  const offeredTokens = offered?.tokens ?? [];
  const offeredAnything = offeredTokens.length > 0 || (offered?.invalid.length ?? 0) > 0;
  const findings: Finding[] = [];

  if (lines.length === 0) {
    if (requestKnown && offeredTokens.length > 0) {
      findings.push(
        finding('protocol-missing', `The request offered ${quoteList(offeredTokens)} but the ${response.status} response chose no subprotocol. RFC 6455 allows this, but the WHATWG standard does not: browsers (Chromium, WebKit; Firefox accepts it in practice) and the ws and tungstenite clients fail the connection, while python-websockets accepts it.`, {
          header: HEADER,
          fix: `Answer with one of the offered subprotocols, e.g. "${HEADER}: ${offeredTokens[0]}". If the server supports none of them, refuse the handshake (e.g. 400) so the failure is explicit.`,
        }),
      );
    }
    return findings;
  }

  // Chromium splits every line on commas, so a list in one line is as bad as two lines.
  const elements = listElements(lines);

  if (requestKnown && !offeredAnything) {
    const shown = lines.map((l) => l.trim()).join(' | ');
    findings.push(
      finding('protocol-not-requested', `The response names subprotocol "${shown}" in ${HEADER}, but the request offered none.`, { header: HEADER }),
    );
  }
  if (lines.length > 1 || elements.length > 1) {
    findings.push(
      finding('protocol-multiple', `The response names ${elements.length > 1 ? `${elements.length} subprotocols (${quoteList(elements)})` : 'a subprotocol'}${lines.length > 1 ? ` in ${lines.length} ${HEADER} lines` : ''}; exactly one is allowed (Chromium: "'${HEADER}' header must not appear more than once in a response").`, {
        header: HEADER,
        fix: offeredTokens.length > 0
          ? `Answer with the one subprotocol the server chose, e.g. "${HEADER}: ${offeredTokens[0]}", not the offered list.`
          : undefined,
      }),
    );
    return findings;
  }
  if (!requestKnown || !offeredAnything) return findings;

  const chosen = elements[0];
  if (chosen === undefined) {
    findings.push(
      finding('protocol-not-offered', `The response sends an empty ${HEADER} header; the request offered ${quoteList(offeredTokens)}. An empty value is not one of them.`, {
        header: HEADER,
        fix: `Answer with one of the offered subprotocols, e.g. "${HEADER}: ${offeredTokens[0] ?? 'chat'}", or leave the header out (browsers then fail the connection too).`,
      }),
    );
    return findings;
  }
  if (!offeredTokens.includes(chosen)) {
    const caseOnly = offeredTokens.find((t) => t.toLowerCase() === chosen.toLowerCase());
    findings.push(
      finding('protocol-not-offered', `The response chose subprotocol "${chosen}", which the request did not offer (offered: ${quoteList(offeredTokens)})${caseOnly !== undefined ? `; the offer spells it "${caseOnly}" and the match is case-sensitive` : ''}.`, {
        header: HEADER,
        fix: caseOnly !== undefined
          ? `Echo the subprotocol exactly as offered: "${HEADER}: ${caseOnly}".`
          : undefined,
      }),
    );
  }
  return findings;
};

export const subprotocolChecks: readonly Check[] = [checkOffer, checkAnswer];
