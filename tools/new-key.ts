/**
 * `npm run keys:new`: a fresh random AES-256 key for PAYLOAD_ENCRYPTION_KEY (or SECRETS_ROOT_KEY),
 * base64 on stdout alone (so it can go straight into a secret store); its key id, as payloads
 * written with it will name it in their metadata, on stderr.
 */
import { payloadKeyId } from '../platform/encryption-codec';
import { newPayloadKey } from '../platform/payload-keys';

/** Writes a new key to `out` and its id to `note`. */
export function printNewKey(out: (line: string) => void, note: (line: string) => void): string {
  const key = newPayloadKey();
  out(key);
  note(`key id ${payloadKeyId(Buffer.from(key, 'base64'))} (payloads written with it carry this id in their metadata)`);
  return key;
}

if (require.main === module) {
  printNewKey(
    (line) => process.stdout.write(`${line}\n`),
    (line) => process.stderr.write(`${line}\n`),
  );
}
