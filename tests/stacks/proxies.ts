/**
 * Reverse proxies, each run from a generated, self-contained config in a
 * fresh directory: pid, logs, temp paths and certificates live there, nothing
 * under /etc or /var is read or written, no system service is touched.
 *
 * A case gives only "the relevant lines" (`config`, and `outer` for what must
 * sit outside them); the wrapper here adds the listen/bind lines, paths and
 * Debian's defaults that matter for what the proxy answers (Apache's
 * ServerTokens OS / ServerSignature On as in Debian's security.conf).
 *
 * Placeholders in a case's lines:
 *   {{B}} backend host:port     {{BH}} / {{BP}} its host / port
 *   {{B:kind}} another backend's host:port (e.g. {{B:express-spa}})
 *   {{PORT}} / {{TLSPORT}} the proxy's plain / TLS port   {{DIR}} its dir
 *   {{CERT}} {{KEY}} {{PEM}} (cert + key in one file)     {{BIND}} (HAProxy's bind lines)
 */
import { mkdir, readFile, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Backend, BackendKind } from './backends.js';
import { freePort, run, sleep, startProcess, waitForPorts, type Proc } from './proc.js';

export type ProxyKind = 'nginx' | 'apache' | 'haproxy' | 'caddy' | 'lighttpd';

export interface ProxySpec {
  readonly kind: ProxyKind;
  /** The relevant lines: nginx server{} body, Apache server config, HAProxy sections, Caddy site body, lighttpd lines. */
  readonly config: string;
  /** nginx: lines in http{} before server{} (upstream blocks). */
  readonly outer?: string;
  /** Apache: modules to load (names as in mod_NAME.so) instead of the default set. */
  readonly modules?: readonly string[];
  /** Also listen with TLS on {{TLSPORT}} (self-signed cert for 127.0.0.1). */
  readonly tls?: boolean;
}

export interface RunningProxy {
  readonly kind: ProxyKind;
  readonly port: number;
  readonly tlsPort?: number;
  /** ws://127.0.0.1:PORT */
  readonly url: string;
  readonly tlsUrl?: string;
  readonly version: string;
  /** The whole generated config file. */
  readonly configText: string;
  /** Log output so far (error log file or stderr), for the case record. */
  logs(): Promise<string>;
  stop(): Promise<void>;
}

export const APACHE_DEFAULT_MODULES = ['mpm_event', 'authz_core', 'rewrite', 'headers', 'proxy', 'proxy_http', 'proxy_wstunnel'];

export interface Certs {
  readonly cert: string;
  readonly key: string;
  readonly pem: string;
}

/** A self-signed certificate for IP 127.0.0.1, made once per run with openssl. */
export async function makeCerts(runDir: string): Promise<Certs> {
  const dir = join(runDir, 'tls');
  await mkdir(dir, { recursive: true });
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  const pem = join(dir, 'combined.pem');
  const r = await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
  ]);
  if (r.code !== 0) throw new Error(`openssl failed:\n${r.out}`);
  await writeFile(pem, (await readFile(cert, 'utf8')) + (await readFile(key, 'utf8')));
  await chmod(key, 0o644);
  await chmod(pem, 0o644);
  return { cert, key, pem };
}

const versionCache = new Map<ProxyKind, Promise<string>>();

/** "nginx/1.22.1", "Apache/2.4.71 (Debian)", "HAProxy 2.6.12-1+deb12u4", "Caddy v2.6.2", "lighttpd/1.4.69". */
export function proxyVersion(kind: ProxyKind): Promise<string> {
  let v = versionCache.get(kind);
  if (!v) {
    v = (async () => {
      const cmd: Record<ProxyKind, [string, string[], RegExp]> = {
        nginx: ['/usr/sbin/nginx', ['-v'], /(nginx\/\S+)/],
        apache: ['/usr/sbin/apache2', ['-v'], /Server version: (.+)/],
        haproxy: ['/usr/sbin/haproxy', ['-v'], /(HAProxy version \S+)/],
        caddy: ['/usr/bin/caddy', ['version'], /(v\S+)/],
        lighttpd: ['/usr/sbin/lighttpd', ['-v'], /(lighttpd\/\S+)/],
      };
      const [bin, args, re] = cmd[kind];
      const r = await run(bin, args, { env: { PATH: '/usr/bin:/bin:/usr/sbin', HOME: '/tmp' } });
      const m = re.exec(r.out);
      const found = (m?.[1] ?? r.out.trim()).trim();
      return kind === 'caddy' ? `Caddy ${found}` : found;
    })();
    versionCache.set(kind, v);
  }
  return v;
}

export function fill(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{\{([A-Z]+(?::[a-z0-9-]+)?)\}\}/g, (whole, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new Error(`no value for ${whole}`);
    return v;
  });
}

function indent(text: string, pad: string): string {
  return text
    .trim()
    .split('\n')
    .map((l) => (l.length ? pad + l : l))
    .join('\n');
}

function nginxConf(spec: ProxySpec, dir: string, port: number, tlsPort: number | undefined, certs: Certs | undefined): string {
  const tls = tlsPort !== undefined && certs ? `\n    listen 127.0.0.1:${tlsPort} ssl;\n    ssl_certificate ${certs.cert};\n    ssl_certificate_key ${certs.key};` : '';
  return `# generated by tests/stacks/proxies.ts
user root root;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log info;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
${spec.outer ? indent(spec.outer, '  ') + '\n' : ''}  server {
    listen 127.0.0.1:${port};${tls}
    server_name localhost;
${indent(spec.config, '    ')}
  }
}
`;
}

function apacheConf(spec: ProxySpec, dir: string, port: number, tlsPort: number | undefined, certs: Certs | undefined): string {
  const modules = [...(spec.modules ?? APACHE_DEFAULT_MODULES), ...(tlsPort !== undefined ? ['ssl', 'socache_shmcb'] : [])];
  const load = modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
  const tls =
    tlsPort !== undefined && certs
      ? `
Listen 127.0.0.1:${tlsPort}
SSLSessionCache shmcb:${dir}/run/ssl_scache(512000)
<VirtualHost 127.0.0.1:${tlsPort}>
  SSLEngine on
  SSLCertificateFile ${certs.cert}
  SSLCertificateKeyFile ${certs.key}
${indent(spec.config, '  ')}
</VirtualHost>
`
      : '';
  return `# generated by tests/stacks/proxies.ts
ServerRoot "${dir}"
DefaultRuntimeDir "${dir}/run"
PidFile "${dir}/run/apache2.pid"
Mutex file:${dir}/run default
${load}
User www-data
Group www-data
ServerName 127.0.0.1
# Debian's conf-enabled/security.conf defaults
ServerTokens OS
ServerSignature On
StartServers 1
ServerLimit 1
ThreadsPerChild 16
ThreadLimit 16
MaxRequestWorkers 16
MinSpareThreads 1
MaxSpareThreads 16
ErrorLog "${dir}/error.log"
LogLevel warn
LogFormat "%h \\"%r\\" %>s %b" common
CustomLog "${dir}/access.log" common
DocumentRoot "${dir}/htdocs"
<Directory "${dir}/htdocs">
  AllowOverride None
  Require all granted
</Directory>
Listen 127.0.0.1:${port}
${spec.config.trim()}
${tls}`;
}

function haproxyConf(spec: ProxySpec, port: number, tlsPort: number | undefined, certs: Certs | undefined): string {
  const bind = `bind 127.0.0.1:${port}` + (tlsPort !== undefined && certs ? `\n  bind 127.0.0.1:${tlsPort} ssl crt ${certs.pem}` : '');
  return `# generated by tests/stacks/proxies.ts
global
  log stderr format raw local0 info
defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 10s
  timeout server 10s
  timeout tunnel 1h
${spec.config.trim().replace(/\{\{BIND\}\}/g, bind)}
`;
}

function caddyConf(spec: ProxySpec, dir: string, port: number, tlsPort: number | undefined, certs: Certs | undefined): string {
  const tls =
    tlsPort !== undefined && certs
      ? `
https://127.0.0.1:${tlsPort} {
  tls ${certs.cert} ${certs.key}
${indent(spec.config, '  ')}
}
`
      : '';
  return `# generated by tests/stacks/proxies.ts
{
  admin off
  auto_https off
  storage file_system ${dir}/data
${tlsPort !== undefined ? '  default_sni 127.0.0.1\n' : ''}}
http://127.0.0.1:${port} {
${indent(spec.config, '  ')}
}
${tls}`;
}

function lighttpdConf(spec: ProxySpec, dir: string, port: number, tlsPort: number | undefined, certs: Certs | undefined): string {
  const tls =
    tlsPort !== undefined && certs
      ? `
server.modules += ( "mod_openssl" )
$SERVER["socket"] == "127.0.0.1:${tlsPort}" {
  ssl.engine = "enable"
  ssl.pemfile = "${certs.pem}"
}
`
      : '';
  return `# generated by tests/stacks/proxies.ts
server.document-root = "${dir}/htdocs"
server.bind = "127.0.0.1"
server.port = ${port}
server.pid-file = "${dir}/lighttpd.pid"
server.errorlog = "${dir}/error.log"
${spec.config.trim()}
${tls}`;
}

export interface ProxyStartOptions {
  readonly spec: ProxySpec;
  /** A fresh directory for this proxy. */
  readonly dir: string;
  readonly backend: Backend;
  /** Every backend by kind, for {{B:kind}}. */
  readonly backends: ReadonlyMap<BackendKind, Backend>;
  readonly certs?: Certs;
}

async function waitForLog(logs: () => Promise<string>, re: RegExp, proc: Proc, timeoutMs = 10_000): Promise<void> {
  let exitedWith: string | undefined;
  void proc.exited.then((code) => {
    exitedWith = code;
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (re.test(await logs())) return;
    if (exitedWith !== undefined) throw new Error(`${proc.name} exited (${exitedWith})`);
    if (Date.now() > deadline) throw new Error(`${proc.name}: no ${re} in its log after ${timeoutMs} ms`);
    await sleep(30);
  }
}

export async function startProxy(opts: ProxyStartOptions): Promise<RunningProxy> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(opts);
    } catch (err) {
      // A port picked as free was taken meanwhile: pick again.
      if (attempt < 3 && /in use|EADDRINUSE|bind\(\)|could not bind|Cannot bind/i.test(String(err))) continue;
      throw err;
    }
  }
}

async function startOnce({ spec, dir, backend, backends, certs }: ProxyStartOptions): Promise<RunningProxy> {
  await mkdir(join(dir, 'tmp'), { recursive: true });
  await mkdir(join(dir, 'run'), { recursive: true });
  await mkdir(join(dir, 'htdocs'), { recursive: true });
  await mkdir(join(dir, 'data'), { recursive: true });
  // Apache's children run as www-data: let them reach the dir.
  await chmod(dir, 0o755);
  const port = await freePort();
  const tlsPort = spec.tls ? await freePort() : undefined;
  if (spec.tls && !certs) throw new Error('TLS proxy without certs');
  const vars: Record<string, string> = {
    B: `${backend.host}:${backend.port}`,
    BH: backend.host,
    BP: String(backend.port),
    PORT: String(port),
    TLSPORT: String(tlsPort ?? ''),
    DIR: dir,
    CERT: certs?.cert ?? '',
    KEY: certs?.key ?? '',
    PEM: certs?.pem ?? '',
    BIND: '{{BIND}}',
  };
  for (const [kind, b] of backends) vars[`B:${kind}`] = `${b.host}:${b.port}`;
  const filled: ProxySpec = { ...spec, config: fill(spec.config, vars), ...(spec.outer ? { outer: fill(spec.outer, vars) } : {}) };
  const env = { PATH: '/usr/bin:/bin:/usr/sbin:/sbin', HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'data'), LANG: 'C' };
  let proc: Proc;
  let configText: string;
  let logFile: string | undefined = join(dir, 'error.log');
  switch (spec.kind) {
    case 'nginx': {
      configText = nginxConf(filled, dir, port, tlsPort, certs);
      await writeFile(join(dir, 'nginx.conf'), configText);
      proc = startProcess('nginx', '/usr/sbin/nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { cwd: dir, env });
      break;
    }
    case 'apache': {
      configText = apacheConf(filled, dir, port, tlsPort, certs);
      await writeFile(join(dir, 'apache2.conf'), configText);
      proc = startProcess('apache2', '/usr/sbin/apache2', ['-d', dir, '-f', join(dir, 'apache2.conf'), '-DFOREGROUND'], { cwd: dir, env });
      break;
    }
    case 'haproxy': {
      configText = haproxyConf(filled, port, tlsPort, certs);
      await writeFile(join(dir, 'haproxy.cfg'), configText);
      proc = startProcess('haproxy', '/usr/sbin/haproxy', ['-f', join(dir, 'haproxy.cfg'), '-db'], { cwd: dir, env });
      logFile = undefined;
      break;
    }
    case 'caddy': {
      configText = caddyConf(filled, dir, port, tlsPort, certs);
      await writeFile(join(dir, 'Caddyfile'), configText);
      proc = startProcess('caddy', '/usr/bin/caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { cwd: dir, env });
      logFile = undefined;
      break;
    }
    case 'lighttpd': {
      configText = lighttpdConf(filled, dir, port, tlsPort, certs);
      await writeFile(join(dir, 'lighttpd.conf'), configText);
      proc = startProcess('lighttpd', '/usr/sbin/lighttpd', ['-D', '-f', join(dir, 'lighttpd.conf')], { cwd: dir, env });
      break;
    }
  }
  const logs = async (): Promise<string> => {
    let text = proc.output();
    if (logFile) text += await readFile(logFile, 'latin1').catch(() => '');
    return text;
  };
  try {
    await waitForPorts(tlsPort !== undefined ? [port, tlsPort] : [port], proc);
    // Apache listens before its second config pass: ready once it says so.
    if (spec.kind === 'apache') await waitForLog(logs, /AH00489/, proc);
  } catch (err) {
    await proc.stop();
    throw new Error(`${String(err)}\n--- log ---\n${await logs()}\n--- config ---\n${configText}`);
  }
  // Caddy accepts before its routes are provisioned only in theory; a beat is cheap.
  if (spec.kind === 'caddy') await sleep(50);
  return {
    kind: spec.kind,
    port,
    ...(tlsPort !== undefined ? { tlsPort, tlsUrl: `wss://127.0.0.1:${tlsPort}` } : {}),
    url: `ws://127.0.0.1:${port}`,
    version: await proxyVersion(spec.kind),
    configText,
    logs,
    stop: () => proc.stop(),
  };
}
