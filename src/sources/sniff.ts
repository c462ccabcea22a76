/**
 * What a file or a paste is before it is parsed: a HAR (JSON), raw handshake
 * text, or binary data dropped by mistake (named, so the message can say what to
 * do). The CLI's `lint` and the panel's import both decide with these.
 */

/** How far into an input the sniffing looks. */
const SNIFF_LENGTH = 8192;

/** C0 controls other than tab, line feed, vertical tab, form feed and carriage return: never in text. */
function isControl(code: number): boolean {
  return code < 0x20 && (code < 0x09 || code > 0x0d);
}

/** Names a binary format by its magic bytes, or says "control bytes"; null for text. */
export function binaryKind(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip-compressed; decompress it first';
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'a zip archive';
  if (bytes[0] === 0xd4 && bytes[1] === 0xc3 && bytes[2] === 0xb2 && bytes[3] === 0xa1) return 'a pcap capture; export a HAR with pcap2har or Wireshark';
  if (bytes[0] === 0x0a && bytes[1] === 0x0d && bytes[2] === 0x0d && bytes[3] === 0x0a) return 'a pcapng capture; export a HAR with pcap2har or Wireshark';
  const end = Math.min(bytes.length, SNIFF_LENGTH);
  for (let i = 0; i < end; i++) if (isControl(bytes[i]!)) return 'control bytes';
  return null;
}

/**
 * UTF-16 (its byte order mark, FF FE or FE FF, as Windows tools and PowerShell's `>` write it):
 * every other byte is NUL, so it would read as binary data; say what it is instead.
 */
export function textEncodingProblem(bytes: Uint8Array): string | null {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return 'UTF-16 text, not UTF-8; save the file as UTF-8';
  }
  return null;
}

/** `binary` when decoded text starts with control characters (a binary file read as text). */
export function sniffText(text: string): 'text' | 'binary' {
  const end = Math.min(text.length, SNIFF_LENGTH);
  for (let i = 0; i < end; i++) if (isControl(text.charCodeAt(i))) return 'binary';
  return 'text';
}

/** A HAR when the name says so (`.har`, `.json`) or the content starts like JSON; raw handshake text otherwise. */
export function inputKind(name: string, text: string): 'har' | 'raw' {
  if (/\.(har|json)$/i.test(name)) return 'har';
  const first = /\S/.exec(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)?.[0] ?? '';
  return first === '{' || first === '[' ? 'har' : 'raw';
}
