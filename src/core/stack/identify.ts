/**
 * Which components answered a handshake, read from the response alone: the
 * Server, Via and X-Powered-By headers, headers only one component adds, how
 * the header names are spelled (HAProxy and Envoy lower-case every name they
 * relay), and the body's start matched against each component's known answers
 * (fingerprints.ts). Pure and linear in the size of the response; the response
 * is untrusted text and only ever quoted.
 */
import type { HandshakeResponse, Transport } from '../model.js';
import { COMPONENTS, COMPONENT_BY_ID, type BodySignature, type Component } from './fingerprints.js';

/** One component seen in the answer, and what showed it. */
export interface Sighting {
  readonly component: Component;
  /** The version a header names, or null. */
  readonly version: string | null;
  /** What showed it, e.g. "`Server: nginx/1.22.1`". */
  readonly evidence: string;
  readonly by: 'header' | 'habit' | 'body';
}

export interface BodyMatch {
  readonly component: Component;
  readonly signature: BodySignature;
  /** The body line that tells (tags stripped, bounded). */
  readonly quote: string;
  /** Another component that answers the same words, when no header confirmed this one. */
  readonly alternative: Component | null;
}

export interface StackReading {
  /** Every component seen, the front-most proxy first. */
  readonly sightings: readonly Sighting[];
  /** The front-most proxy, gateway or CDN seen, or null. */
  readonly proxy: Sighting | null;
  /** The application server seen (by a header, or because the body is its answer), or null. */
  readonly app: Sighting | null;
  /** The body, when a component's known answer matches it. */
  readonly body: BodyMatch | null;
  /** The body's first line of text (tags stripped, bounded), or null when the body is empty or absent. */
  readonly firstLine: string | null;
  /** The body is known to be empty (`Content-Length: 0`, or a source that read it and found nothing). */
  readonly emptyBody: boolean;
}

/** Longest piece of a body quoted. */
export const QUOTE_LIMIT = 160;

/** The body as the app wrote it: chunked transfer coding removed when the start shows it. */
export function bodyText(response: HandshakeResponse): string {
  const body = typeof response.bodyStart === 'string' ? response.bodyStart : '';
  if (body === '') return '';
  const coding = response.headers.combined('transfer-encoding') ?? '';
  return /chunked/i.test(coding) ? dechunk(body) : body;
}

/** Removes chunked transfer coding (RFC 9112 §7.1) from the start of a body, as far as it goes. */
export function dechunk(body: string): string {
  let out = '';
  let at = 0;
  while (at < body.length) {
    const lineEnd = body.indexOf('\n', at);
    if (lineEnd < 0) break;
    const sizeLine = body.slice(at, lineEnd).replace(/\r$/, '');
    const hex = /^([0-9a-fA-F]{1,8})(?:;.*)?$/.exec(sizeLine.trim());
    if (!hex) return out === '' ? body : out; // not chunked after all: the body as given
    const size = parseInt(hex[1]!, 16);
    if (size === 0) break;
    out += body.slice(lineEnd + 1, lineEnd + 1 + size);
    at = lineEnd + 1 + size;
    if (body.startsWith('\r\n', at)) at += 2;
    else if (body.startsWith('\n', at)) at += 1;
  }
  return out;
}

/** A line of markup as text: tags and comments removed, entities for `<>&"'` decoded, blanks collapsed. */
export function textOfLine(line: string): string {
  let text = '';
  let from = 0;
  let i = 0;
  while (i < line.length) {
    // `<` followed by a letter, `/`, `!` or `?` opens markup up to the next `>`; any other `<` is text.
    if (line.charCodeAt(i) === 0x3c && isMarkupStart(line.charCodeAt(i + 1))) {
      text += `${line.slice(from, i)} `;
      const close = line.indexOf('>', i + 1);
      i = close < 0 ? line.length : close + 1;
      from = i;
      continue;
    }
    i++;
  }
  text += line.slice(from);
  // One pass for the entities that matter and the blanks.
  return text.replace(ENTITY_OR_BLANKS, (match) => ENTITIES[match] ?? ' ').trim();
}

const ENTITIES: Readonly<Record<string, string>> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'", '&amp;': '&' };
const ENTITY_OR_BLANKS = /&(?:lt|gt|quot|#39|apos|amp);|\s+/g;

function isMarkupStart(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x2f || code === 0x21 || code === 0x3f;
}

function bounded(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

/** The first line of the body with text in it, tags stripped. */
export function firstTextLine(body: string): string | null {
  for (const line of body.split('\n')) {
    const text = textOfLine(line);
    if (text !== '') return bounded(text);
  }
  return null;
}

/** The text of the line that holds `needle`, or null. */
function lineWith(body: string, needle: string): string | null {
  const at = body.indexOf(needle);
  if (at < 0) return null;
  const start = body.lastIndexOf('\n', at) + 1;
  const end = body.indexOf('\n', at);
  const text = textOfLine(body.slice(start, end < 0 ? body.length : end));
  return text === '' ? null : bounded(text);
}

function signatureMatches(signature: BodySignature, status: number, body: string, trimmed: string, emptyBody: boolean, response: HandshakeResponse): boolean {
  if (signature.status.length > 0 && !signature.status.includes(status)) return false;
  if (signature.withHeader && !response.headers.has(signature.withHeader)) return false;
  if (signature.withoutHeader && response.headers.has(signature.withoutHeader)) return false;
  if (signature.empty) return emptyBody;
  if (signature.exact !== undefined && trimmed !== signature.exact) return false;
  if (signature.starts !== undefined && !trimmed.startsWith(signature.starts)) return false;
  if (signature.includes && !signature.includes.every((part) => body.includes(part))) return false;
  return signature.exact !== undefined || signature.starts !== undefined || (signature.includes?.length ?? 0) > 0;
}

function quoteOf(signature: BodySignature, body: string): string {
  const needle = signature.quote ?? signature.exact ?? signature.starts ?? signature.includes?.[0];
  if (signature.empty || needle === undefined) return '';
  return lineWith(body, needle) ?? firstTextLine(body) ?? '';
}

function versionOf(patterns: readonly RegExp[] | undefined, value: string): { version: string | null } | null {
  for (const pattern of patterns ?? []) {
    const match = pattern.exec(value);
    if (match) return { version: match[1] ?? null };
  }
  return null;
}

/** Sightings from headers: Server (each line), Via (each entry), X-Powered-By, and headers only one component adds. */
function headerSightings(response: HandshakeResponse): Sighting[] {
  const seen: Sighting[] = [];
  const add = (component: Component, version: string | null, evidence: string): void => {
    if (!seen.some((s) => s.component.id === component.id)) seen.push({ component, version, evidence, by: 'header' });
  };
  const headers = response.headers;
  for (const line of headers.getAll('via')) {
    for (const entry of line.split(',')) {
      const value = entry.trim();
      for (const component of COMPONENTS) {
        if (versionOf(component.via, value)) add(component, null, `\`Via: ${value}\``);
      }
    }
  }
  for (const line of headers.getAll('server')) {
    const value = line.trim();
    for (const component of COMPONENTS) {
      const found = versionOf(component.server, value);
      if (found) add(component, found.version, `\`Server: ${value}\``);
    }
  }
  for (const line of headers.getAll('x-powered-by')) {
    const value = line.trim();
    for (const component of COMPONENTS) {
      if (versionOf(component.poweredBy, value)) add(component, null, `\`X-Powered-By: ${value}\``);
    }
  }
  for (const component of COMPONENTS) {
    for (const name of component.headers ?? []) {
      if (headers.has(name)) add(component, null, `the \`${headers.spelling(name)}\` header`);
    }
  }
  return seen;
}

/** HAProxy 2.x and Envoy write every header name they relay in lower case on HTTP/1.1; apps and other proxies do not. */
function lowerCaseHabit(response: HandshakeResponse, transport: Transport): boolean {
  if (transport !== 'http/1.1' && transport !== 'unknown') return false;
  if (response.httpVersion !== null && !/^HTTP\/1/i.test(response.httpVersion)) return false;
  const names = response.headers.fields.map((f) => f.name).filter((name) => /[a-z]/i.test(name));
  return names.length >= 2 && names.every((name) => name === name.toLowerCase());
}

/** Reads which components answered; `transport` keeps HTTP/2's lower-case names from looking like a habit. */
export function identifyStack(response: HandshakeResponse, transport: Transport): StackReading {
  const status = response.status;
  const body = bodyText(response);
  const trimmed = body.trim();
  const emptyBody = trimmed === '' && (typeof response.bodyStart === 'string' || response.headers.first('content-length') === '0');
  const sightings = headerSightings(response);

  if (lowerCaseHabit(response, transport) && !sightings.some((s) => s.component.role === 'proxy')) {
    const uvicornAlone = sightings.some((s) => s.component.id === 'uvicorn'); // h11 writes lower-case names itself
    if (!uvicornAlone) sightings.unshift({ component: COMPONENT_BY_ID.haproxy, version: null, evidence: 'every header name in lower case, as HAProxy and Envoy write them', by: 'habit' });
  }

  // Components a header named are tried first, so their answers win over look-alikes.
  const named = new Set(sightings.map((s) => s.component.id));
  const order = [...COMPONENTS.filter((c) => named.has(c.id)), ...COMPONENTS.filter((c) => !named.has(c.id))];
  let match: BodyMatch | null = null;
  for (const component of order) {
    for (const signature of component.bodies ?? []) {
      if (signature.needsHeader && !named.has(component.id)) continue;
      if (!signatureMatches(signature, status, body, trimmed, emptyBody, response)) continue;
      const alternative = signature.sameAs && !named.has(component.id) ? COMPONENT_BY_ID[signature.sameAs] : null;
      match = { component, signature, quote: quoteOf(signature, body), alternative };
      break;
    }
    if (match) break;
  }

  if (match && !sightings.some((s) => s.component.id === match!.component.id)) {
    const evidence = match.signature.empty ? `its empty ${status} body` : `its answer \`${match.quote}\``;
    const sighting: Sighting = { component: match.component, version: null, evidence, by: 'body' };
    if (match.component.role === 'proxy') {
      // ingress-nginx is nginx with its own default backend: the more precise name replaces nginx.
      const nginx = sightings.findIndex((s) => s.component.id === 'nginx');
      if (match.component.id === 'ingress-nginx' && nginx >= 0) sightings.splice(nginx, 1, { ...sightings[nginx]!, component: match.component });
      else sightings.unshift(sighting);
    } else {
      sightings.push(sighting);
    }
  }
  const proxy = sightings.find((s) => s.component.role === 'proxy') ?? null;
  const bodyApp = match && match.component.role === 'app' ? sightings.find((s) => s.component.id === match!.component.id) ?? null : null;
  const app = bodyApp ?? sightings.find((s) => s.component.role === 'app') ?? null;
  return { sightings, proxy, app, body: match, firstLine: trimmed === '' ? null : firstTextLine(body), emptyBody };
}

/** "nginx 1.22.1", "Tornado (or Spring WebSocket)". */
export function sightingName(sighting: Sighting, alternative: Component | null = null): string {
  const version = sighting.version ? ` ${sighting.version}` : '';
  const other = alternative ? ` (or ${alternative.name})` : '';
  return `${sighting.component.name}${version}${other}`;
}

/** A sentence start: upper case, unless it starts with a component's own lower-case name ("nginx", "ws"). */
export function sentenceStart(text: string): string {
  const startsWithName = COMPONENTS.some((c) => c.name.charAt(0) !== c.name.charAt(0).toUpperCase() && text.startsWith(c.name));
  return startsWithName ? text : text.charAt(0).toUpperCase() + text.slice(1);
}
