/**
 * The demo page: opens one WebSocket per scenario and lists what happened.
 * `?only=a,b` picks scenarios (`?only=` opens none), `&sequential` opens them one at a
 * time, `&delay=MS` waits before the first; `window.openScenario(name)`
 * opens one on demand and resolves with its first outcome. Results are written
 * with textContent only.
 */
import type { Scenario } from './scenarios.js';

export interface DemoPageOptions {
  readonly scenarios: readonly Scenario[];
  /** `https://127.0.0.1:PORT` of the HTTP/2 server, or null when it is not running. */
  readonly h2Origin: string | null;
  /** The ws:// or wss:// URL of each scenario; null when its server is not running. */
  readonly urlOf: (scenario: Scenario) => string | null;
}

/** Escapes text for an HTML text or attribute context. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function demoPageHtml({ scenarios, h2Origin, urlOf }: DemoPageOptions): string {
  const config = {
    h2Origin,
    scenarios: scenarios.map((s) => ({
      name: s.name, url: urlOf(s), transport: s.transport, clientProtocols: s.clientProtocols, description: s.description,
      clientMessageBytes: s.clientMessageBytes,
    })),
  };
  // `<` is escaped so no value can close the script element.
  const configJson = JSON.stringify(config).replace(/</g, '\\u003c');
  const rows = scenarios
    .map((s) => `<tr data-scenario="${escapeHtml(s.name)}"><td>${escapeHtml(s.name)}</td>` +
      `<td>${escapeHtml(s.description)}</td><td class="state">not opened</td><td class="detail"></td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>WebSocket handshake demo</title>
<style>
  body { font: 13px system-ui, sans-serif; margin: 1em; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; vertical-align: top; }
  .state { font-weight: 600; }
</style>
</head>
<body>
<h1>WebSocket handshake demo</h1>
<p>Open DevTools, then the <b>WS Handshakes</b> tab. Each row opens a WebSocket to a server path that answers
the handshake in its own (mostly broken) way. <code>?only=a,b</code> picks scenarios, <code>&amp;sequential</code> opens them one at a time, <code>&amp;delay=MS</code> waits first; reload to run them again.</p>
<table>
<thead><tr><th>scenario</th><th>what the server does</th><th>state</th><th>detail</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<script>
(() => {
  const config = ${configJson};
  const byName = new Map(config.scenarios.map((s) => [s.name, s]));
  const results = {};
  const sockets = {};
  let h2Warmup = null;
  window.demoResults = results;
  window.demoSockets = sockets;

  function show(name, state, detail) {
    const row = document.querySelector('tr[data-scenario="' + CSS.escape(name) + '"]');
    if (!row) return;
    row.querySelector('.state').textContent = state;
    row.querySelector('.detail').textContent = detail || '';
  }

  // Chromium uses HTTP/2 for wss:// only when an HTTP/2 connection to the origin already exists.
  function warmUpH2() {
    if (!config.h2Origin) return Promise.reject(new Error('no HTTP/2 server'));
    // With credentials: WebSockets always use the credentialed connection pool, so a credential-less session would not be reused.
    if (!h2Warmup) h2Warmup = fetch(config.h2Origin + '/warmup', { cache: 'no-store', mode: 'no-cors', credentials: 'include' });
    return h2Warmup;
  }

  async function openScenario(name) {
    const s = byName.get(name);
    if (!s) throw new Error('unknown scenario ' + name);
    const url = s.url;
    if (s.transport === 'h2') {
      try { await warmUpH2(); } catch (e) {
        results[name] = { url, state: 'skipped', detail: String(e) };
        show(name, 'skipped', String(e));
        return results[name];
      }
    }
    const result = { url, state: 'connecting', protocol: null, extensions: null, code: null, messages: [] };
    results[name] = result;
    show(name, 'connecting');
    return new Promise((resolve) => {
      const ws = s.clientProtocols.length ? new WebSocket(url, s.clientProtocols) : new WebSocket(url);
      sockets[name] = ws;
      ws.onopen = () => {
        result.state = 'open';
        result.protocol = ws.protocol;
        result.extensions = ws.extensions;
        show(name, 'open', 'protocol=' + JSON.stringify(ws.protocol) + ' extensions=' + JSON.stringify(ws.extensions));
        ws.send(s.clientMessageBytes ? 'x'.repeat(s.clientMessageBytes) : 'hello ' + name);
        resolve(result);
      };
      ws.onmessage = (e) => { result.messages.push(String(e.data)); };
      ws.onerror = () => {
        if (result.state === 'connecting') result.state = 'error';
        show(name, result.state, 'error event');
      };
      ws.onclose = (e) => {
        const wasOpen = result.state === 'open';
        result.state = wasOpen ? 'closed' : 'failed';
        result.code = e.code;
        result.reason = e.reason;
        result.wasClean = e.wasClean;
        show(name, result.state, 'code ' + e.code + (e.reason ? ' ' + e.reason : ''));
        resolve(result);
      };
    });
  }
  window.openScenario = openScenario;

  const params = new URLSearchParams(location.search);
  const only = params.get('only');
  const names = only === null ? config.scenarios.map((s) => s.name) : only.split(',').filter(Boolean);
  const settled = (r) => r.state !== 'connecting';
  const start = (run) => setTimeout(run, Number(params.get('delay')) || 0);
  if (params.has('sequential')) {
    // One at a time: each socket settles (opens or fails) before the next starts.
    start(async () => {
      for (const n of names) {
        if (n === 'slow-pending') { void openScenario(n); continue; }
        const r = await openScenario(n);
        if (!settled(r)) continue;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  } else {
    start(() => { for (const n of names) void openScenario(n); });
  }
})();
</script>
</body>
</html>
`;
}
