/**
 * Headers parsed once: `HeaderList` keeps order, original case and duplicates
 * with case-insensitive lookup, and one small parser per header grammar
 * (RFC 9110 token lists, RFC 6455 §4.1 subprotocol lists, RFC 6455 §9.1
 * extension lists). Rules read these parsed values, never raw strings.
 * Parsers never throw: nonsense comes back as a typed error value.
 */

const NO_VALUES: readonly string[] = Object.freeze([]);

export interface HeaderField {
  readonly name: string;
  readonly value: string;
}

export class HeaderList {
  readonly fields: readonly HeaderField[];
  private readonly byName = new Map<string, string[]>();

  constructor(fields: Iterable<HeaderField> = []) {
    const kept: HeaderField[] = [];
    for (const field of fields) {
      const name = String(field.name);
      const value = String(field.value);
      kept.push({ name, value });
      const lower = name.toLowerCase();
      const values = this.byName.get(lower);
      if (values) values.push(value);
      else this.byName.set(lower, [value]);
    }
    this.fields = kept;
  }

  static fromPairs(pairs: Iterable<readonly [string, string]>): HeaderList {
    return new HeaderList(Array.from(pairs, ([name, value]) => ({ name, value })));
  }

  // Lookups try the name as given first: callers pass lower-case names, so most never lower-case anything.
  has(name: string): boolean {
    return this.byName.has(name) || this.byName.has(name.toLowerCase());
  }

  /** Every field line's value for `name`, in order. */
  getAll(name: string): readonly string[] {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase()) ?? NO_VALUES;
  }

  /** How many field lines carry `name`. */
  count(name: string): number {
    return this.getAll(name).length;
  }

  /** The first field line's value (trimmed), or null. */
  first(name: string): string | null {
    const value = this.getAll(name)[0];
    return value === undefined ? null : value.trim();
  }

  /** All field lines combined as RFC 9110 §5.3 does (joined with ", "), or null. */
  combined(name: string): string | null {
    const values = this.getAll(name);
    if (values.length === 0) return null;
    return values.length === 1 ? values[0]!.trim() : values.map((v) => v.trim()).join(', ');
  }

  /** The name as the source spelled it (first occurrence), for messages. */
  spelling(name: string): string {
    const lower = name.toLowerCase();
    return this.fields.find((f) => f.name.toLowerCase() === lower)?.name ?? name;
  }

  get size(): number {
    return this.fields.length;
  }
}

// RFC 9110 §5.6.2: token = 1*tchar
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// The same tchar set per char code, for the parsers' inner loops (no regex per character).
const TCHAR = new Uint8Array(128);
for (let code = 0; code < 128; code++) TCHAR[code] = TOKEN.test(String.fromCharCode(code)) ? 1 : 0;

function isTcharCode(code: number): boolean {
  return code < 128 && TCHAR[code] === 1;
}

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTcharCode(text.charCodeAt(i))) return false;
  return true;
}

export interface TokenList {
  /** Tokens in order, original case. */
  readonly tokens: readonly string[];
  /** List elements that are not tokens (e.g. `web socket`, `"x"`). */
  readonly invalid: readonly string[];
}

/**
 * RFC 9110 §5.6.1 `#token`: comma-separated, optional whitespace, empty
 * elements ignored. Used for Connection, Upgrade and Sec-WebSocket-Protocol.
 */
export function parseTokenList(value: string | null): TokenList {
  const tokens: string[] = [];
  const invalid: string[] = [];
  if (value === null) return { tokens, invalid };
  if (!splitSimpleList(value, tokens, invalid)) {
    tokens.length = 0;
    invalid.length = 0;
    for (const part of value.split(',')) {
      const element = part.trim();
      if (element === '') continue;
      if (isToken(element)) tokens.push(element);
      else invalid.push(element);
    }
  }
  return { tokens, invalid };
}

/**
 * parseTokenList's one-pass scan for values made only of tchars, commas, spaces and tabs (nearly
 * all real values): there, trimming SP/HTAB is exactly String.prototype.trim. False for any other
 * character, and the caller then splits and trims the general way.
 */
function splitSimpleList(value: string, tokens: string[], invalid: string[]): boolean {
  let start = 0;
  let end = 0;
  let inner = false; // a space or tab inside the current element: not a token
  for (let i = 0; i <= value.length; i++) {
    const code = i < value.length ? value.charCodeAt(i) : 44;
    if (code === 44) {
      if (end > start) (inner ? invalid : tokens).push(value.slice(start, end));
      start = i + 1;
      end = start;
      inner = false;
    } else if (code === 32 || code === 9) {
      if (end === start) {
        start = i + 1;
        end = start;
      }
    } else if (isTcharCode(code)) {
      if (end < i) inner = end > start;
      end = i + 1;
    } else {
      return false;
    }
  }
  return true;
}

/** True when a token list contains `token`, compared case-insensitively. */
export function hasToken(list: TokenList, token: string): boolean {
  const wanted = token.toLowerCase();
  return list.tokens.some((t) => t.toLowerCase() === wanted);
}

/** True when `value` is `token` alone, as written (no list, no spaces), compared case-insensitively: the usual header value. */
function isBareToken(value: string, token: string): boolean {
  return value.length === token.length && isToken(value) && value.toLowerCase() === token.toLowerCase();
}

/** hasToken(parseTokenList(value), token), without building the list when the value is the token alone. */
export function listHasToken(value: string | null, token: string): boolean {
  return (value !== null && isBareToken(value, token)) || hasToken(parseTokenList(value), token);
}

/** True when the list `value` is exactly one element, `token` (case-insensitive), e.g. Upgrade in a 101. */
export function isOnlyToken(value: string, token: string): boolean {
  if (isBareToken(value, token)) return true;
  const list = parseTokenList(value);
  return list.tokens.length === 1 && list.invalid.length === 0 && list.tokens[0]!.toLowerCase() === token.toLowerCase();
}

export interface ExtensionParam {
  readonly name: string;
  /** The value after unquoting, or null for a bare parameter. */
  readonly value: string | null;
}

export interface Extension {
  readonly name: string;
  readonly params: readonly ExtensionParam[];
}

export type ExtensionListResult =
  | { readonly ok: true; readonly extensions: readonly Extension[] }
  | { readonly ok: false; readonly error: string; readonly extensions: readonly Extension[] };

/**
 * RFC 6455 §9.1:
 *   extension-list = 1#extension
 *   extension = extension-token *( ";" extension-param )
 *   extension-param = token [ "=" (token | quoted-string) ]
 * A quoted-string value must be a token once unquoted. On error, `extensions`
 * holds what parsed before the problem, and `error` says what and where.
 */
export function parseExtensionList(value: string): ExtensionListResult {
  // Plain functions over (text, pos) rather than closures: this runs for every handshake's offer and answer.
  const extensions: Extension[] = [];
  const text = value;
  let pos = 0;
  let sawElement = false;
  while (pos <= text.length) {
    pos = skipSpace(text, pos);
    if (pos >= text.length) break;
    if (text[pos] === ',') {
      // empty list element, allowed by RFC 9110 #rule
      pos++;
      continue;
    }
    let end = tokenEnd(text, pos);
    const name = text.slice(pos, end);
    pos = end;
    if (name === '') return failedExtensionList(`expected an extension name ${near(text, pos)}`, extensions);
    const params: ExtensionParam[] = [];
    pos = skipSpace(text, pos);
    while (pos < text.length && text[pos] === ';') {
      pos = skipSpace(text, pos + 1);
      end = tokenEnd(text, pos);
      const paramName = text.slice(pos, end);
      pos = end;
      if (paramName === '') return failedExtensionList(`expected a parameter name after ";" in ${name} ${near(text, pos)}`, extensions);
      pos = skipSpace(text, pos);
      let paramValue: string | null = null;
      if (text[pos] === '=') {
        pos = skipSpace(text, pos + 1);
        if (text[pos] === '"') {
          const quoted = readQuoted(text, pos);
          if (quoted === null) return failedExtensionList(`unterminated quoted value for ${paramName} in ${name}`, extensions);
          pos = quoted.end;
          if (!isToken(quoted.value)) {
            return failedExtensionList(`quoted value "${quoted.value}" for ${paramName} in ${name} is not a token once unquoted (RFC 6455 §9.1)`, extensions);
          }
          paramValue = quoted.value;
        } else {
          end = tokenEnd(text, pos);
          paramValue = text.slice(pos, end);
          pos = end;
          if (paramValue === '') return failedExtensionList(`expected a value after "${paramName}=" in ${name} ${near(text, pos)}`, extensions);
        }
        pos = skipSpace(text, pos);
      }
      params.push({ name: paramName, value: paramValue });
    }
    extensions.push({ name, params });
    sawElement = true;
    pos = skipSpace(text, pos);
    if (pos >= text.length) break;
    if (text[pos] !== ',') return failedExtensionList(`unexpected character ${near(text, pos)} after ${name}`, extensions);
    pos++;
  }
  if (!sawElement) return failedExtensionList('the extension list is empty', extensions);
  return { ok: true, extensions };
}

function failedExtensionList(error: string, extensions: readonly Extension[]): ExtensionListResult {
  return { ok: false, error, extensions };
}

/** The position after any spaces and tabs at `pos`. */
function skipSpace(text: string, pos: number): number {
  while (pos < text.length && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) pos++;
  return pos;
}

/** The position after the token (possibly empty) at `pos`. */
function tokenEnd(text: string, pos: number): number {
  while (pos < text.length && isTcharCode(text.charCodeAt(pos))) pos++;
  return pos;
}

/** The quoted-string opening at `pos`, unescaped, and the position after it; null when unterminated. */
function readQuoted(text: string, pos: number): { readonly value: string; readonly end: number } | null {
  pos++;
  let out = '';
  while (pos < text.length) {
    const ch = text[pos]!;
    if (ch === '"') return { value: out, end: pos + 1 };
    if (ch === '\\') {
      if (pos + 1 >= text.length) return null;
      out += text[pos + 1];
      pos += 2;
      continue;
    }
    out += ch;
    pos++;
  }
  return null;
}

/** Where a parse error is, for its message. */
function near(text: string, pos: number): string {
  return pos < text.length ? `at "${text.slice(pos, pos + 12)}"` : 'at the end';
}

/** Combined parse of every Sec-WebSocket-Extensions line (the header may repeat: RFC 6455 erratum 3433). */
export function parseExtensionHeaders(values: readonly string[]): ExtensionListResult {
  if (values.length === 1) return parseExtensionList(values[0]!);
  const all: Extension[] = [];
  for (const value of values) {
    const result = parseExtensionList(value);
    if (!result.ok) return { ok: false, error: result.error, extensions: [...all, ...result.extensions] };
    all.push(...result.extensions);
  }
  return { ok: true, extensions: all };
}

/** Formats an extension back to header text, e.g. `permessage-deflate; client_max_window_bits=15`. */
export function formatExtension(extension: Extension): string {
  return [extension.name, ...extension.params.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`))].join('; ');
}
