/**
 * The secret behind the customers' web-chat tokens (issue 13): `token = HMAC-SHA-256(secret,
 * sessionId)`, so the server keeps no table of sessions and every API instance (and a restart)
 * accepts the same tokens. Derived from the payload key like the pseudonym key: one secret to keep.
 */
import { createHmac } from 'node:crypto';

export function webchatSecretOf(payloadKey: Buffer): Buffer {
  return createHmac('sha256', payloadKey).update('drehscheibe webchat session tokens v1').digest();
}
