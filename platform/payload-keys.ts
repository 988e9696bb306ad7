/**
 * The payload keys of a process: the one that writes, the older ones that stay readable, and the
 * root the derived secrets come from.
 *
 * The rule (README "Payload keys and their rotation"): rotating the payload write key changes
 * none of the derived secrets. Pseudonyms of customer numbers stand in workflow ids, chat
 * transcripts in the database are encrypted under a derived key, web-chat tokens are signed with
 * one: derived from a key that changed, every running process would be orphaned, every stored
 * transcript unreadable, every session token refused. So they hang off the *secrets root*: the
 * payload key itself as long as there has never been a rotation (as before keyrings existed), and
 * the explicitly configured `SECRETS_ROOT_KEY` (the first payload key) once one has been.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The bytes of an AES-256 key. */
export const PAYLOAD_KEY_BYTES = 32;

export interface PayloadKeys {
  /** Encrypts every new payload. */
  write: Buffer;
  /** Older keys whose payloads stay readable (the write key not among them). */
  readable: Buffer[];
  /** What the pseudonym, transcript and web-chat secrets are derived from: never rotates. */
  secretsRoot: Buffer;
}

/** The configuration the keys come from (platform/config.ts). */
export interface PayloadKeySettings {
  /** base64: the write key; unset: the embedded default's own key in `DATA_DIR`. */
  PAYLOAD_ENCRYPTION_KEY?: string;
  /** base64 each: older keys that stay readable; set means a rotation has happened. */
  PAYLOAD_DECRYPTION_KEYS?: string[];
  /** base64: the root of the derived secrets; required once PAYLOAD_DECRYPTION_KEYS is set. */
  SECRETS_ROOT_KEY?: string;
  DATA_DIR: string;
}

/** Why a rotation without an explicit secrets root is refused (also config.ts's message). */
export const SECRETS_ROOT_REQUIRED =
  'is required when PAYLOAD_DECRYPTION_KEYS is set (after a payload key rotation): set it to the payload key used before the first rotation; ' +
  'the pseudonyms in workflow ids, the chat transcripts\' key and the web-chat tokens are derived from it and must never change';

/**
 * The process's payload keys from the configuration.
 * @throws {Error} naming the variable when a key is not base64 of 32 bytes, or when a rotation is
 *   configured without `SECRETS_ROOT_KEY` (config.ts refuses both earlier; this guards direct callers)
 */
export function loadPayloadKeys(settings: PayloadKeySettings): PayloadKeys {
  const write = settings.PAYLOAD_ENCRYPTION_KEY ? keyOf(settings.PAYLOAD_ENCRYPTION_KEY, 'PAYLOAD_ENCRYPTION_KEY') : loadPayloadKey(undefined, settings.DATA_DIR);
  const readable = (settings.PAYLOAD_DECRYPTION_KEYS ?? [])
    .map((value, index) => keyOf(value, `PAYLOAD_DECRYPTION_KEYS (entry ${index + 1})`))
    .filter((key) => !key.equals(write));
  const rotated = (settings.PAYLOAD_DECRYPTION_KEYS ?? []).length > 0;
  if (rotated && !settings.SECRETS_ROOT_KEY) throw new Error(`SECRETS_ROOT_KEY ${SECRETS_ROOT_REQUIRED}`);
  const secretsRoot = settings.SECRETS_ROOT_KEY ? keyOf(settings.SECRETS_ROOT_KEY, 'SECRETS_ROOT_KEY') : write;
  return { write, readable, secretsRoot };
}

/** Whether `value` is base64 of exactly 32 bytes (standard or URL-safe alphabet, padding optional). */
export function isPayloadKey(value: string): boolean {
  return /^[A-Za-z0-9+/_-]+={0,2}$/.test(value.trim()) && Buffer.from(value.trim(), 'base64').length === PAYLOAD_KEY_BYTES;
}

function keyOf(value: string, variable: string): Buffer {
  if (!isPayloadKey(value)) throw new Error(`${variable}: must be base64 of exactly ${PAYLOAD_KEY_BYTES} bytes`);
  return Buffer.from(value.trim(), 'base64');
}

/** A fresh random payload key, base64 (`npm run keys:new`). */
export function newPayloadKey(): string {
  return randomBytes(PAYLOAD_KEY_BYTES).toString('base64');
}

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
    writeFileSync(file, newPayloadKey(), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
}
