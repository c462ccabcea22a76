/**
 * One plain sentence on what went wrong (or that all is well), for the list
 * row, the CLI's text output and the top of the detail view. Built from the
 * most severe finding (analyze() orders them) and the values in the context.
 */
import { mapBrowserReason, netErrorHint } from './checks/browser-reasons.js';
import type { HandshakeContext } from './context.js';
import type { Finding, Verdict } from './model.js';
import { describeStatus } from './checks/response.js';
import { RULES } from './rules.js';
import { sentenceStart } from './stack/identify.js';
import { likelyInShort } from './stack/likely.js';
import { isSpaceCode, trimEndDotsAndSpaces, trimEndWhere } from './text.js';

// Component names keep their own case ("nginx"); other sentences start upper-case.
const upper = (text: string): string => sentenceStart(text);
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);
// Trailing punctuation goes in one backward pass: /[.:;,\s]+$/ retried every start of a long run (a hostile Upgrade value of dots).
const isTrailingPunctuation = (code: number): boolean => code === 0x2e || code === 0x3a || code === 0x3b || code === 0x2c || isSpaceCode(code);
const sentence = (text: string): string => {
  const trimmed = trimEndWhere(text.trim(), isTrailingPunctuation);
  return trimmed === '' ? '' : `${upper(trimmed)}.`;
};

/** A headline for the rules this module knows best; null falls back to the finding's own message. */
function headline(top: Finding, context: HandshakeContext): string | null {
  const response = context.response;
  const browserError = context.handshake.browserError;
  // Mapped only for the rules that quote it: most headlines never need the reason.
  const browserReason = (): ReturnType<typeof mapBrowserReason> | null => (browserError ? mapBrowserReason(browserError) : null);
  switch (top.rule) {
    case 'proxy-dropped-upgrade':
      return context.diagnosis ? upper(context.diagnosis.headline) : null;
    case 'status-not-101': {
      // A recognised answer leads with the hop that gave it.
      if (context.diagnosis && response) return upper(context.diagnosis.headline);
      const status = response && response.status !== context.successStatus ? response.status : (browserReason()?.status ?? null);
      if (status === null) {
        const line = context.handshake.invalidStatusLine;
        return typeof line === 'string' && !response
          ? `The response's status line is not valid HTTP: \`${line.length > 60 ? `${line.slice(0, 60)}…` : line}\``
          : 'The server\'s answer was not HTTP (Chromium: Invalid status line)';
      }
      const statusText = response?.status === status ? String(response.statusText ?? '').trim() : '';
      // Chromium hid the answer: the likely causes, not a guess at one.
      const likely = response ? null : likelyInShort(status);
      if (likely) return `The server answered ${status} instead of ${context.successStatus} (Chromium hides the answer; replay it to see who): ${likely}`;
      const cause = describeStatus(status, statusText, context).cause;
      return `The server answered ${status}${statusText ? ` ${statusText}` : ''} instead of ${context.successStatus}: ${cause}`;
    }
    case 'accept-mismatch': {
      if (context.acceptDiagnosis && response) {
        return `The server's Sec-WebSocket-Accept is wrong: ${context.acceptDiagnosis.replace(/^the server /, 'it ')}`;
      }
      if (!response && context.expectedAccept) {
        return 'The browser refused the server\'s Sec-WebSocket-Accept: it does not match the key (the expected value is computed from the key)';
      }
      return 'The server\'s Sec-WebSocket-Accept does not match the key';
    }
    case 'accept-missing':
      return 'The server\'s 101 response has no Sec-WebSocket-Accept';
    case 'upgrade-missing':
      return 'The server\'s 101 response has no Upgrade: websocket header';
    case 'upgrade-not-websocket': {
      const value = response?.headers.combined('upgrade') ?? browserReason()?.value ?? null;
      return value ? `The server's 101 response says Upgrade: ${value} instead of websocket` : 'The server\'s Upgrade header is not websocket';
    }
    case 'connection-missing-upgrade':
      return 'The server\'s 101 response lacks Connection: Upgrade';
    case 'no-response': {
      const failure = context.handshake.connectionFailure;
      if (failure && typeof failure.message === 'string') return `The client got no response: ${failure.message}`;
      const netError = browserReason()?.netError ?? null;
      const hint = netErrorHint(netError);
      const code = netError ? ` (${netError})` : '';
      return hint ? `The client got no response${code}: ${hint}` : `The client got no response${code}`;
    }
    case 'client-closed-early':
      return 'The page closed the socket before the handshake finished: not a server fault';
    case 'browser-rejected': {
      const reason = browserReason();
      return reason ? `The browser refused the handshake: "${reason.reason}"` : null;
    }
    case 'key-missing':
      return 'The request has no Sec-WebSocket-Key';
    case 'request-upgrade-missing':
      return 'The request reached the server without Upgrade: websocket (a proxy may have removed it)';
    default:
      return null;
  }
}

/** The first sentence of a finding message, for rules without a headline. */
function firstSentence(message: string): string {
  const match = /^(.+?[.!?])(\s|$)/.exec(message.trim());
  return match ? match[1]! : message;
}

export function summarize(context: HandshakeContext, findings: readonly Finding[], verdict: Verdict): string {
  if (verdict === 'pass') {
    const closedEarly = findings.find((f) => f.rule === 'client-closed-early');
    if (closedEarly) return sentence(headline(closedEarly, context) ?? '');
    const response = context.response;
    if (!response) {
      const missing = context.handshake.missingResponse;
      if (missing === 'pending') return 'The request is a valid WebSocket handshake; its response has not arrived yet.';
      if (missing === 'not-captured') return 'The request is a valid WebSocket handshake; no response was given to judge.';
      return 'The request is a valid WebSocket handshake; no response was seen.';
    }
    if (context.extendedConnect) {
      return `The WebSocket handshake succeeded over ${context.transport === 'h3' ? 'HTTP/3' : 'HTTP/2'} extended CONNECT (200).`;
    }
    return 'The WebSocket handshake is valid (101 Switching Protocols).';
  }
  // proxy-dropped-upgrade says what a recognised status-not-101 already leads with: not another problem.
  const problems = findings.filter((f) => f.severity !== 'info' && !(f.rule === 'proxy-dropped-upgrade' && context.diagnosis?.droppedUpgrade));
  const top = problems[0];
  if (!top) return '';
  const more = problems.length - 1;
  const tail = more > 0 ? ` (and ${more} more problem${more === 1 ? '' : 's'})` : '';
  if (verdict === 'warn') {
    return sentence(`The handshake works, with a warning: ${lowerFirst(RULES[top.rule].title)}${tail}`);
  }
  const text = headline(top, context) ?? firstSentence(top.message);
  return sentence(`${trimEndDotsAndSpaces(text)}${tail}`);
}
