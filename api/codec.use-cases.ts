/**
 * The payload codec as a service for the Temporal Web UI and CLI (Temporal's remote codec server
 * protocol): payloads in the JSON form of Temporal's HTTP API (metadata values and data in
 * base64) are decoded or encoded with the same codecs this process's Temporal client uses.
 */
import { ValueError, type Payload, type PayloadCodec } from '@temporalio/common';
import { isEncryptedPayload } from '../platform/encryption-codec';
import { HttpError } from './http-error';

/** A payload as Temporal's HTTP API writes it in JSON: bytes in base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** What a decode or encode did: the payloads, and how many of the given were encrypted (for the audit). */
export interface CodecResult {
  payloads: Array<{ metadata: Record<string, string>; data: string }>;
  encrypted: number;
}

export class PayloadCodecUseCases {
  /** @param deps.codecs the payload codecs in the data converter's order (encode runs them first to last, decode last to first) */
  constructor(private readonly deps: { codecs: readonly PayloadCodec[] }) {}

  /**
   * Decodes each payload; one that cannot be decoded (a key this process does not read, altered
   * data) is a 400 naming it (`payloads.<index>`), with the codec's message (key ids, no content).
   */
  async decode(payloads: readonly JsonPayload[]): Promise<CodecResult> {
    const given = payloads.map(payloadOf);
    const decoded: Payload[] = [];
    for (const [index, payload] of given.entries()) {
      try {
        let current = [payload];
        for (const codec of [...this.deps.codecs].reverse()) current = await codec.decode(current);
        decoded.push(...current);
      } catch (error) {
        // Only our codec's own messages (key ids, what is wrong) go back to the caller.
        const message = error instanceof ValueError ? error.message : 'is not a payload this process can decode';
        throw new HttpError(400, `payloads.${index}: ${message}`, [{ field: `payloads.${index}`, message }]);
      }
    }
    return { payloads: decoded.map(jsonOf), encrypted: given.filter(isEncryptedPayload).length };
  }

  /** Encodes the payloads as a worker or client of this process would write them. */
  async encode(payloads: readonly JsonPayload[]): Promise<CodecResult> {
    let current = payloads.map(payloadOf);
    for (const codec of this.deps.codecs) current = await codec.encode(current);
    return { payloads: current.map(jsonOf), encrypted: payloads.map(payloadOf).filter(isEncryptedPayload).length };
  }
}

function payloadOf(json: JsonPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(json.data ?? '', 'base64'),
  };
}

function jsonOf(payload: Payload): { metadata: Record<string, string>; data: string } {
  const metadata = Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]));
  return { metadata, data: Buffer.from(payload.data ?? []).toString('base64') };
}
