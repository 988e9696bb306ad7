/**
 * The signature of webhook deliveries: Meta signs every POST to our webhook with the app secret,
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`. Checking it is what stops
 * anyone who learns the webhook's URL from injecting customer messages.
 *
 * The signature covers the raw bytes as received. Never verify a re-serialised body
 * (`JSON.stringify(req.body)`): Meta escapes non-ASCII characters (`\u00fc`), JSON.stringify does
 * not, so every message with an umlaut would fail, and a forged one could be made to pass.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const SIGNATURE = /^sha256=([0-9a-f]{64})$/i;

/** The `X-Hub-Signature-256` header value for `rawBody`, as the platform (and the simulator) sends it. */
export function signWebhookBody(rawBody: Buffer | string, appSecret: string): string {
  return `sha256=${hmac(rawBody, appSecret).toString('hex')}`;
}

/**
 * Whether `header` is the platform's signature of `rawBody` under `appSecret`. False for a missing
 * or malformed header and for any other digest; compared in constant time, so a forger learns
 * nothing from how long the answer takes.
 */
export function verifyWebhookSignature(rawBody: Buffer | string, header: string | null | undefined, appSecret: string): boolean {
  const match = typeof header === 'string' ? SIGNATURE.exec(header.trim()) : null;
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = hmac(rawBody, appSecret);
  // The pattern fixes the length at 32 bytes; the check keeps timingSafeEqual from throwing anyway.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function hmac(rawBody: Buffer | string, appSecret: string): Buffer {
  // An empty secret is a configuration mistake, and its signatures anyone could compute.
  if (appSecret.length === 0) throw new TypeError('the app secret must not be empty');
  return createHmac('sha256', appSecret).update(rawBody).digest();
}
