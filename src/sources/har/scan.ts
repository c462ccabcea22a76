/**
 * A HAR read as bytes, chunk by chunk, whatever its size: one pass checks the JSON
 * (the same errors, at the same byte offsets, as json-error.ts words them), finds each
 * entry of `log.entries` (or `entries` of a DevTools `getHAR()` log), and JSON.parses
 * only the entries that can be WebSocket handshakes, plus `log.pages` and
 * `log.creator`. Memory stays at the largest entry, not the file: V8 cannot hold a
 * string over ~512 MB, and a parsed 1 GB HAR takes ~3 GB.
 *
 * Which entries are parsed is a superset of select.ts's `isWebSocketEntry`, read from
 * the entry's own fields as they stream past: a `request.url` starting ws:/wss:, a
 * request header named Upgrade, :protocol or Sec-WebSocket-*, or `_resourceType` and
 * `_webSocketMessages` together. A parsed entry then goes through `isWebSocketEntry`
 * itself, so the handshakes are exactly those `handshakesFromHar` picks from the whole
 * document. Pure TypeScript (no Node API): the CLI and the panel's import worker share it.
 */
import type { Handshake } from '../../core/model.js';
import { buildHandshake, capturerOfCreator, capturerOfEntry, pageUrlsOf, type JsonObject } from './entry.js';
import { isWebSocketEntry } from './select.js';

export interface HarScanOptions {
  /** Count lines, so each handshake knows the line its entry starts on (CI annotations). */
  readonly lines?: boolean;
}

export type HarScanResult =
  | {
      readonly ok: true;
      readonly handshakes: Handshake[];
      /** Entries that are not WebSocket handshakes (ordinary requests, junk), left out. */
      readonly skipped: number;
      /** How many entries the HAR holds. */
      readonly entriesTotal: number;
      /** The parsed entry of each handshake, in the same order. */
      readonly entries: JsonObject[];
      /** With `lines`: the 1-based line each handshake's entry starts on, in the same order. */
      readonly lines: number[];
    }
  | { readonly ok: false; readonly error: string };

// Tokenizer states.
const VALUE = 0;
const VALUE_OR_END = 1;
const KEY = 2;
const KEY_OR_END = 3;
const COLON = 4;
const AFTER = 5;
const STRING = 6;
const ESCAPE = 7;
const UNICODE = 8; // \u and 0-3 hex digits read (`hexLeft` more to come)
const UTF8 = 9; // inside a multi-byte UTF-8 character in a string
const NUM_MINUS = 10;
const NUM_ZERO = 11;
const NUM_INT = 12;
const NUM_FRAC0 = 13;
const NUM_FRAC = 14;
const NUM_EXP0 = 15;
const NUM_EXP_SIGN = 16;
const NUM_EXP = 17;
const LITERAL = 18;
/** After a number, a '.' or an exponent mark that cannot continue it: a truncation if the input ends within it, else an error. */
const NUM_TAIL_DOT = 19;
const NUM_TAIL_E = 20;
const NUM_TAIL_E_SIGN = 21;
const FAILED = 22;

// What a container (or the value about to start) is, for the few paths the scan cares about.
const R_OTHER = 0;
const R_TOP = 1; // the document's top-level object
const R_LOG = 2; // /log
const R_ENTRIES_TOP = 3; // /entries (a getHAR() log)
const R_ENTRIES_LOG = 4; // /log/entries
const R_ENTRY = 5; // one entry
const R_REQUEST = 6; // entry.request
const R_HEADERS = 7; // entry.request.headers
const R_HEADER = 8; // one request header
// Roles of a value by its key (only in the containers above).
const K_NONE = 0;
const K_LOG = 1;
const K_ENTRIES = 2;
const K_PAGES = 3;
const K_CREATOR = 4;
const K_REQUEST = 5;
const K_RESOURCE_TYPE = 6;
const K_URL = 7;
const K_HEADERS = 8;
const K_NAME = 9;

/** Bytes that end the fast run inside a string: `"`, `\`, controls and non-ASCII. */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 256; c++) STRING_STOP[c] = c === 0x22 || c === 0x5c || c < 0x20 || c >= 0x80 ? 1 : 0;
const HEX = new Uint8Array(256);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const c of '"\\/bfnrt') SIMPLE_ESCAPE[c.charCodeAt(0)] = 1;

/** The longest key or value prefix the scan compares; longer ones cannot be what it looks for. */
const TOKEN_CAP = 160;
/** How much of the start of the input is kept for sniffing and the "starts with" message. */
const HEAD_BYTES = 8192;
const LITERALS = ['true', 'false', 'null'].map((l) => new TextEncoder().encode(l));

const END = 'unexpected end';
const utf8 = new TextDecoder('utf-8');

interface Collection {
  count: number;
  found: { index: number; entry: JsonObject; line: number }[];
  /** Handshakes already handed out by `takeReady` (they count for `skipped`). */
  taken: number;
}

/** Handshakes handed out before the input ended (`HarScanner.takeReady`). */
export interface HarScanBatch {
  readonly handshakes: Handshake[];
  /** The parsed entry of each handshake, in the same order. */
  readonly entries: JsonObject[];
  /** With `lines`: the 1-based line each handshake's entry starts on, in the same order. */
  readonly lines: number[];
}

/** One scan of one input. Feed it with `push`, then call `finish`; `settled` says more bytes change nothing. */
export class HarScanner {
  private readonly countLines: boolean;
  private state = VALUE;
  private kinds = new Uint8Array(64); // 1 = array, 0 = object
  private roles = new Uint8Array(64);
  private depth = 0;
  private offset = 0; // bytes before the current chunk (after any BOM)
  private line = 1;
  private keyRole = K_NONE;
  private isKey = false;
  private topKind: 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | null = null;
  // The string being read, when its text matters.
  private want = false;
  private tokenRole = K_NONE;
  private token: Uint8Array[] = [];
  private tokenLength = 0;
  private tokenEscaped = false;
  private hexLeft = 0;
  private escapeAt = 0;
  private utf8Left = 0;
  private utf8Lo = 0x80;
  private utf8Hi = 0xbf;
  private utf8At = 0;
  private utf8Lead = 0;
  private literal: Uint8Array = LITERALS[0]!;
  private literalIndex = 0;
  private literalAt = 0;
  private tailAt = 0;
  private tailReason = '';
  private error: string | null = null;
  // Input kept: the head, and the entry (or pages/creator) being read.
  private head = new Uint8Array(HEAD_BYTES);
  private headLength = 0;
  private bomChecked = false;
  private pending: Uint8Array | null = null;
  private capture: 'entry' | 'pages' | 'creator' | null = null;
  private captureDepth = 0;
  private captureTop = false;
  private captureStart = -1; // in the current chunk; -1 when it started in an earlier one
  private captureParts: Uint8Array[] = [];
  private captureLine = 0;
  private captureIndex = 0;
  // The entry being read: what it shows so far.
  private maybeWebSocket = false;
  private resourceTypeWebSocket = false;
  private hasMessages = false;
  // What the document holds (last key wins, as JSON.parse does).
  private logIsObject = false;
  private topEntries: Collection | null = null;
  private logEntries: Collection | null = null;
  private topPages: unknown = undefined;
  private topCreator: unknown = undefined;
  private logPages: unknown = undefined;
  private logCreator: unknown = undefined;
  private entriesOwner: Collection | null = null;

  constructor(options: HarScanOptions = {}) {
    this.countLines = options.lines === true;
  }

  /** True once an error is known and the head is complete: the caller may stop reading. */
  get settled(): boolean {
    return this.error !== null && this.headLength >= HEAD_BYTES;
  }

  /** Bytes consumed so far (after any byte order mark). */
  get bytes(): number {
    return this.offset;
  }

  push(input: Uint8Array): void {
    let chunk = input;
    if (!this.bomChecked) {
      // A UTF-8 byte order mark (Windows tools write one) is not part of the JSON; wait for 3 bytes to tell.
      const joined = this.pending ? concat([this.pending, chunk]) : chunk;
      if (joined.length < 3) {
        this.pending = joined;
        return;
      }
      this.pending = null;
      this.bomChecked = true;
      chunk = joined[0] === 0xef && joined[1] === 0xbb && joined[2] === 0xbf ? joined.subarray(3) : joined;
    }
    if (this.headLength < HEAD_BYTES) {
      const n = Math.min(HEAD_BYTES - this.headLength, chunk.length);
      this.head.set(chunk.subarray(0, n), this.headLength);
      this.headLength += n;
    }
    if (this.error === null) this.scan(chunk);
    this.offset += chunk.length;
  }

  private fail(at: number, reason: string): void {
    this.error = `not JSON (${reason} at byte ${at})`;
    this.state = FAILED;
  }

  private afterReason(): string {
    if (this.depth === 0) return 'unexpected text after the end of the JSON';
    return `expected ',' or '${this.kinds[this.depth - 1] === 1 ? ']' : '}'}'`;
  }

  private grow(): void {
    const kinds = new Uint8Array(this.kinds.length * 2);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const roles = new Uint8Array(this.roles.length * 2);
    roles.set(this.roles);
    this.roles = roles;
  }

  /** The role of a value starting now, from its container and key. */
  private valueRole(): number {
    if (this.depth === 0) return -1;
    const parent = this.roles[this.depth - 1]!;
    if (this.kinds[this.depth - 1] === 0) return this.keyRole;
    if (parent === R_ENTRIES_TOP || parent === R_ENTRIES_LOG) return -2; // an entry
    if (parent === R_HEADERS) return -3; // a header
    return K_NONE;
  }

  /** Book-keeping for a value starting at chunk index `i` with byte `c` ('{', '[', '"', or a scalar's first byte). */
  private startValue(c: number, i: number): void {
    const role = this.valueRole();
    const parent = this.depth > 0 ? this.roles[this.depth - 1]! : R_OTHER;
    const container = c === 0x7b || c === 0x5b;
    if (role === -1) {
      this.topKind = c === 0x7b ? 'object' : c === 0x5b ? 'array' : c === 0x22 ? 'string' : c === 0x74 || c === 0x66 ? 'boolean' : c === 0x6e ? 'null' : 'number';
    } else if (role === -2) {
      const owner = this.entriesOwner!;
      owner.count++;
      if (c === 0x7b) {
        this.maybeWebSocket = false;
        this.resourceTypeWebSocket = false;
        this.hasMessages = false;
        this.startCapture('entry', i, owner.count - 1);
      }
    } else if (role === K_LOG && parent === R_TOP) {
      this.logIsObject = c === 0x7b;
      this.logEntries = null;
      this.logPages = undefined;
      this.logCreator = undefined;
    } else if (role === K_ENTRIES) {
      const collection: Collection | null = c === 0x5b ? { count: 0, found: [], taken: 0 } : null;
      if (parent === R_TOP) this.topEntries = collection;
      else this.logEntries = collection;
      if (collection) this.entriesOwner = collection;
    } else if (role === K_PAGES || role === K_CREATOR) {
      if (parent === R_TOP) {
        if (role === K_PAGES) this.topPages = undefined;
        else this.topCreator = undefined;
      } else if (role === K_PAGES) this.logPages = undefined;
      else this.logCreator = undefined;
      if (container) {
        this.captureTop = parent === R_TOP;
        this.startCapture(role === K_PAGES ? 'pages' : 'creator', i, 0);
      }
    } else if (c === 0x22 && (role === K_RESOURCE_TYPE || role === K_URL || role === K_NAME)) {
      this.want = true;
      this.tokenRole = role;
    }
    if (container) {
      if (this.depth === this.kinds.length) this.grow();
      let next = R_OTHER;
      if (role === -1 && c === 0x7b) next = R_TOP;
      else if (role === K_LOG && parent === R_TOP && c === 0x7b) next = R_LOG;
      else if (role === K_ENTRIES && c === 0x5b) next = parent === R_TOP ? R_ENTRIES_TOP : R_ENTRIES_LOG;
      else if (role === -2 && c === 0x7b) next = R_ENTRY;
      else if (role === K_REQUEST && c === 0x7b) next = R_REQUEST;
      else if (role === K_HEADERS && c === 0x5b) next = R_HEADERS;
      else if (role === -3 && c === 0x7b) next = R_HEADER;
      this.kinds[this.depth] = c === 0x5b ? 1 : 0;
      this.roles[this.depth] = next;
      this.depth++;
    }
  }

  private startCapture(kind: 'entry' | 'pages' | 'creator', i: number, index: number): void {
    this.capture = kind;
    this.captureDepth = this.depth;
    this.captureStart = i;
    this.captureParts = [];
    this.captureLine = this.line;
    this.captureIndex = index;
  }

  /** A container closed at chunk index `i`: ends a capture that started at this depth. */
  private closeContainer(chunk: Uint8Array, i: number): void {
    this.depth--;
    if (this.capture === null || this.depth !== this.captureDepth) return;
    const kind = this.capture;
    this.capture = null;
    const keep = kind !== 'entry' || this.maybeWebSocket || (this.resourceTypeWebSocket && this.hasMessages);
    if (!keep) {
      this.captureParts = [];
      return;
    }
    const last = chunk.subarray(this.captureStart < 0 ? 0 : this.captureStart, i + 1);
    const bytes = this.captureParts.length === 0 ? last : concat([...this.captureParts, last]);
    this.captureParts = [];
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch (error) {
      // Only what this scan lets through and JSON.parse does not (none known) gets here.
      this.error = `not JSON (${(error instanceof Error ? error.message : String(error)).slice(0, 120)})`;
      this.state = FAILED;
      return;
    }
    if (kind === 'entry') {
      if (isWebSocketEntry(value)) this.entriesOwner!.found.push({ index: this.captureIndex, entry: value as JsonObject, line: this.captureLine });
    } else if (kind === 'pages') {
      if (this.captureTop) this.topPages = value;
      else this.logPages = value;
    } else if (this.captureTop) this.topCreator = value;
    else this.logCreator = value;
  }

  /** A key or a wanted value string ended at chunk[end] (it began at chunk[start], or in an earlier chunk): its text decides roles and flags. */
  private endToken(chunk: Uint8Array, start: number, end: number): void {
    let text: string | null = null;
    if (this.token.length === 0 && !this.tokenEscaped && end - start <= TOKEN_CAP) {
      // The common case, without copying: a short ASCII string within one chunk.
      text = asciiText(chunk, start, end);
    }
    if (text === null && this.tokenLength + end - start <= TOKEN_CAP) {
      const tail = chunk.slice(start, end);
      const bytes = this.token.length === 0 ? tail : concat([...this.token, tail]);
      text = utf8.decode(bytes);
      if (this.tokenEscaped) {
        try {
          text = JSON.parse(`"${text}"`) as string;
        } catch {
          text = null;
        }
      }
    }
    this.token = [];
    this.tokenLength = 0;
    this.tokenEscaped = false;
    if (this.isKey) {
      this.keyRole = text === null ? K_NONE : keyRoleOf(this.roles[this.depth - 1]!, text);
      if (this.keyRole === -1) {
        this.hasMessages = true;
        this.keyRole = K_NONE;
      }
      return;
    }
    const role = this.tokenRole;
    this.want = false;
    if (text === null) {
      // Too long to compare: only a long URL can still matter, and its scheme is in the first bytes.
      if (role === K_URL && this.urlPrefixWebSocket) this.maybeWebSocket = true;
      return;
    }
    if (role === K_RESOURCE_TYPE) {
      if (text === 'websocket') this.resourceTypeWebSocket = true;
    } else if (role === K_URL) {
      if (/^wss?:/i.test(text)) this.maybeWebSocket = true;
    } else if (role === K_NAME) {
      const name = text.toLowerCase();
      if (name === 'upgrade' || text === ':protocol' || name.startsWith('sec-websocket-')) this.maybeWebSocket = true;
    }
  }

  private urlPrefixWebSocket = false;

  private scan(chunk: Uint8Array): void {
    const n = chunk.length;
    let state = this.state;
    let i = 0;
    const inString = state === STRING || state === ESCAPE || state === UNICODE || state === UTF8;
    let tokenStart = inString && this.want ? 0 : -1;
    if (this.capture !== null) this.captureStart = -1;
    const base = this.offset;
    main: while (i < n) {
      const c = chunk[i]!;
      switch (state) {
        case STRING: {
          // The fast run: most of a HAR is string bytes.
          let j = i;
          while (j < n && STRING_STOP[chunk[j]!] === 0) j++;
          if (j >= n) {
            i = n;
            break main;
          }
          const d = chunk[j]!;
          if (d === 0x22) {
            const from = tokenStart;
            tokenStart = -1;
            i = j + 1;
            if (this.isKey) {
              if (this.want) this.endToken(chunk, from, j);
              else this.keyRole = K_NONE;
              state = COLON;
            } else {
              if (this.want) this.endToken(chunk, from, j);
              state = AFTER;
            }
          } else if (d === 0x5c) {
            this.tokenEscaped = true;
            this.escapeAt = base + j;
            state = ESCAPE;
            i = j + 1;
          } else if (d < 0x20) {
            this.fail(base + j, 'bad character or escape in a string');
            state = FAILED;
            break main;
          } else {
            // UTF-8: a lead byte, then continuation bytes within the ranges it allows (RFC 3629 §4).
            this.utf8At = base + j;
            this.utf8Lead = d;
            if (d >= 0xc2 && d <= 0xdf) {
              this.utf8Left = 1;
              this.utf8Lo = 0x80;
              this.utf8Hi = 0xbf;
            } else if (d >= 0xe0 && d <= 0xef) {
              this.utf8Left = 2;
              this.utf8Lo = d === 0xe0 ? 0xa0 : 0x80;
              this.utf8Hi = d === 0xed ? 0x9f : 0xbf;
            } else if (d >= 0xf0 && d <= 0xf4) {
              this.utf8Left = 3;
              this.utf8Lo = d === 0xf0 ? 0x90 : 0x80;
              this.utf8Hi = d === 0xf4 ? 0x8f : 0xbf;
            } else {
              this.error = notUtf8(d, base + j);
              state = FAILED;
              break main;
            }
            state = UTF8;
            i = j + 1;
          }
          break;
        }
        case UTF8:
          if (c < this.utf8Lo || c > this.utf8Hi) {
            this.error = notUtf8(this.utf8Lead, this.utf8At);
            state = FAILED;
            break main;
          }
          this.utf8Lo = 0x80;
          this.utf8Hi = 0xbf;
          if (--this.utf8Left === 0) state = STRING;
          i++;
          break;
        case ESCAPE:
          if (c === 0x75) {
            state = UNICODE;
            this.hexLeft = 4;
          } else if (SIMPLE_ESCAPE[c] === 1) state = STRING;
          else {
            this.fail(this.escapeAt, 'bad character or escape in a string');
            state = FAILED;
            break main;
          }
          i++;
          break;
        case UNICODE:
          if (HEX[c] !== 1) {
            this.fail(this.escapeAt, 'bad character or escape in a string');
            state = FAILED;
            break main;
          }
          if (--this.hexLeft === 0) state = STRING;
          i++;
          break;
        case VALUE:
        case VALUE_OR_END:
        case KEY:
        case KEY_OR_END:
        case COLON:
        case AFTER: {
          if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
            if (c === 0x0a && this.countLines) this.line++;
            i++;
            break;
          }
          if (state === AFTER) {
            if (this.depth === 0) {
              this.fail(base + i, 'unexpected text after the end of the JSON');
              state = FAILED;
              break main;
            }
            const array = this.kinds[this.depth - 1] === 1;
            if (c === 0x2c) state = array ? VALUE : KEY;
            else if (c === (array ? 0x5d : 0x7d)) this.closeContainer(chunk, i);
            else {
              this.fail(base + i, `expected ',' or '${array ? ']' : '}'}'`);
              state = FAILED;
              break main;
            }
            if (this.error !== null) {
              state = FAILED;
              break main;
            }
            i++;
            break;
          }
          if (state === COLON) {
            if (c !== 0x3a) {
              this.fail(base + i, "expected ':' after a property name");
              state = FAILED;
              break main;
            }
            state = VALUE;
            i++;
            break;
          }
          if ((state === KEY_OR_END && c === 0x7d) || (state === VALUE_OR_END && c === 0x5d)) {
            this.closeContainer(chunk, i);
            if (this.error !== null) {
              state = FAILED;
              break main;
            }
            state = AFTER;
            i++;
            break;
          }
          if (state === KEY || state === KEY_OR_END) {
            if (c !== 0x22) {
              this.fail(base + i, 'expected a double-quoted property name');
              state = FAILED;
              break main;
            }
            this.isKey = true;
            this.tokenEscaped = false;
            const role = this.roles[this.depth - 1]!;
            this.want = role !== R_OTHER;
            tokenStart = this.want ? i + 1 : -1;
            state = STRING;
            i++;
            break;
          }
          // A value. Inside containers the scan does not follow (most of a HAR), only the nesting counts.
          const plain = this.depth > 0 && this.roles[this.depth - 1] === R_OTHER;
          if (plain && (c === 0x7b || c === 0x5b)) {
            if (this.depth === this.kinds.length) this.grow();
            this.kinds[this.depth] = c === 0x5b ? 1 : 0;
            this.roles[this.depth] = R_OTHER;
            this.depth++;
            state = c === 0x7b ? KEY_OR_END : VALUE_OR_END;
            i++;
          } else if (plain && c === 0x22) {
            this.isKey = false;
            this.want = false;
            state = STRING;
            i++;
          } else if (c === 0x7b || c === 0x5b) {
            this.startValue(c, i);
            state = c === 0x7b ? KEY_OR_END : VALUE_OR_END;
            i++;
          } else if (c === 0x22) {
            this.isKey = false;
            this.want = false;
            this.tokenEscaped = false;
            this.startValue(c, i);
            if (this.want) {
              tokenStart = i + 1;
              this.urlPrefixWebSocket = false;
              if (this.tokenRole === K_URL) this.urlPrefixWebSocket = urlPrefix(chunk, i + 1);
            }
            state = STRING;
            i++;
          } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
            if (!plain) this.startValue(c, i);
            state = c === 0x2d ? NUM_MINUS : c === 0x30 ? NUM_ZERO : NUM_INT;
            this.literalAt = base + i;
            i++;
          } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
            if (!plain) this.startValue(c, i);
            this.literal = LITERALS[c === 0x74 ? 0 : c === 0x66 ? 1 : 2]!;
            this.literalIndex = 1;
            this.literalAt = base + i;
            state = LITERAL;
            i++;
          } else {
            this.fail(base + i, `unexpected character ${JSON.stringify(charAt(chunk, i))}`);
            state = FAILED;
            break main;
          }
          break;
        }
        case LITERAL:
          if (c !== this.literal[this.literalIndex]) {
            this.fail(this.literalAt, `unexpected character ${JSON.stringify(String.fromCharCode(this.literal[0]!))}`);
            state = FAILED;
            break main;
          }
          if (++this.literalIndex === this.literal.length) state = AFTER;
          i++;
          break;
        case NUM_MINUS:
          if (c >= 0x30 && c <= 0x39) {
            state = c === 0x30 ? NUM_ZERO : NUM_INT;
            i++;
          } else {
            this.fail(this.literalAt, 'unexpected character "-"');
            state = FAILED;
            break main;
          }
          break;
        case NUM_ZERO:
        case NUM_INT:
        case NUM_FRAC:
        case NUM_EXP:
          if (c >= 0x30 && c <= 0x39 && state !== NUM_ZERO) {
            i++;
          } else if (c === 0x2e && (state === NUM_ZERO || state === NUM_INT)) {
            state = NUM_FRAC0;
            this.tailAt = base + i;
            i++;
          } else if ((c === 0x65 || c === 0x45) && state !== NUM_EXP) {
            state = NUM_EXP0;
            this.tailAt = base + i;
            i++;
          } else if (c === 0x2e || c === 0x65 || c === 0x45) {
            // The number is complete; a '.' or 'e' after it is an error unless the input ends within it.
            this.tailAt = base + i;
            this.tailReason = this.afterReason();
            state = c === 0x2e ? NUM_TAIL_DOT : NUM_TAIL_E;
            i++;
          } else {
            state = AFTER; // this byte is read again after the number
          }
          break;
        case NUM_FRAC0:
          if (c >= 0x30 && c <= 0x39) {
            state = NUM_FRAC;
            i++;
          } else {
            this.fail(this.tailAt, this.afterReason());
            state = FAILED;
            break main;
          }
          break;
        case NUM_EXP0:
          if (c >= 0x30 && c <= 0x39) state = NUM_EXP;
          else if (c === 0x2b || c === 0x2d) state = NUM_EXP_SIGN;
          else {
            this.fail(this.tailAt, this.afterReason());
            state = FAILED;
            break main;
          }
          i++;
          break;
        case NUM_EXP_SIGN:
          if (c >= 0x30 && c <= 0x39) {
            state = NUM_EXP;
            i++;
          } else {
            this.fail(this.tailAt, this.afterReason());
            state = FAILED;
            break main;
          }
          break;
        case NUM_TAIL_E:
          if (c === 0x2b || c === 0x2d) {
            state = NUM_TAIL_E_SIGN;
            i++;
            break;
          }
          this.fail(this.tailAt, this.tailReason);
          state = FAILED;
          break main;
        case NUM_TAIL_DOT:
        case NUM_TAIL_E_SIGN:
          this.fail(this.tailAt, this.tailReason);
          state = FAILED;
          break main;
        default:
          break main;
      }
    }
    if ((state === STRING || state === ESCAPE || state === UNICODE || state === UTF8) && tokenStart >= 0 && tokenStart < n) this.addToken(chunk.subarray(tokenStart, n));
    if (this.capture !== null && state !== FAILED) this.captureParts.push(chunk.subarray(this.captureStart < 0 ? 0 : this.captureStart));
    this.state = state;
  }

  /** Part of a key or wanted string that a chunk boundary cut. */
  private addToken(bytes: Uint8Array): void {
    this.tokenLength += bytes.length;
    if (this.tokenLength <= TOKEN_CAP) this.token.push(bytes.slice());
  }

  /** WebSocket entries read and not yet handed out. */
  get readyCount(): number {
    return this.takeable ? this.logEntries!.found.length : 0;
  }

  private get takeable(): boolean {
    const collection = this.logEntries;
    return this.logIsObject && collection !== null && this.entriesOwner === collection && this.logPages !== undefined && this.logCreator !== undefined;
  }

  /**
   * Hands out the handshakes of the entries read so far, so a caller can report them and
   * let them go: memory then follows a batch, not the file. Only once what names them is
   * known — `log` is an object, its `creator` and `pages` are read (HAR writers put them
   * before `entries`) and the entries being read are `log.entries` — else nothing, and
   * `finish` gives them all as before. What `finish` later returns is the rest; if the
   * input then turns out broken, the handshakes handed out stay reported.
   */
  takeReady(source: string): HarScanBatch {
    if (!this.takeable) return { handshakes: [], entries: [], lines: [] };
    return this.build(this.logEntries!, source, '/log/entries', pageUrlsOf(this.logPages), capturerOfCreator(this.logCreator));
  }

  private build(collection: Collection, source: string, pointer: string, pageUrls: ReturnType<typeof pageUrlsOf>, creator: ReturnType<typeof capturerOfCreator>): HarScanBatch {
    const handshakes: Handshake[] = [];
    const entries: JsonObject[] = [];
    const lines: number[] = [];
    for (const { index, entry, line } of collection.found) {
      const handshake = buildHandshake(entry, `${source}#${pointer}/${index}`, pageUrls, creator ?? capturerOfEntry(entry));
      if (!handshake) continue;
      handshakes.push(handshake);
      entries.push(entry);
      lines.push(line);
    }
    collection.found = [];
    collection.taken += handshakes.length;
    return { handshakes, entries, lines };
  }

  /** The input ended: the handshakes, or why there are none. `source` names the handshakes (`capture.har#/log/entries/12`). */
  finish(source: string): HarScanResult {
    if (!this.bomChecked && this.pending) {
      const rest = this.pending;
      this.pending = null;
      this.bomChecked = true;
      this.push(rest);
    }
    const head = utf8.decode(this.head.subarray(0, this.headLength));
    if (this.offset <= HEAD_BYTES && head.trim() === '') return { ok: false, error: 'empty file, not a HAR' };
    for (let i = 0; i < this.headLength; i++) {
      const b = this.head[i]!;
      if (b < 0x20 && (b < 0x09 || b > 0x0d)) return { ok: false, error: 'binary data, not a HAR' };
    }
    let error = this.error;
    if (error === null) {
      const state = this.state;
      const complete = this.depth === 0 && (state === AFTER || state === NUM_ZERO || state === NUM_INT || state === NUM_FRAC || state === NUM_EXP);
      if (!complete) error = `not JSON (truncated? ${END} at byte ${this.offset})`;
    }
    if (error !== null) {
      const trimmed = head.trimStart();
      const first = trimmed.charAt(0);
      if (first !== '{' && first !== '[') {
        const start = trimmed.slice(0, 24).replace(/[\r\n\t]+/g, ' ');
        return { ok: false, error: `not JSON (starts with "${start}${trimmed.length > 24 ? '…' : ''}")` };
      }
      return { ok: false, error };
    }
    if (this.topKind !== 'object') {
      const what = this.topKind === 'array' ? 'an array' : `a ${this.topKind ?? 'null'}`;
      return { ok: false, error: `JSON but not a HAR (${what}, no log.entries)` };
    }
    const fromLog = this.logIsObject;
    const collection = fromLog ? this.logEntries : this.topEntries;
    if (collection === null) return { ok: false, error: 'JSON but not a HAR (no log.entries)' };
    const pointer = fromLog ? '/log/entries' : '/entries';
    const pageUrls = pageUrlsOf(fromLog ? this.logPages : this.topPages);
    const creator = capturerOfCreator(fromLog ? this.logCreator : this.topCreator);
    const { handshakes, entries, lines } = this.build(collection, source, pointer, pageUrls, creator);
    return { ok: true, handshakes, skipped: collection.count - collection.taken, entriesTotal: collection.count, entries, lines };
  }
}

/** A key's role in a container the scan follows; -1 marks `_webSocketMessages` (its presence is what counts). */
function keyRoleOf(container: number, key: string): number {
  switch (container) {
    case R_TOP:
      return key === 'log' ? K_LOG : key === 'entries' ? K_ENTRIES : key === 'pages' ? K_PAGES : key === 'creator' ? K_CREATOR : K_NONE;
    case R_LOG:
      return key === 'entries' ? K_ENTRIES : key === 'pages' ? K_PAGES : key === 'creator' ? K_CREATOR : K_NONE;
    case R_ENTRY:
      return key === 'request' ? K_REQUEST : key === '_resourceType' ? K_RESOURCE_TYPE : key === '_webSocketMessages' ? -1 : K_NONE;
    case R_REQUEST:
      return key === 'url' ? K_URL : key === 'headers' ? K_HEADERS : K_NONE;
    case R_HEADER:
      return key === 'name' ? K_NAME : K_NONE;
    default:
      return K_NONE;
  }
}

/** A URL longer than the token cap is still judged by its first bytes (its scheme); escaped, or cut by the chunk's end: cannot tell cheaply, so parse the entry. */
function urlPrefix(b: Uint8Array, at: number): boolean {
  if (b.length - at < 8) return true;
  for (let k = at; k < at + 8; k++) if (b[k] === 0x5c) return true;
  return (b[at]! | 0x20) === 0x77 && (b[at + 1]! | 0x20) === 0x73 && (b[at + 2] === 0x3a || ((b[at + 2]! | 0x20) === 0x73 && b[at + 3] === 0x3a));
}

/** bytes[start, end) as a string when all are ASCII, else null. */
function asciiText(bytes: Uint8Array, start: number, end: number): string | null {
  let text = '';
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    if (c >= 0x80) return null;
    text += String.fromCharCode(c);
  }
  return text;
}

function notUtf8(byte: number, at: number): string {
  return `not UTF-8 (byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')} at byte ${at}); save the file as UTF-8`;
}

/** The UTF-16 code unit at a byte index, as JSON.parse's error would quote it. */
function charAt(chunk: Uint8Array, i: number): string {
  const c = chunk[i]!;
  if (c < 0x80) return String.fromCharCode(c);
  return utf8.decode(chunk.subarray(i, Math.min(chunk.length, i + 4))).charAt(0);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Scans a whole input held in memory. */
export function scanHarBytes(bytes: Uint8Array, source: string, options: HarScanOptions = {}): HarScanResult {
  const scanner = new HarScanner(options);
  scanner.push(bytes);
  return scanner.finish(source);
}

/** Scans chunks as they come (a Node read stream, `Blob.stream()`), stopping early once the outcome is known. */
export async function scanHarChunks(
  chunks: AsyncIterable<Uint8Array>,
  source: string,
  options: HarScanOptions & { readonly onBytes?: (bytes: number) => void } = {},
): Promise<HarScanResult> {
  const scanner = new HarScanner(options);
  let read = 0;
  for await (const chunk of chunks) {
    scanner.push(chunk);
    read += chunk.length;
    options.onBytes?.(read);
    if (scanner.settled) break;
  }
  return scanner.finish(source);
}
