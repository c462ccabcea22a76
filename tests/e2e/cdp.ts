/**
 * A minimal Chrome DevTools Protocol client over one target's WebSocket (the
 * `ws` package), for targets Playwright does not expose: the DevTools front-end,
 * the extension's devtools page and the panel iframe.
 */
import WebSocket from 'ws';

export interface CdpTarget {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly url: string;
  readonly webSocketDebuggerUrl?: string;
}

interface CdpReply {
  readonly id?: number;
  readonly method?: string;
  readonly params?: Record<string, unknown>;
  readonly result?: unknown;
  readonly error?: { readonly message: string };
}

interface EvaluateResult {
  readonly result?: { readonly value?: unknown; readonly description?: string };
  readonly exceptionDetails?: { readonly text?: string; readonly exception?: { readonly description?: string } };
}

/** GET /json/list of a browser started with --remote-debugging-port. */
export async function listTargets(port: number): Promise<CdpTarget[]> {
  const response = await fetch(`http://127.0.0.1:${port}/json/list`);
  if (!response.ok) throw new Error(`/json/list answered ${response.status}`);
  return (await response.json()) as CdpTarget[];
}

export class CdpClient {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private closedError: Error | null = null;
  private readonly listeners = new Map<string, Set<(params: Record<string, unknown>) => void>>();

  private constructor(private readonly socket: WebSocket, readonly target: CdpTarget) {
    socket.on('message', (data) => {
      const reply = JSON.parse(String(data)) as CdpReply;
      if (reply.id === undefined) {
        if (reply.method) for (const listener of this.listeners.get(reply.method) ?? []) listener(reply.params ?? {});
        return;
      }
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (reply.error) waiter.reject(new Error(`CDP ${target.url}: ${reply.error.message}`));
      else waiter.resolve(reply.result);
    });
    socket.on('close', () => {
      this.closedError = new Error(`CDP connection to ${target.url} closed`);
      for (const waiter of this.pending.values()) waiter.reject(this.closedError);
      this.pending.clear();
    });
  }

  static async connect(target: CdpTarget): Promise<CdpClient> {
    if (!target.webSocketDebuggerUrl) throw new Error(`target ${target.url} has no webSocketDebuggerUrl (already attached?)`);
    const socket = new WebSocket(target.webSocketDebuggerUrl, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new CdpClient(socket, target);
  }

  /** Listens to the target's CDP events named `method` (enable their domain first); returns a function that stops. */
  on(method: string, listener: (params: Record<string, unknown>) => void): () => void {
    const set = this.listeners.get(method) ?? new Set();
    set.add(listener);
    this.listeners.set(method, set);
    return () => set.delete(listener);
  }

  get closed(): boolean {
    return this.closedError !== null;
  }

  send<T = unknown>(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<T> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`CDP ${method} on ${this.target.url} timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (v) => { clearTimeout(timer); resolve(v as T); },
        reject: (e) => { clearTimeout(timer); reject(e); },
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Evaluates an expression (awaiting a promise result) and returns its JSON value; page exceptions become errors. */
  async evaluate<T = unknown>(expression: string, timeoutMs = 30_000): Promise<T> {
    const reply = await this.send<EvaluateResult>('Runtime.evaluate', {
      expression,
      awaitPromise: true,
      returnByValue: true,
      userGesture: true,
    }, timeoutMs);
    if (reply.exceptionDetails) {
      const detail = reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text ?? 'exception';
      throw new Error(`evaluate in ${this.target.url} threw: ${detail}\n  expression: ${expression.slice(0, 300)}`);
    }
    return reply.result?.value as T;
  }

  close(): void {
    this.socket.close();
  }
}
