/**
 * How clients and workers reach a Temporal cluster: plain gRPC on the embedded default, TLS (and
 * mutual TLS where the cluster asks for a client certificate) in a bank's data center. Both the
 * SDK's client `Connection` and the worker's `NativeConnection` take the same `tls` shape.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/client';

/** The configuration this reads (a subset of platform/config.ts `Config`). */
export interface TemporalTlsSettings {
  TEMPORAL_TLS: boolean;
  TEMPORAL_TLS_CA_FILE?: string;
  TEMPORAL_TLS_CERT_FILE?: string;
  TEMPORAL_TLS_KEY_FILE?: string;
  TEMPORAL_TLS_SERVER_NAME?: string;
}

/**
 * The connection options for `settings`: nothing without TLS; with TLS the server is verified
 * against TEMPORAL_TLS_CA_FILE (else the system's roots), and a client certificate is presented
 * when both TEMPORAL_TLS_CERT_FILE and TEMPORAL_TLS_KEY_FILE are set. Files are read at start, so
 * a missing one stops the process with its name rather than failing the first call.
 */
export function temporalConnectionOptions(settings: TemporalTlsSettings): { tls?: TLSConfig } {
  const anyFile = settings.TEMPORAL_TLS_CA_FILE ?? settings.TEMPORAL_TLS_CERT_FILE ?? settings.TEMPORAL_TLS_KEY_FILE;
  if (!settings.TEMPORAL_TLS && !anyFile) return {};
  const read = (variable: keyof TemporalTlsSettings, file: string): Buffer => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`${variable}=${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  };
  const tls: TLSConfig = {};
  if (settings.TEMPORAL_TLS_SERVER_NAME) tls.serverNameOverride = settings.TEMPORAL_TLS_SERVER_NAME;
  if (settings.TEMPORAL_TLS_CA_FILE) tls.serverRootCACertificate = read('TEMPORAL_TLS_CA_FILE', settings.TEMPORAL_TLS_CA_FILE);
  if (settings.TEMPORAL_TLS_CERT_FILE && settings.TEMPORAL_TLS_KEY_FILE) {
    tls.clientCertPair = {
      crt: read('TEMPORAL_TLS_CERT_FILE', settings.TEMPORAL_TLS_CERT_FILE),
      key: read('TEMPORAL_TLS_KEY_FILE', settings.TEMPORAL_TLS_KEY_FILE),
    };
  }
  return { tls };
}
