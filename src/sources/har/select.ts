/**
 * Which HAR entries are WebSocket handshakes. This is the hot path for big HARs:
 * an entry is looked at through its URL scheme, `_resourceType` and request
 * header names only, and nothing is built for an entry that is not one.
 */

type JsonObject = Record<string, unknown>;

/**
 * A WebSocket handshake is an entry with a ws:/wss: URL, or an `Upgrade:
 * websocket` request header, or an extended CONNECT (`:protocol: websocket`),
 * or `_resourceType: "websocket"` backed by WebSocket evidence. The type alone
 * proves nothing: the msw corpus HARs label plain fetches "websocket", while
 * mitmproxy and pcap2har give real WebSockets http(s):// URLs.
 */
export function isWebSocketEntry(entry: unknown): boolean {
  if (typeof entry !== 'object' || entry === null) return false;
  const request = (entry as JsonObject).request;
  if (typeof request !== 'object' || request === null) return false;
  const url = (request as JsonObject).url;
  if (typeof url === 'string' && hasWebSocketScheme(url)) return true;

  const headers = (request as JsonObject).headers;
  let webSocketHeader = false;
  if (Array.isArray(headers)) {
    for (let i = 0; i < headers.length; i++) {
      const header: unknown = headers[i];
      if (typeof header !== 'object' || header === null) continue;
      const name = (header as JsonObject).name;
      if (typeof name !== 'string') continue;
      // Compare only names of the right length, so most headers cost one length check.
      switch (name.length) {
        case 7: // Upgrade
          if (name.toLowerCase() === 'upgrade' && mentionsWebSocket((header as JsonObject).value)) return true;
          break;
        case 9: // :protocol (RFC 8441 extended CONNECT)
          if (name === ':protocol' && mentionsWebSocket((header as JsonObject).value)) return true;
          break;
        case 17: // Sec-WebSocket-Key
        case 21: // Sec-WebSocket-Version
          if (name.toLowerCase().startsWith('sec-websocket-')) webSocketHeader = true;
          break;
        default:
          break;
      }
    }
  }
  if (!webSocketHeader && Array.isArray((entry as JsonObject)._webSocketMessages) && (entry as JsonObject)._resourceType === 'websocket') {
    return true;
  }
  if (!webSocketHeader) return false;
  const method = (request as JsonObject).method;
  return (entry as JsonObject)._resourceType === 'websocket' || (typeof method === 'string' && method.toUpperCase() === 'CONNECT');
}

function hasWebSocketScheme(url: string): boolean {
  const c0 = url.charCodeAt(0) | 0x20;
  const c1 = url.charCodeAt(1) | 0x20;
  if (c0 !== 0x77 || c1 !== 0x73) return false; // "ws"
  const c2 = url.charCodeAt(2);
  return c2 === 0x3a || ((c2 | 0x20) === 0x73 && url.charCodeAt(3) === 0x3a); // "ws:" or "wss:"
}

function mentionsWebSocket(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase().includes('websocket');
}
