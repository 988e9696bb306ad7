/**
 * Payload key rotation: a keyring codec (one key writes, older keys stay readable), the
 * configuration that names the keys, and the rule that a rotation changes none of the derived
 * secrets (pseudonyms in workflow ids, the transcripts' key, the web-chat token secret).
 * End to end on the real Temporal dev server: a process started under key A runs on under key B.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { defaultPayloadConverter, ValueError, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { ContactBlockUseCases } from '../api/contact-blocks.use-cases';
import { EncryptionCodec, KEY_ID_METADATA, payloadKeyId } from '../platform/encryption-codec';
import { loadConfig } from '../platform/config';
import { loadPayloadKey, loadPayloadKeys, type PayloadKeys } from '../platform/payload-keys';
import { createPseudonyms, pseudonymKeyOf } from '../platform/pseudonyms';
import { createDataConverter } from '../platform/temporal';
import { webchatSecretOf } from '../platform/webchat-secret';
import { PrismaChatTranscriptStore, transcriptKeyOf } from '../prisma/chat-transcript.repository';
import { printNewKey } from '../tools/new-key';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { startWorker } from './support/worker';

const b64 = (key: Buffer) => key.toString('base64');
const payload = () => defaultPayloadConverter.toPayload({ customerId: 'K-100042', reason: 'Kunde zieht nach München' });
const keyIdOf = (encoded: Payload | temporal.api.common.v1.IPayload) => Buffer.from(encoded.metadata?.[KEY_ID_METADATA] ?? []).toString();

/**
 * Written by the single-key codec as it was before keyrings (commit 59c10b4), under the key
 * `drehscheibe-old-codec-fixture-01`: every history written so far looks like this.
 */
const OLD_KEY = Buffer.from('drehscheibe-old-codec-fixture-01', 'utf8');
const OLD_PAYLOAD: Payload = {
  metadata: { encoding: Buffer.from('YmluYXJ5L2VuY3J5cHRlZA==', 'base64'), [KEY_ID_METADATA]: Buffer.from('ZGZiZmY1Mzg1ZDZhYTlhZA==', 'base64') },
  data: Buffer.from('b8zhVa0/Jh/JY4J0FuGdcIilnv3JN61+kH0ywY1dhVjHtCebU0f4gkQVvEpPPbzJWN1B8lTQW6vYBzW1A7YJYtWAIYntz2BEQ6akXE0sTl/FovJo8lV9hp4S4cug/cA4a4YNiRi+q98i/FRzfc2e+AP0+U8=', 'base64'),
};

describe('the keyring codec', () => {
  test('a payload written by the single-key codec before keyrings decodes with a keyring that reads its key', async () => {
    expect(keyIdOf(OLD_PAYLOAD)).toBe(payloadKeyId(OLD_KEY));
    const keyring = new EncryptionCodec(randomBytes(32), [randomBytes(32), OLD_KEY]);
    const [decoded] = await keyring.decode([OLD_PAYLOAD]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ customerId: 'K-100042', reason: 'Kunde zieht nach München' });
    // Today's single-key codec is the keyring with no older keys: it reads the old payload too.
    expect(defaultPayloadConverter.fromPayload((await new EncryptionCodec(OLD_KEY).decode([OLD_PAYLOAD]))[0]!)).toMatchObject({ customerId: 'K-100042' });
  });

  test('writes with the write key only, reads every key of the ring', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const [underA] = await new EncryptionCodec(a).encode([payload()]);
    const rotated = new EncryptionCodec(b, [a]);
    const [underB] = await rotated.encode([payload()]);
    expect(keyIdOf(underA!)).toBe(payloadKeyId(a));
    expect(keyIdOf(underB!)).toBe(payloadKeyId(b));
    expect(rotated.writeKeyId).toBe(payloadKeyId(b));
    expect(rotated.readableKeyIds).toEqual([payloadKeyId(b), payloadKeyId(a)]);
    const decoded = await rotated.decode([underA!, underB!]);
    expect(decoded.map((one) => defaultPayloadConverter.fromPayload(one))).toEqual([
      { customerId: 'K-100042', reason: 'Kunde zieht nach München' },
      { customerId: 'K-100042', reason: 'Kunde zieht nach München' },
    ]);
  });

  test('a payload under a key the ring does not hold fails with a ValueError naming its id, never a key', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const [underA] = await new EncryptionCodec(a).encode([payload()]);
    const error = await new EncryptionCodec(b).decode([underA!]).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ValueError);
    const message = (error as Error).message;
    expect(message).toContain(`encrypted with key ${payloadKeyId(a)}`);
    expect(message).toContain('PAYLOAD_DECRYPTION_KEYS');
    for (const key of [a, b]) {
      expect(message).not.toContain(b64(key));
      expect(message).not.toContain(key.toString('hex'));
    }
  });

  test('an altered payload fails as such, not as a crypto library error', async () => {
    const key = randomBytes(32);
    const [encoded] = await new EncryptionCodec(key).encode([payload()]);
    const data = Buffer.from(encoded!.data!);
    data[20] = data[20]! ^ 0xff;
    await expect(new EncryptionCodec(key).decode([{ ...encoded!, data }])).rejects.toThrow(new ValueError(`payload encrypted with key ${payloadKeyId(key)} does not authenticate (altered or corrupted)`));
  });

  test('every key must be 32 bytes', () => {
    expect(() => new EncryptionCodec(randomBytes(32), [randomBytes(16)])).toThrow(/32 bytes/);
  });
});

describe('the configuration of the keys', () => {
  const [a, b] = [randomBytes(32), randomBytes(32)];

  test('PAYLOAD_DECRYPTION_KEYS: comma-separated base64 keys of 32 bytes, the bad entry named by position, never by value', () => {
    const config = loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: ` ${b64(a)} , ${b64(randomBytes(32))}`, SECRETS_ROOT_KEY: b64(a) });
    expect(config.PAYLOAD_DECRYPTION_KEYS).toHaveLength(2);
    const short = b64(randomBytes(16));
    let message = '';
    try {
      loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: `${b64(a)},${short}`, SECRETS_ROOT_KEY: b64(a) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/PAYLOAD_DECRYPTION_KEYS: must be comma-separated base64 keys of exactly 32 bytes each; not one: entry 2/);
    expect(message).not.toContain(short);
    expect(() => loadConfig({ SECRETS_ROOT_KEY: 'c2hvcnQ=' })).toThrow(/SECRETS_ROOT_KEY: must be base64 of exactly 32 bytes/);
  });

  test('a rotation without SECRETS_ROOT_KEY, or without the new write key, stops the start naming the variable', () => {
    expect(() => loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: b64(a) })).toThrow(/SECRETS_ROOT_KEY: is required when PAYLOAD_DECRYPTION_KEYS is set/);
    expect(() => loadConfig({ PAYLOAD_DECRYPTION_KEYS: b64(a), SECRETS_ROOT_KEY: b64(a) })).toThrow(/PAYLOAD_ENCRYPTION_KEY: is required when PAYLOAD_DECRYPTION_KEYS is set/);
    // Direct callers of loadPayloadKeys are held to the same rule.
    expect(() => loadPayloadKeys({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: [b64(a)], DATA_DIR: os.tmpdir() })).toThrow(/SECRETS_ROOT_KEY is required/);
    expect(() => loadPayloadKeys({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: ['c2hvcnQ='], SECRETS_ROOT_KEY: b64(a), DATA_DIR: os.tmpdir() })).toThrow(
      /PAYLOAD_DECRYPTION_KEYS \(entry 1\): must be base64 of exactly 32 bytes/,
    );
  });

  test('CODEC_ROLES and CODEC_CORS_ORIGIN: roles of the system and bare origins', () => {
    expect(loadConfig({}).CODEC_ROLES).toEqual(['admin']);
    expect(loadConfig({ CODEC_ROLES: 'admin, auditor', CODEC_CORS_ORIGIN: 'http://localhost:8233, https://temporal-ui.bank.example/' })).toMatchObject({
      CODEC_ROLES: ['admin', 'auditor'],
      CODEC_CORS_ORIGIN: ['http://localhost:8233', 'https://temporal-ui.bank.example'],
    });
    expect(() => loadConfig({ CODEC_ROLES: 'root' })).toThrow(/CODEC_ROLES/);
    expect(() => loadConfig({ CODEC_CORS_ORIGIN: 'http://localhost:8233/namespaces' })).toThrow(/CODEC_CORS_ORIGIN: "http:\/\/localhost:8233\/namespaces" is not an origin/);
  });

  test('npm run keys:new prints a key the configuration takes, and its id', () => {
    const out: string[] = [];
    const notes: string[] = [];
    const key = printNewKey((line) => out.push(line), (line) => notes.push(line));
    expect(out).toEqual([key]);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(loadConfig({ PAYLOAD_ENCRYPTION_KEY: key }).PAYLOAD_ENCRYPTION_KEY).toBe(key);
    expect(notes.join('\n')).toContain(payloadKeyId(Buffer.from(key, 'base64')));
    expect(notes.join('\n')).not.toContain(key);
  });
});

describe('derived secrets survive a rotation', () => {
  /** The secrets a process derives from its keys, as workers/main.ts derives them. */
  const derived = (keys: PayloadKeys, pseudonymKey?: string) => ({
    pseudonym: createPseudonyms(pseudonymKeyOf(pseudonymKey, keys.secretsRoot))('K-100042'),
    transcripts: transcriptKeyOf(keys.secretsRoot).toString('hex'),
    webchat: webchatSecretOf(keys.secretsRoot).toString('hex'),
  });

  test('rotating the write key changes no pseudonym, transcript key or web-chat secret', () => {
    const [a, b, c] = [randomBytes(32), randomBytes(32), randomBytes(32)];
    const before = loadPayloadKeys(loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(a) }));
    // As the secrets were derived before keyrings existed: straight from the payload key.
    expect(derived(before)).toEqual({
      pseudonym: createPseudonyms(pseudonymKeyOf(undefined, a))('K-100042'),
      transcripts: transcriptKeyOf(a).toString('hex'),
      webchat: webchatSecretOf(a).toString('hex'),
    });
    // The readers' round of a rotation (README): A still writes, B is already read.
    const readers = loadPayloadKeys(loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(a), PAYLOAD_DECRYPTION_KEYS: b64(b), SECRETS_ROOT_KEY: b64(a) }));
    const once = loadPayloadKeys(loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: b64(a), SECRETS_ROOT_KEY: b64(a) }));
    const twice = loadPayloadKeys(loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(c), PAYLOAD_DECRYPTION_KEYS: `${b64(b)},${b64(a)}`, SECRETS_ROOT_KEY: b64(a) }));
    // Long after: A's histories are gone and A no longer read; the root stays.
    const later = loadPayloadKeys(loadConfig({ PAYLOAD_ENCRYPTION_KEY: b64(c), PAYLOAD_DECRYPTION_KEYS: b64(b), SECRETS_ROOT_KEY: b64(a) }));
    for (const after of [readers, once, twice, later]) expect(derived(after)).toEqual(derived(before));
    expect(readers).toMatchObject({ write: a, readable: [b] });
    expect(once).toMatchObject({ write: b, readable: [a] });
    expect(twice.readable).toEqual([b, a]);
    // An own PSEUDONYM_KEY stays what it was, too.
    const own = b64(randomBytes(16));
    expect(derived(once, own).pseudonym).toBe(derived(before, own).pseudonym);
  });

  test('the embedded default: the key it made in DATA_DIR is the root, as before', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-keys-'));
    const keys = loadPayloadKeys(loadConfig({ DATA_DIR: dataDir }));
    const made = loadPayloadKey(undefined, dataDir);
    expect(keys).toEqual({ write: made, readable: [], secretsRoot: made });
    // Rotating away from it: the made key is named as the root.
    const rotated = loadPayloadKeys(loadConfig({ DATA_DIR: dataDir, PAYLOAD_ENCRYPTION_KEY: b64(randomBytes(32)), PAYLOAD_DECRYPTION_KEYS: b64(made), SECRETS_ROOT_KEY: b64(made) }));
    expect(derived(rotated)).toEqual(derived(keys));
  });
});

describe('rotation end to end on the Temporal dev server', () => {
  const taskQueue = `payload-keys-${randomUUID()}`;
  let env: TestWorkflowEnvironment;
  let system: TestSystem;
  const [keyA, keyB] = [randomBytes(32), randomBytes(32)];
  const [idA, idB] = [payloadKeyId(keyA), payloadKeyId(keyB)];

  beforeAll(async () => {
    [env, system] = await Promise.all([createDevServerEnv(), startTestSystem()]);
  });

  afterAll(async () => {
    await system?.close();
    await env?.teardown();
  });

  const clientWith = (keys: Buffer | Pick<PayloadKeys, 'write' | 'readable'>) => new Client({ connection: env.connection, namespace: env.namespace, dataConverter: createDataConverter(keys) });
  const blocksWith = (client: Client) => new ContactBlockUseCases({ temporal: client, taskQueue, blocks: system.blocks, pseudonymOf: system.pseudonymOf });

  test('a process started under key A runs on and reads under write key B with A readable; a process with B alone fails naming A', async () => {
    const [running, finished] = [`K-${randomUUID().slice(0, 8)}`, `K-${randomUUID().slice(0, 8)}`];

    // Before the rotation: one key, A, as every process had it.
    const clientA = clientWith(keyA);
    const workerA = await startWorker(env, taskQueue, system.deps(clientA, taskQueue), { dataConverter: createDataConverter(keyA) });
    const blocksA = blocksWith(clientA);
    const started = await blocksA.block({ customerId: running, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }, undefined);
    const other = await blocksA.block({ customerId: finished, topic: 'kreditkarte', months: 6, reason: 'kein Interesse' }, undefined);
    await blocksA.lift(finished, 'kreditkarte', 'Kunde hat es sich anders überlegt', 'agent.test');
    expect(await clientA.workflow.getHandle(other.workflowId).result()).toMatchObject({ status: 'lifted' });
    await workerA.stop();

    // After: B writes, A stays readable. A new worker replays the history written under A.
    const rotated = { write: keyB, readable: [keyA] };
    const clientB = clientWith(rotated);
    const workerB = await startWorker(env, taskQueue, system.deps(clientB, taskQueue), { dataConverter: createDataConverter(rotated) });
    try {
      const blocksB = blocksWith(clientB);
      expect(await blocksB.state(running, 'kreditkarte')).toMatchObject({ status: 'active', reason: 'kein Interesse', extensions: 0 });
      const extended = await blocksB.block({ customerId: running, topic: 'kreditkarte', months: 9, reason: 'wieder nein' }, undefined);
      expect(extended).toMatchObject({ workflowId: started.workflowId, created: false });
      await blocksB.lift(running, 'kreditkarte', undefined, 'agent.test');
      expect(await clientB.workflow.getHandle(started.workflowId).result()).toMatchObject({ status: 'lifted', reason: 'wieder nein', extensions: 1 });
      // The process that finished under A still reads.
      expect(await clientB.workflow.getHandle(other.workflowId).result()).toMatchObject({ status: 'lifted', customerId: finished });
    } finally {
      await workerB.stop();
    }

    // The raw history: what A wrote names A, everything after the rotation names B.
    const events = (await clientB.workflow.getHandle(started.workflowId).fetchHistory()).events ?? [];
    const startInput = events.find((event) => event.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
    const updates = events.flatMap((event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? []);
    const result = events.find((event) => event.workflowExecutionCompletedEventAttributes)?.workflowExecutionCompletedEventAttributes?.result?.payloads ?? [];
    expect(startInput.map(keyIdOf)).toEqual([idA]);
    // The first block (with the start), then the extension and the lift after the rotation.
    expect(updates.map(keyIdOf)).toEqual([idA, idB, idB]);
    expect(result.map(keyIdOf)).toEqual([idB]);

    // A process that was given B alone cannot read what A wrote, and says which key it lacks.
    await expect(clientWith(keyB).workflow.getHandle(other.workflowId).result()).rejects.toThrow(
      new RegExp(`payload was encrypted with key ${idA}, this process has key ${idB} and cannot read it .*PAYLOAD_DECRYPTION_KEYS`),
    );
  });

  test('chat transcripts stored before a rotation stay readable after it', async () => {
    const [a, b] = [randomBytes(32), randomBytes(32)];
    const before = loadPayloadKeys({ PAYLOAD_ENCRYPTION_KEY: b64(a), DATA_DIR: os.tmpdir() });
    const after = loadPayloadKeys({ PAYLOAD_ENCRYPTION_KEY: b64(b), PAYLOAD_DECRYPTION_KEYS: [b64(a)], SECRETS_ROOT_KEY: b64(a), DATA_DIR: os.tmpdir() });
    const conversationId = `conv-${randomUUID()}`;
    const messages = [{ id: 'm1', direction: 'in' as const, text: 'Meine Karte ist weg', at: '2026-03-10T09:00:00.000Z' }];
    await new PrismaChatTranscriptStore(system.db.client, transcriptKeyOf(before.secretsRoot)).store({
      conversationId,
      channel: 'whatsapp',
      customerRef: 'c0000000000000000000a',
      closedAt: '2026-03-10T09:05:00.000Z',
      closedBy: 'agent.test',
      messages,
      deleteAfter: '2026-09-10T09:05:00.000Z',
    });
    const [read] = await new PrismaChatTranscriptStore(system.db.client, transcriptKeyOf(after.secretsRoot)).ofConversation(conversationId);
    expect(read?.messages).toEqual(messages);
  });
});
