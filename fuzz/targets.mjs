/**
 * Everything the fuzzer runs on one input, on the compiled library (dist/node, `npm run build:cli`):
 * the parsers (raw text, HAR text, handshake records), analyze() with its summary, redaction, and
 * every export format (JSON, Markdown, HAR, SARIF, JUnit, GitHub annotations, the CLI's human
 * text, the replay commands). Returns one string of every output, so two runs can be compared.
 */
import { analyze } from '../dist/node/core/analyze.js';
import { HeaderList } from '../dist/node/core/headers.js';
import { stringifyJsonDocument, toJsonDocument } from '../dist/node/core/export/json.js';
import { markdownForAll, markdownForOne } from '../dist/node/core/export/markdown.js';
import { handshakeSecrets, redactRawText, redactReport, redactUrl } from '../dist/node/core/export/redact.js';
import { curlCommand, probeCommand, replayInputOf } from '../dist/node/core/replay.js';
import { mapBrowserReason } from '../dist/node/core/checks/browser-reasons.js';
import { splitUrl } from '../dist/node/core/url.js';
import { secretParamNames } from '../dist/node/core/secrets.js';
import { parseHar } from '../dist/node/sources/har/parse.js';
import { stringifyHar, toHarDocument } from '../dist/node/sources/har/export.js';
import { jsonPointerLines } from '../dist/node/sources/har/locate.js';
import { parseRawHandshake } from '../dist/node/sources/raw.js';
import { parseResponseHead } from '../dist/node/sources/probe/head.js';
import { renderFormat, locator } from '../dist/node/cli/formats/index.js';
import { formatReport, formatTotals } from '../dist/node/cli/human.js';

const VERSION = '0.0.0-fuzz';

/** A handshake record from a plain description (header lists as [name, value] pairs), as a plugin or the DevTools feed would build it. */
export function handshakeOf(spec) {
  // The record builder's job: header lists of [name, value] pairs (anything else in them is dropped).
  const headers = (pairs) => HeaderList.fromPairs(Array.isArray(pairs) ? pairs.filter((p) => Array.isArray(p) && p.length === 2) : []);
  const h = {
    source: spec.source ?? 'fuzz',
    url: spec.url ?? '',
    transport: spec.transport ?? 'http/1.1',
    request: spec.request ? { method: spec.request.method ?? 'GET', httpVersion: spec.request.httpVersion ?? 'HTTP/1.1', headers: headers(spec.request.headers) } : null,
    response: spec.response
      ? {
          status: spec.response.status ?? 101,
          statusText: spec.response.statusText ?? '',
          httpVersion: spec.response.httpVersion ?? 'HTTP/1.1',
          headers: headers(spec.response.headers),
          bodyStart: spec.response.bodyStart ?? null,
        }
      : null,
    browserError: spec.browserError ?? null,
    capturedBy: spec.capturedBy ?? 'devtools',
  };
  if (spec.pageUrl) h.pageUrl = spec.pageUrl;
  if (spec.raw) h.raw = { request: spec.raw.request ?? '', response: spec.raw.response ?? '' };
  return h;
}

/** Every output of the reports, as one string. */
async function outputsOf(handshakes, items, out) {
  const reports = await analyze(handshakes);
  const redacted = reports.map(redactReport);
  out.push(stringifyJsonDocument(toJsonDocument(reports, [], { version: VERSION })));
  out.push(stringifyJsonDocument(toJsonDocument(redacted, [], { version: VERSION })));
  out.push(markdownForAll(reports, { version: VERSION, redacted: false }));
  if (redacted[0]) out.push(markdownForOne(redacted[0], { version: VERSION, redacted: true }));
  out.push(stringifyHar(toHarDocument(items, { version: VERSION })));
  out.push(stringifyHar(toHarDocument(items, { version: VERSION, redact: false })));
  const input = { reports, errors: [{ source: 'fuzz#/log/entries/0', message: 'fuzz' }], version: VERSION, fails: (v) => v === 'fail', locate: locator(new Map()) };
  for (const format of ['json', 'github', 'sarif', 'junit']) out.push(renderFormat(format, input));
  for (const r of reports) {
    out.push(...formatReport(r, false), ...formatReport(r, true));
    const replay = replayInputOf(r);
    out.push(curlCommand(replay), probeCommand(replay));
    out.push(redactUrl(r.url));
    if (r.browserError) out.push(JSON.stringify(mapBrowserReason(r.browserError)));
  }
  for (const h of handshakes) out.push(handshakeSecrets(h).join('\n'));
  out.push(formatTotals(reports, { inputs: 1, inputErrors: 0 }, false));
}

/**
 * Runs every target on `input`: `{ kind: 'raw', text }`, `{ kind: 'har', text }` or
 * `{ kind: 'record', spec }`. Returns the outputs joined; throws what a target throws.
 */
export async function runInput(input) {
  const out = [];
  if (input.kind === 'raw') {
    const parsed = parseRawHandshake(input.text, 'fuzz.txt');
    out.push(JSON.stringify(parsed.ok ? { ok: true } : parsed));
    out.push(redactRawText(input.text, []));
    const head = parseResponseHead(input.text);
    out.push(head ? String(head.response.status) : 'no head');
    if (parsed.ok) {
      const handshake = { ...parsed.handshake, raw: { request: input.text, response: input.text } };
      await outputsOf([parsed.handshake, handshake], [{ handshake: parsed.handshake }, { handshake }], out);
    }
  } else if (input.kind === 'har') {
    const parsed = parseHar(input.text, 'fuzz.har');
    if (!parsed.ok) {
      out.push(parsed.error);
    } else {
      const sources = parsed.handshakes.map((h) => h.source);
      const pointers = sources.map((s) => s.slice(s.indexOf('#') + 1));
      out.push(JSON.stringify([...jsonPointerLines(input.text, pointers)]));
      // The HAR export keeps each handshake's own entry, found by the index its source ends with.
      const entries = JSON.parse(input.text.charCodeAt(0) === 0xfeff ? input.text.slice(1) : input.text);
      const list = Array.isArray(entries?.log?.entries) ? entries.log.entries : Array.isArray(entries?.entries) ? entries.entries : [];
      const items = parsed.handshakes.map((handshake) => ({ handshake, entry: list[Number(handshake.source.slice(handshake.source.lastIndexOf('/') + 1))] }));
      await outputsOf(parsed.handshakes, items, out);
    }
  } else {
    const handshake = handshakeOf(input.spec);
    out.push(JSON.stringify(splitUrl(handshake.url)));
    const query = handshake.url.indexOf('?');
    if (query >= 0) out.push(secretParamNames(handshake.url.slice(query + 1)).join(','));
    await outputsOf([handshake], [{ handshake }], out);
  }
  return out.join('\n\u0001\n');
}
