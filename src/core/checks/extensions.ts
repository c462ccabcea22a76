/**
 * Extension negotiation (Sec-WebSocket-Extensions, RFC 6455 §9.1) and
 * permessage-deflate parameters (RFC 7692 §7.1). The header may repeat in a
 * response (RFC 6455 erratum 3433): lines are combined, never a duplicate.
 */
import type { Check } from '../context.js';
import { formatExtension, parseExtensionHeaders, type Extension, type ExtensionParam } from '../headers.js';
import type { Finding } from '../model.js';
import { finding } from '../finding.js';

const HEADER = 'Sec-WebSocket-Extensions';
const DEFLATE = 'permessage-deflate';

const SERVER_NO_CONTEXT_TAKEOVER = 'server_no_context_takeover';
const CLIENT_NO_CONTEXT_TAKEOVER = 'client_no_context_takeover';
const SERVER_MAX_WINDOW_BITS = 'server_max_window_bits';
const CLIENT_MAX_WINDOW_BITS = 'client_max_window_bits';
const DEFLATE_PARAMS: readonly string[] = [SERVER_NO_CONTEXT_TAKEOVER, CLIENT_NO_CONTEXT_TAKEOVER, SERVER_MAX_WINDOW_BITS, CLIENT_MAX_WINDOW_BITS];

const isDeflate = (extension: Extension): boolean => extension.name.toLowerCase() === DEFLATE;

// RFC 7692 §7.1.2: "a decimal integer value without leading zeros between 8 and 15, inclusive".
function isWindowBits(value: string): boolean {
  return /^(8|9|1[0-5])$/.test(value);
}

function paramText(param: ExtensionParam): string {
  return param.value === null ? param.name : `${param.name}=${param.value}`;
}

/**
 * Grammar problems of one permessage-deflate element (RFC 7692 §7.1), offer or response:
 * unknown or repeated parameters and malformed values. Parameter names are matched exactly, as Chromium does.
 */
export function deflateParamProblems(extension: Extension, side: 'offer' | 'response'): string[] {
  const problems: string[] = [];
  let seen = 0; // a bit per DEFLATE_PARAMS entry: only known names get this far, so no Set is needed
  for (const param of extension.params) {
    const index = DEFLATE_PARAMS.indexOf(param.name);
    if (index < 0) {
      const known = DEFLATE_PARAMS.find((p) => p === param.name.toLowerCase());
      problems.push(`unknown parameter "${paramText(param)}"${known ? ` (parameter names are lower case: ${known})` : ''}`);
      continue;
    }
    if (seen & (1 << index)) {
      problems.push(`"${param.name}" appears more than once`);
      continue;
    }
    seen |= 1 << index;
    if (param.name === SERVER_NO_CONTEXT_TAKEOVER || param.name === CLIENT_NO_CONTEXT_TAKEOVER) {
      if (param.value !== null) problems.push(`"${paramText(param)}" must have no value`);
    } else if (param.value === null) {
      // client_max_window_bits may be bare in an offer only (§7.1.2.2); server_max_window_bits never (§7.1.2.1).
      if (param.name === SERVER_MAX_WINDOW_BITS || side === 'response') problems.push(`"${param.name}" must have a value (8 to 15)`);
    } else if (!isWindowBits(param.value)) {
      problems.push(`"${paramText(param)}" is not a whole number from 8 to 15 written without leading zeros`);
    }
  }
  return problems;
}

function paramOf(extension: Extension, name: string): ExtensionParam | undefined {
  return extension.params.find((p) => p.name === name);
}

/**
 * Why a (well-formed) permessage-deflate response does not answer one offer (RFC 7692 §7.1.1, §7.1.2):
 * the server must honour server_no_context_takeover and a server_max_window_bits limit, and may send
 * client_max_window_bits only when offered, no larger than the offered value.
 */
function incompatibilities(offer: Extension, response: Extension): string[] {
  const problems: string[] = [];
  if (paramOf(offer, SERVER_NO_CONTEXT_TAKEOVER) && !paramOf(response, SERVER_NO_CONTEXT_TAKEOVER)) {
    problems.push(`the offer asked for ${SERVER_NO_CONTEXT_TAKEOVER} and the response left it out`);
  }
  const offeredServerBits = paramOf(offer, SERVER_MAX_WINDOW_BITS)?.value;
  if (offeredServerBits != null && isWindowBits(offeredServerBits)) {
    const answered = paramOf(response, SERVER_MAX_WINDOW_BITS)?.value;
    if (answered == null) problems.push(`the offer limited ${SERVER_MAX_WINDOW_BITS} to ${offeredServerBits} and the response did not confirm a limit`);
    else if (Number(answered) > Number(offeredServerBits)) problems.push(`${SERVER_MAX_WINDOW_BITS}=${answered} is larger than the offered ${offeredServerBits}`);
  }
  const answeredClientBits = paramOf(response, CLIENT_MAX_WINDOW_BITS);
  if (answeredClientBits) {
    const offeredClientBits = paramOf(offer, CLIENT_MAX_WINDOW_BITS);
    if (!offeredClientBits) problems.push(`the response sets ${CLIENT_MAX_WINDOW_BITS} but the offer did not include it`);
    else if (offeredClientBits.value !== null && answeredClientBits.value !== null && isWindowBits(offeredClientBits.value) && Number(answeredClientBits.value) > Number(offeredClientBits.value)) {
      problems.push(`${CLIENT_MAX_WINDOW_BITS}=${answeredClientBits.value} is larger than the offered ${offeredClientBits.value}`);
    }
  }
  return problems;
}

/** RFC 6455 §9.1: the offer parses; RFC 7692 §7.1: permessage-deflate offers use only its parameters, well formed. */
const checkOffer: Check = (context) => {
  const lines = context.request?.headers.getAll(HEADER) ?? [];
  const offered = context.offeredExtensions;
  if (lines.length === 0 || offered === null) return [];
  if (!offered.ok) {
    return [
      finding('request-extension-invalid', `The request's ${HEADER} "${lines.join(', ')}" does not parse: ${offered.error}.`, { header: HEADER }),
    ];
  }
  const findings: Finding[] = [];
  for (const extension of offered.extensions.filter(isDeflate)) {
    const problems = deflateParamProblems(extension, 'offer');
    if (problems.length > 0) {
      findings.push(
        finding('request-extension-invalid', `The request offers "${formatExtension(extension)}": ${problems.join('; ')} (RFC 7692 §7.1). Servers must decline this offer, and some (ws) refuse the whole handshake with 400.`, {
          header: HEADER,
          fix: 'Offer permessage-deflate with only server_no_context_takeover, client_no_context_takeover, server_max_window_bits=8..15 and client_max_window_bits[=8..15], each at most once, e.g. "permessage-deflate; client_max_window_bits".',
        }),
      );
    }
  }
  return findings;
};

/** The names of accepted extensions the request did not offer (compared case-insensitively), each once, in order. */
function notOfferedNames(answers: readonly Extension[], offers: readonly Extension[]): string[] {
  if (answers.length + offers.length > 16) {
    // Long lists (odd or hostile input): sets keep this linear.
    const offeredNames = new Set(offers.map((e) => e.name.toLowerCase()));
    return [...new Set(answers.map((e) => e.name).filter((name) => !offeredNames.has(name.toLowerCase())))];
  }
  const names: string[] = [];
  for (const answer of answers) {
    const lower = answer.name.toLowerCase();
    if (!offers.some((offer) => offer.name.toLowerCase() === lower) && !names.includes(answer.name)) names.push(answer.name);
  }
  return names;
}

/** RFC 6455 §9.1, §4.1 client (5), RFC 7692 §7.1: the accepted extensions parse, were offered, and permessage-deflate is answered correctly. */
const checkAnswer: Check = (context) => {
  const response = context.response;
  if (!response || !context.accepted) return [];
  const lines = response.headers.getAll(HEADER);
  if (lines.length === 0) return [];
  const parsed = parseExtensionHeaders(lines);
  if (!parsed.ok) {
    return [
      finding('extension-malformed', `The response's ${HEADER} "${lines.join(', ')}" does not parse: ${parsed.error}.`, { header: HEADER }),
    ];
  }
  const findings: Finding[] = [];
  const offers = context.request ? (context.offeredExtensions?.extensions ?? []) : null;

  if (offers !== null) {
    const notOffered = notOfferedNames(parsed.extensions, offers);
    if (notOffered.length > 0) {
      findings.push(
        finding('extension-not-offered', `The response accepts ${notOffered.map((n) => `"${n}"`).join(', ')}, which the request did not offer (${offers.length > 0 ? `offered: ${[...new Set(offers.map((e) => e.name))].join(', ')}` : `the request sent no ${HEADER}`}).`, {
          header: HEADER,
        }),
      );
    }
  }

  const deflates = parsed.extensions.filter(isDeflate);
  if (deflates.length > 1) {
    findings.push(
      finding('deflate-invalid-param', `The response accepts ${DEFLATE} ${deflates.length} times (${deflates.map(formatExtension).map((t) => `"${t}"`).join(', ')}); it may be accepted once (Chromium: "Received duplicate permessage-deflate response").`, {
        header: HEADER,
      }),
    );
  }
  const deflateOffers = offers?.filter(isDeflate) ?? [];
  for (const answer of deflates) {
    const problems = deflateParamProblems(answer, 'response');
    if (problems.length === 0 && offers !== null && deflateOffers.length > 0) {
      // The answer is fine when it fits any one of the offers (a client may offer several variants);
      // when it fits none, the first offer's problems are reported.
      let firstOfferProblems: string[] | null = null;
      for (const offer of deflateOffers) {
        const offerProblems = incompatibilities(offer, answer);
        if (offerProblems.length === 0) {
          firstOfferProblems = null;
          break;
        }
        firstOfferProblems ??= offerProblems;
      }
      if (firstOfferProblems) problems.push(...firstOfferProblems);
    }
    if (problems.length > 0) {
      findings.push(
        finding('deflate-invalid-param', `The response's "${formatExtension(answer)}" is invalid: ${problems.join('; ')} (RFC 7692 §7.1).`, { header: HEADER }),
      );
    }
  }
  return findings;
};

export const extensionChecks: readonly Check[] = [checkOffer, checkAnswer];
