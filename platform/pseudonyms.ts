/**
 * Keyed pseudonyms of customer numbers for workflow ids (and so task ids, evidence ids and
 * search attributes): Temporal's ids are never encrypted, so they must not carry the customer
 * number. HMAC-SHA-256 under a secret key: deterministic, so the same customer and topic always
 * reach the same process (idempotent starts), and without the key nobody can go from a
 * pseudonym back to a customer number by trying them all (there are only millions).
 */
import { createHmac } from 'node:crypto';
import type { PseudonymOf } from '../domain/pseudonym';

/** `c` and 20 hex digits (80 bits): short enough for ids, far from colliding in one bank. */
export function createPseudonyms(key: Buffer): PseudonymOf {
  if (key.length < 16) throw new Error('the pseudonym key must have at least 16 bytes');
  return (customerId) => `c${createHmac('sha256', key).update(customerId).digest('hex').slice(0, 20)}`;
}

/**
 * The pseudonym key: `PSEUDONYM_KEY` when configured, else derived from the payload key (one
 * secret to keep; both must stay the same for the life of the processes).
 */
export function pseudonymKeyOf(configured: string | undefined, payloadKey: Buffer): Buffer {
  if (configured) return Buffer.from(configured, 'base64');
  return createHmac('sha256', payloadKey).update('drehscheibe customer pseudonyms v1').digest();
}
