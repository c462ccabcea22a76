/**
 * The errors a client fails a connection for after the 101: Chromium's exact
 * words (the `error` item of a HAR's `_webSocketMessages`, the console's
 * `WebSocket connection to '…' failed: <reason>`, measured with Chromium 156)
 * mapped to what they are, and each kind to its rule. The probe checks the
 * frames itself and names the kind directly.
 */
import type { ConnectionError, FrameErrorKind } from '../model.js';
import type { RuleId } from '../rules.js';

/** Chromium's reasons, by how they start (they carry values after that: bits, an opcode, a size). */
const CHROMIUM_REASONS: ReadonlyArray<readonly [prefix: string, kind: FrameErrorKind]> = [
  ['One or more reserved bits are on', 'reserved-bits'],
  ['A server must not mask any frames', 'masked'],
  ['Could not decode a text frame as UTF-8', 'invalid-utf8'],
  ['Unrecognized frame opcode', 'reserved-opcode'],
  ['Received unexpected continuation frame', 'fragmentation'],
  ['Received start of new message but previous message is unfinished', 'fragmentation'],
  ['Data frame received after close', 'data-after-close'],
  ['Received a broken close frame', 'close-frame'],
  ['Received a frame that sets compressed bit while another decompression is ongoing', 'deflate-data'],
  // Chromium's word for every header its parser refuses: HTTP text after the 101, a ping over 125 bytes,
  // a fragmented control frame, a non-minimal length, a 64-bit length with the top bit set, bad DEFLATE data.
  ['Invalid frame header', 'invalid-header'],
];

/** The kind an error is: the source's own, or read from the client's words. */
export function frameErrorKind(error: ConnectionError): FrameErrorKind {
  if (error.kind) return error.kind;
  const text = error.text.trim();
  for (const [prefix, kind] of CHROMIUM_REASONS) if (text.startsWith(prefix)) return kind;
  return 'other';
}

export const RULE_OF_FRAME_ERROR: Readonly<Record<FrameErrorKind, RuleId>> = {
  'reserved-bits': 'frame-reserved-bits',
  masked: 'frame-masked',
  'invalid-utf8': 'text-invalid-utf8',
  'reserved-opcode': 'frame-opcode-unknown',
  fragmentation: 'frame-fragmentation',
  'control-frame': 'frame-control-invalid',
  'data-after-close': 'frame-after-close',
  'close-frame': 'close-frame-invalid',
  'deflate-data': 'deflate-data-invalid',
  'http-after-101': 'http-after-101',
  'too-large': 'frame-too-large',
  'invalid-header': 'frame-header-invalid',
  other: 'connection-error',
};

/** The reason Chromium 156 puts in the close frame it sends on each error (the probe sends the same). */
export const CHROMIUM_CLOSE_REASON: Readonly<Record<FrameErrorKind, string>> = {
  'reserved-bits': 'Invalid reserved bit',
  masked: 'Masked frame from server',
  'invalid-utf8': 'Invalid UTF-8 in text frame',
  'reserved-opcode': 'Unknown opcode',
  fragmentation: 'Unexpected continuation',
  'control-frame': 'WebSocket Protocol Error',
  'data-after-close': '',
  'close-frame': '',
  'deflate-data': 'WebSocket Protocol Error',
  'http-after-101': 'WebSocket Protocol Error',
  'too-large': '',
  'invalid-header': 'WebSocket Protocol Error',
  other: 'WebSocket Protocol Error',
};

/** RSV1..3 from Chromium's "reserved1 = 1, reserved2 = 0, reserved3 = 0"; null when the text does not say. */
export function reservedBitsOf(text: string): { readonly rsv1: boolean; readonly rsv2: boolean; readonly rsv3: boolean } | null {
  const match = /reserved1 = ([01]), reserved2 = ([01]), reserved3 = ([01])/.exec(text);
  if (!match) return null;
  return { rsv1: match[1] === '1', rsv2: match[2] === '1', rsv3: match[3] === '1' };
}
