/**
 * Child processes for the stacks harness: every server (proxy or non-node
 * backend) runs in its own process group (spawned detached), so stop() can
 * signal the whole group: Apache's and nginx's workers, Python's event loop,
 * Caddy's goroutines… A process 'exit' hook SIGKILLs any group still alive,
 * so a crashed or interrupted test run leaves nothing behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import net from 'node:net';

const OUTPUT_CAP = 64 * 1024;

export interface Proc {
  readonly name: string;
  /** Pid of the group leader = the process group id. */
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or the signal name) when the leader exits. */
  readonly exited: Promise<string>;
  /** stdout + stderr so far (capped), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

const live = new Set<Proc>();

function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: nobody left in the group
  }
}

function groupAlive(pid: number): boolean {
  return killGroup(pid, 0 as unknown as NodeJS.Signals);
}

const tempDirs = new Set<string>();

/** A directory to delete when this process exits or is interrupted (unless KEEP_STACKS_TMP is set). */
export function removeOnExit(dir: string): void {
  tempDirs.add(dir);
}

export function forgetTempDir(dir: string): void {
  tempDirs.delete(dir);
}

function killAll(): void {
  for (const p of live) killGroup(p.pid, 'SIGKILL');
  if (process.env.KEEP_STACKS_TMP) return;
  for (const dir of tempDirs) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
}
process.on('exit', killAll);
// Interrupted (Ctrl-C, a test runner tearing its worker down): kill the
// groups, then die of the same signal as we would have.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.kill(process.pid, signal);
  });
}

export interface StartOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
}

export function startProcess(name: string, command: string, args: readonly string[], options: StartOptions = {}): Proc {
  const child = spawn(command, [...args], {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  const pid = child.pid;
  let out = '';
  const take = (chunk: Buffer): void => {
    if (out.length < OUTPUT_CAP) out += chunk.toString('latin1');
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? String(code)));
    child.once('error', (err) => resolve(`spawn error: ${err.message}`));
  });
  let stopping: Promise<void> | undefined;
  const proc: Proc = {
    name,
    pid,
    child,
    exited,
    output: () => out,
    stop: () => {
      stopping ??= (async () => {
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + 2_000;
        // Wait for the leader, then for the rest of the group (Apache's children).
        await Promise.race([exited, sleep(2_000)]);
        while (groupAlive(pid) && Date.now() < deadline) await sleep(25);
        if (groupAlive(pid)) {
          killGroup(pid, 'SIGKILL');
          const hard = Date.now() + 2_000;
          while (groupAlive(pid) && Date.now() < hard) await sleep(25);
        }
        await Promise.race([exited, sleep(500)]);
        live.delete(proc);
      })();
      return stopping;
    },
  };
  live.add(proc);
  return proc;
}

/** Process groups this harness started that still have a live member. */
export function liveGroups(): string[] {
  return [...live].filter((p) => groupAlive(p.pid)).map((p) => `${p.name} (pgid ${p.pid})`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Ports already handed out in this process: a port just released may come back from bind(0), and HAProxy binds with SO_REUSEPORT, so two proxies could share one. */
const handedOut = new Set<number>();

/** A port that was free a moment ago (bound to 0 and released), never one handed out before in this process. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.once('error', reject);
      srv.listen(0, host, () => {
        const addr = srv.address();
        if (addr === null || typeof addr === 'string') {
          srv.close();
          reject(new Error('no port'));
          return;
        }
        srv.close(() => resolve(addr.port));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}

function tryConnect(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect({ host, port });
    const done = (ok: boolean): void => {
      sock.removeAllListeners();
      sock.on('error', () => undefined);
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
  });
}

/**
 * Resolves once every port accepts a TCP connection; rejects when `proc`
 * exits first (a config error) or after `timeoutMs`, with the process output.
 */
export async function waitForPorts(ports: readonly number[], proc: Proc, timeoutMs = 10_000, host = '127.0.0.1'): Promise<void> {
  let exitedWith: string | undefined;
  void proc.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    for (;;) {
      if (exitedWith !== undefined) throw new Error(`${proc.name} exited (${exitedWith}) before listening on ${port}:\n${proc.output()}`);
      if (await tryConnect(host, port)) break;
      if (Date.now() > deadline) throw new Error(`${proc.name}: port ${port} not accepting after ${timeoutMs} ms:\n${proc.output()}`);
      await sleep(30);
    }
  }
}

/** Resolves with the first match of `re` in the process output (e.g. a printed port). */
export async function waitForOutput(proc: Proc, re: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
  let exitedWith: string | undefined;
  void proc.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = proc.output().match(re);
    if (m) return m;
    if (exitedWith !== undefined) throw new Error(`${proc.name} exited (${exitedWith}):\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name}: no ${re} in output after ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(30);
  }
}

/** Runs a command to completion (for versions, openssl, go build). */
export function run(command: string, args: readonly string[], options: StartOptions & { timeoutMs?: number } = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}
