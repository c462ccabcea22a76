/**
 * A minimal client for Marionette, Firefox's own remote protocol (no geckodriver:
 * Debian has no package for it, and nothing is downloaded). Node builtins only.
 *
 * Wire format: every message is `<byte length of the UTF-8 JSON>:<JSON>`. On
 * connect the server says `{"applicationType":"gecko","marionetteProtocol":3}`;
 * then a command is `[0, id, name, params]` and its reply `[1, id, error, result]`.
 */
import net from 'node:net';

/** A WebDriver element reference. */
export type ElementRef = Readonly<Record<string, string>>;

const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';

export class MarionetteError extends Error {
  readonly code: string;
  readonly remoteStack: string;
  constructor(command: string, error: { error: string; message: string; stacktrace?: string }) {
    super(`${command}: ${error.error}: ${error.message}`);
    this.name = 'MarionetteError';
    this.code = error.error;
    this.remoteStack = error.stacktrace ?? '';
  }
}

interface Pending {
  readonly name: string;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** The WebDriver key codes the tests press. */
export const Keys = { Escape: '\uE00C', Control: '\uE009', Enter: '\uE007', End: '\uE010', Home: '\uE011', ArrowUp: '\uE013', ArrowDown: '\uE015' } as const;

/** One key-input source pressing `keys` in order and releasing them in reverse (a chord: Ctrl+V). */
export function chord(...keys: string[]): unknown[] {
  return [{ type: 'key', id: 'keyboard', actions: [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))] }];
}

export class Marionette {
  /** Per-command limit on the reply, ms (scripts also have Marionette's own `script` timeout). */
  commandTimeout = 60_000;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private hello: ((message: unknown) => void) | null = null;
  private closed = false;

  private constructor(private readonly socket: net.Socket) {}

  static connect(port: number, host = '127.0.0.1', timeout = 15_000): Promise<Marionette> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      const client = new Marionette(socket);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`Marionette: no hello from ${host}:${port} in ${timeout} ms`));
      }, timeout);
      socket.setNoDelay(true);
      socket.on('error', (error) => {
        clearTimeout(timer);
        reject(error);
        client.failAll(error);
      });
      socket.on('close', () => {
        client.closed = true;
        client.failAll(new Error('Marionette connection closed'));
      });
      socket.on('data', (chunk) => client.onData(chunk));
      client.hello = (message) => {
        clearTimeout(timer);
        const protocol = (message as { marionetteProtocol?: unknown }).marionetteProtocol;
        if (protocol !== 3) reject(new Error(`unsupported Marionette protocol: ${JSON.stringify(message)}`));
        else resolve(client);
      };
    });
  }

  private failAll(error: Error): void {
    for (const { reject, timer } of this.pending.values()) {
      clearTimeout(timer);
      reject(error);
    }
    this.pending.clear();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
      if (!Number.isInteger(length)) {
        this.socket.destroy(new Error(`bad Marionette frame header ${JSON.stringify(this.buffer.subarray(0, colon).toString('ascii').slice(0, 40))}`));
        return;
      }
      if (this.buffer.length < colon + 1 + length) return;
      const body = this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8');
      this.buffer = this.buffer.subarray(colon + 1 + length);
      const message: unknown = JSON.parse(body);
      if (!Array.isArray(message)) {
        const hello = this.hello;
        this.hello = null;
        hello?.(message);
        continue;
      }
      const [type, id, error, result] = message as [number, number, { error: string; message: string; stacktrace?: string } | null, unknown];
      if (type !== 1) continue; // the server sends us no commands
      const waiting = this.pending.get(id);
      if (!waiting) continue;
      this.pending.delete(id);
      clearTimeout(waiting.timer);
      if (error) waiting.reject(new MarionetteError(waiting.name, error));
      else waiting.resolve(result);
    }
  }

  /** Sends one command and resolves with its raw result. */
  send<T = unknown>(name: string, params: Record<string, unknown> = {}, timeout = this.commandTimeout): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${name}: Marionette connection closed`));
    const id = this.nextId++;
    const json = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${name}: no reply in ${timeout} ms`));
      }, timeout);
      this.pending.set(id, { name, resolve: resolve as (value: unknown) => void, reject, timer });
      this.socket.write(Buffer.concat([Buffer.from(`${json.length}:`, 'ascii'), json]));
    });
  }

  /** Most commands wrap their result in `{value}`; some (FindElements, GetWindowHandles, NewSession…) do not (bug 1819029). */
  private async value<T>(name: string, params: Record<string, unknown> = {}, timeout?: number): Promise<T> {
    return (await this.send<{ value: T }>(name, params, timeout)).value;
  }

  newSession(capabilities: Record<string, unknown> = {}): Promise<{ sessionId: string; capabilities: Record<string, unknown> }> {
    return this.send('WebDriver:NewSession', { capabilities: { alwaysMatch: capabilities } });
  }

  /** `chrome`: the browser's own UI (privileged; needs --remote-allow-system-access). `content`: the current content browsing context. */
  setContext(context: 'chrome' | 'content'): Promise<unknown> {
    return this.send('Marionette:SetContext', { value: context });
  }

  /**
   * Runs `body` as the body of an async function with `arguments` = `args` and
   * resolves with what it returns. Marionette runs a script body as a plain
   * function, but awaits a Promise it returns.
   */
  evaluate<T = unknown>(body: string, args: readonly unknown[] = [], timeout?: number): Promise<T> {
    const script = `return (async function () {\n${body}\n}).apply(this, arguments);`;
    return this.value<T>('WebDriver:ExecuteScript', { script, args }, timeout);
  }

  navigate(url: string): Promise<unknown> {
    return this.send('WebDriver:Navigate', { url });
  }

  refresh(): Promise<unknown> {
    return this.send('WebDriver:Refresh');
  }

  /** Base64 PNG of the current window (chrome context: the whole browser window, remote frames painted). */
  takeScreenshot(): Promise<string> {
    return this.value<string>('WebDriver:TakeScreenshot', { full: false, hash: false, scroll: false });
  }

  findElements(css: string): Promise<ElementRef[]> {
    return this.send<ElementRef[]>('WebDriver:FindElements', { using: 'css selector', value: css });
  }

  /** A trusted click (mousemove, mousedown, mouseup, click at the element's centre). */
  elementClick(element: ElementRef): Promise<unknown> {
    return this.send('WebDriver:ElementClick', { id: Marionette.elementId(element) });
  }

  /** Types `text`; on an `<input type=file>` it is the path of the file to choose. */
  elementSendKeys(element: ElementRef, text: string): Promise<unknown> {
    return this.send('WebDriver:ElementSendKeys', { id: Marionette.elementId(element), text });
  }

  async performActions(actions: unknown[]): Promise<void> {
    await this.send('WebDriver:PerformActions', { actions });
    await this.send('WebDriver:ReleaseActions');
  }

  getWindowHandle(): Promise<string> {
    return this.value<string>('WebDriver:GetWindowHandle');
  }

  switchToWindow(handle: string): Promise<unknown> {
    return this.send('WebDriver:SwitchToWindow', { handle, focus: true });
  }

  /** Installs an add-on (an absolute path to a directory or .xpi); resolves with its id. */
  installAddon(path: string, temporary = true): Promise<string> {
    return this.value<string>('Addon:Install', { path, temporary, allowPrivateBrowsing: false });
  }

  /** Asks Firefox to quit (needs the live session); resolves when it answers or the connection closes. */
  async quit(): Promise<void> {
    try {
      await this.send('Marionette:Quit', { flags: ['eForceQuit'] }, 20_000);
    } catch (error) {
      if (!/closed/.test(String(error))) throw error;
    }
  }

  close(): void {
    this.closed = true;
    this.socket.destroy();
  }

  static elementId(element: ElementRef): string {
    const id = element[ELEMENT_KEY] ?? Object.values(element)[0];
    if (!id) throw new Error(`not an element reference: ${JSON.stringify(element)}`);
    return id;
  }
}
