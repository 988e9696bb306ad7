/**
 * What every Temporal client and worker of Drehscheibe shares: the data converter (payload
 * encryption) and how the payload keys are found (platform/payload-keys.ts).
 */
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './encryption-codec';
import type { PayloadKeys } from './payload-keys';

export { loadPayloadKey, loadPayloadKeys } from './payload-keys';

/**
 * The data converter for clients and workers: JSON payloads, encrypted; failures too. A failure's
 * message and stack can quote what an adapter saw (a path with a customer number), and Temporal
 * stores them beside the payloads: with `encodeCommonAttributes` they travel as an encrypted
 * payload and history shows only "Encoded failure".
 *
 * @param keys one key (writes and reads), or a keyring: `write` encrypts, `readable` stay readable
 */
export function createDataConverter(keys: Buffer | Pick<PayloadKeys, 'write' | 'readable'>): DataConverter {
  const codec = Buffer.isBuffer(keys) ? new EncryptionCodec(keys) : new EncryptionCodec(keys.write, keys.readable);
  return { payloadCodecs: [codec], failureConverterPath: FAILURE_CONVERTER_PATH };
}

/** The failure converter's module, for the data converter and for bundling workflow code. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');
