/**
 * A throw-away self-signed certificate for the demo HTTPS/HTTP/2 server, made
 * with the system's openssl in a temp dir (Node cannot create certificates).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface SelfSignedCertificate {
  readonly key: string;
  readonly cert: string;
}

/** Where openssl lives: $OPENSSL, /usr/bin/openssl, or the PATH. */
function opensslPath(): string {
  if (process.env.OPENSSL) return process.env.OPENSSL;
  return existsSync('/usr/bin/openssl') ? '/usr/bin/openssl' : 'openssl';
}

/** A P-256 certificate for localhost and 127.0.0.1, valid for two days. */
export async function createSelfSignedCertificate(): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'ws-demo-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await run(opensslPath(), [
      'req', '-x509', '-nodes', '-days', '2',
      '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
      '-keyout', keyPath, '-out', certPath,
      '-subj', '/CN=localhost',
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], { timeout: 15_000 });
    const [key, cert] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    return { key, cert };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
