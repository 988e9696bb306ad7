/**
 * Encrypts every Temporal payload with AES-256-GCM before it leaves the process, so customer
 * data (names, reasons, contact details) never stands in clear text in Temporal's history,
 * visibility store or Web UI. Runs in the client and the worker, outside the workflow sandbox.
 *
 * A keyring: one key writes, older keys stay readable, so the write key can be rotated while
 * processes run (their histories keep payloads written under the old key for as long as they
 * live). Each payload names its key by id in its metadata.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
/** The metadata entry that names the key a payload was encrypted with (its {@link payloadKeyId}). */
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * The id of a payload key: the first 16 hex digits of its SHA-256. It identifies the key without
 * revealing it; every history written so far names its keys this way, so it must never change.
 */
export function payloadKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** Whether a payload is one this codec encrypted (any key). */
export function isEncryptedPayload(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString() === ENCODING;
}

export class EncryptionCodec implements PayloadCodec {
  /** The id of the key new payloads are written with. */
  readonly writeKeyId: string;
  private readonly keys = new Map<string, Buffer>();

  /**
   * @param writeKey 32 bytes of AES-256 key material: encrypts every new payload (and reads them)
   * @param readableKeys older keys (32 bytes each) whose payloads stay readable; never written with
   */
  constructor(
    private readonly writeKey: Buffer,
    readableKeys: readonly Buffer[] = [],
  ) {
    for (const key of [writeKey, ...readableKeys]) {
      if (key.length !== KEY_BYTES) throw new ValueError('payload encryption key must be 32 bytes');
      this.keys.set(payloadKeyId(key), key);
    }
    this.writeKeyId = payloadKeyId(writeKey);
  }

  /** The ids of every key this codec reads, the write key's first. */
  get readableKeyIds(): string[] {
    return [...this.keys.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', this.writeKey, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING),
          [KEY_ID_METADATA]: Buffer.from(this.writeKeyId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncryptedPayload(payload)) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) {
        // Ids only, never key material: this message reaches logs, failures and the codec endpoint.
        throw new ValueError(
          `payload was encrypted with key ${keyId || '(none named)'}, this process has key ${this.writeKeyId} and cannot read it` +
            ` (readable: ${this.readableKeyIds.join(', ')}); configure that key in PAYLOAD_DECRYPTION_KEYS`,
        );
      }
      const data = Buffer.from(payload.data ?? []);
      if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError(`payload encrypted with key ${keyId} is truncated`);
      const iv = data.subarray(0, IV_BYTES);
      const tag = data.subarray(data.length - TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', key, iv);
      decipher.setAuthTag(tag);
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
      } catch {
        throw new ValueError(`payload encrypted with key ${keyId} does not authenticate (altered or corrupted)`);
      }
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}
