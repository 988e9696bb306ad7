/**
 * What every Temporal client and worker of Drehscheibe shares: the data converter (payload
 * encryption) and how the payload key is found.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';

/**
 * The data converter for clients and workers: JSON payloads, encrypted; failures too. A failure's
 * message and stack can quote what an adapter saw (a path with a customer number), and Temporal
 * stores them beside the payloads: with `encodeCommonAttributes` they travel as an encrypted
 * payload and history shows only "Encoded failure".
 */
export function createDataConverter(key: Buffer): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(key)], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The failure converter's module, for the data converter and for bundling workflow code. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/**
 * The payload key: `PAYLOAD_ENCRYPTION_KEY` when configured, else the embedded default's own key
 * in `dataDir`, made once. Losing it makes the stored histories unreadable, so it sits beside
 * the Temporal database it belongs to.
 */
export function loadPayloadKey(configured: string | undefined, dataDir: string): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  const file = path.join(dataDir, 'payload.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
