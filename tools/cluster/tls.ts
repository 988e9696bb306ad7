/**
 * Certificates for the local cluster's mutual TLS, made once with openssl (Debian's, on every
 * machine here): a CA of the cluster, the frontend's certificate (for frontend.drehscheibe.local
 * and 127.0.0.1) and one client certificate that workers, API instances and the server's system
 * worker present. A bank brings its own PKI; these exist so the TLS path is exercised for real.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The name the frontend's certificate carries (TEMPORAL_TLS_SERVER_NAME). */
export const FRONTEND_SERVER_NAME = 'frontend.drehscheibe.local';

export interface ClusterTls {
  dir: string;
  caFile: string;
  clientCertFile: string;
  clientKeyFile: string;
  serverName: string;
}

function openssl(dir: string, args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

/** The certificates in `dir`, made if missing (valid ten years; the local cluster only). */
export function ensureClusterTls(dir: string): ClusterTls {
  mkdirSync(dir, { recursive: true });
  const tls: ClusterTls = { dir, caFile: path.join(dir, 'ca.pem'), clientCertFile: path.join(dir, 'client.pem'), clientKeyFile: path.join(dir, 'client.key'), serverName: FRONTEND_SERVER_NAME };
  if (existsSync(tls.clientKeyFile)) return tls;
  const days = '3650';
  openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', days, '-subj', '/CN=Drehscheibe local cluster CA']);
  for (const [name, subject, extensions] of [
    ['frontend', `/CN=${FRONTEND_SERVER_NAME}`, `subjectAltName=DNS:${FRONTEND_SERVER_NAME},IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n`],
    ['client', '/CN=drehscheibe-client', 'extendedKeyUsage=clientAuth\n'],
  ] as const) {
    writeFileSync(path.join(dir, `${name}.ext`), extensions);
    openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject]);
    openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', days, '-extfile', `${name}.ext`]);
  }
  return tls;
}
