import { randomBytes } from 'node:crypto';
import { mkdtempSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from '../platform/encryption-codec';
import { loadPayloadKey } from '../platform/temporal';

const payload = () => defaultPayloadConverter.toPayload({ customerId: 'K-1', reason: 'Kunde zieht nach München' });

test('encoded payloads carry no clear text and decode to the original', async () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const original = payload();
  const [encoded] = await codec.encode([original]);
  expect(Buffer.from(encoded!.data!).includes(Buffer.from('München'))).toBe(false);
  expect(Buffer.from(encoded!.metadata!.encoding!).toString()).toBe('binary/encrypted');
  const [decoded] = await codec.decode([encoded!]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ customerId: 'K-1', reason: 'Kunde zieht nach München' });
});

test('the same value encrypts differently each time (random IV)', async () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const [a] = await codec.encode([payload()]);
  const [b] = await codec.encode([payload()]);
  expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
});

test('a payload from another key fails with a message naming the keys, not garbage', async () => {
  const [encoded] = await new EncryptionCodec(randomBytes(32)).encode([payload()]);
  await expect(new EncryptionCodec(randomBytes(32)).decode([encoded!])).rejects.toThrow(/encrypted with key \w+, this process has key \w+/);
});

test('a tampered payload is rejected', async () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const [encoded] = await codec.encode([payload()]);
  const data = Buffer.from(encoded!.data!);
  data[20] = data[20]! ^ 0xff;
  await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow();
});

test('unencrypted payloads pass through decode untouched (histories from before encryption)', async () => {
  const codec = new EncryptionCodec(randomBytes(32));
  const plain = payload();
  expect(await codec.decode([plain])).toEqual([plain]);
});

test('the embedded default makes its key once, private to the owner, and reuses it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-key-'));
  const first = loadPayloadKey(undefined, dir);
  expect(first).toHaveLength(32);
  expect(loadPayloadKey(undefined, dir).equals(first)).toBe(true);
  expect(statSync(path.join(dir, 'payload.key')).mode & 0o777).toBe(0o600);
  const configured = randomBytes(32);
  expect(loadPayloadKey(configured.toString('base64'), dir).equals(configured)).toBe(true);
});
