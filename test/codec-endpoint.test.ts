/**
 * The payload codec endpoint for the Temporal Web UI (api/codec.routes.ts) over HTTP, against the
 * real express app on a port, the embedded dev server as `npm start` runs it (workers/dev-server.ts,
 * its UI pointed at the endpoint), a real database for the audit trail, headless Chromium for CORS
 * as a browser applies it, and the Temporal CLI as a codec client.
 */
import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { Express } from 'express';
import { chromium, type Browser } from 'playwright-core';
import request from 'supertest';
import { createApp, type AppDeps } from '../api/app';
import type { Role } from '../domain/identity';
import { EncryptionCodec, KEY_ID_METADATA, payloadKeyId } from '../platform/encryption-codec';
import { createDataConverter } from '../platform/temporal';
import { hashToken, UserRegistry } from '../platform/users';
import { PrismaAuditTrail } from '../prisma/audit.repository';
import { CHROMIUM_ARGS, resolveChromium } from '../tools/chromium';
import { startDevServer, type DevServer } from '../workers/dev-server';
import { appDeps } from './support/app';
import { reservedPort } from './support/ports';
import { startTestSystem, type TestSystem } from './support/system';

const USERS: Array<{ id: string; name: string; roles: Role[]; queues: string[] }> = [
  { id: 'admin.codec', name: 'Admin', roles: ['admin'], queues: [] },
  { id: 'auditor.codec', name: 'Auditor', roles: ['auditor'], queues: [] },
  { id: 'agent.codec', name: 'Agent', roles: ['agent'], queues: ['ksc'] },
];
const users = new UserRegistry(USERS.map((user) => ({ ...user, tokenSha256: hashToken(`token-${user.id}`) })));
const bearer = (id: string) => ({ Authorization: `Bearer token-${id}` });

const [keyA, keyB] = [randomBytes(32), randomBytes(32)];
/** The process's keyring after a rotation: B writes, A stays readable. */
const keyring = new EncryptionCodec(keyB, [keyA]);
const CUSTOMER = { customerId: 'K-100042', reason: 'Kunde zieht nach München' };

let system: TestSystem;
let dataDir: string;
let devServer: DevServer;
let connection: Connection;
let client: Client;
let http: Server;
let otherOrigin: Server;
let browser: Browser;
let app: Express;
let apiUrl: string;
let codecUrl: string;
const taskQueue = `codec-${randomUUID()}`;

const appWith = (codec: AppDeps['codec']) => createApp(appDeps({ temporal: client, taskQueue, ...system.appParts(), users, codec }));

beforeAll(async () => {
  system = await startTestSystem();
  // The API listens first: the dev server's UI is told where the endpoint is when it starts.
  http = createServer((req, res) => app(req, res));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  codecUrl = `${apiUrl}/api/v1/codec`;
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-codec-'));
  const cli = process.env.TEMPORAL_CLI_PATH;
  devServer = await startDevServer({
    executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
    dataDir,
    port: await reservedPort(),
    uiPort: await reservedPort(),
    namespace: 'default',
    uiCodecEndpoint: codecUrl,
  });
  connection = await Connection.connect({ address: devServer.address });
  client = new Client({ connection, namespace: 'default', dataConverter: createDataConverter({ write: keyB, readable: [keyA] }) });
  // As workers/main.ts would: the codecs of the API's own Temporal client, admin only, CORS for the UI.
  app = appWith({ corsOrigins: [devServer.uiUrl] });
  // A page of another origin, for the browser to be refused from.
  otherOrigin = createServer((_req, res) => res.end('<!doctype html><title>elsewhere</title>'));
  await new Promise<void>((resolve) => otherOrigin.listen(0, '127.0.0.1', resolve));
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? resolveChromium(), args: CHROMIUM_ARGS, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => otherOrigin?.close(resolve));
  await new Promise((resolve) => http?.close(resolve));
  await connection?.close();
  await devServer?.stop();
  await system?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A payload in the JSON form of Temporal's HTTP API (what the UI sends and receives). */
const json = (payload: Payload) => ({
  metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')])),
  data: Buffer.from(payload.data ?? []).toString('base64'),
});
const valueOf = (payload: { metadata: Record<string, string>; data: string }) =>
  defaultPayloadConverter.fromPayload({
    metadata: Object.fromEntries(Object.entries(payload.metadata).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
    data: Buffer.from(payload.data, 'base64'),
  });
const decode = (body: object, as = 'admin.codec') => request(app).post('/api/v1/codec/decode').set(bearer(as)).set('X-Namespace', 'default').send(body);

test('the embedded dev server\'s Web UI is pointed at the endpoint', async () => {
  const settings = (await (await fetch(`${devServer.uiUrl}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
  expect(settings.Codec.Endpoint).toBe(codecUrl);
});

test('decode turns encrypted payloads (old and current key) into plain JSON payloads; plain ones pass unchanged', async () => {
  const [underA] = await new EncryptionCodec(keyA).encode([defaultPayloadConverter.toPayload(CUSTOMER)]);
  const [underB] = await keyring.encode([defaultPayloadConverter.toPayload({ ...CUSTOMER, reason: 'neu' })]);
  const plain = defaultPayloadConverter.toPayload('nur Text');
  const res = await decode({ payloads: [json(underA!), json(underB!), json(plain)] }).expect(200);
  expect(res.body.payloads).toHaveLength(3);
  expect(Buffer.from(res.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');
  expect(res.body.payloads.map(valueOf)).toEqual([CUSTOMER, { ...CUSTOMER, reason: 'neu' }, 'nur Text']);
  expect(res.body.payloads[2]).toEqual(json(plain));
});

test('encode writes with the current key, as a worker would', async () => {
  const res = await request(app).post('/api/v1/codec/encode').set(bearer('admin.codec')).send({ payloads: [json(defaultPayloadConverter.toPayload(CUSTOMER))] }).expect(200);
  const [encoded] = res.body.payloads as Array<{ metadata: Record<string, string>; data: string }>;
  expect(Buffer.from(encoded!.metadata[KEY_ID_METADATA]!, 'base64').toString()).toBe(payloadKeyId(keyB));
  expect(Buffer.from(encoded!.data, 'base64').includes(Buffer.from('München'))).toBe(false);
  const [decoded] = await keyring.decode([{ metadata: { encoding: Buffer.from(encoded!.metadata.encoding!, 'base64'), [KEY_ID_METADATA]: Buffer.from(encoded!.metadata[KEY_ID_METADATA]!, 'base64') }, data: Buffer.from(encoded!.data, 'base64') }]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(CUSTOMER);
});

test('without a token 401; an agent 403; admin by default, and the configured roles', async () => {
  const body = { payloads: [json(defaultPayloadConverter.toPayload('x'))] };
  const anonymous = await request(app).post('/api/v1/codec/decode').send(body).expect(401);
  expect(anonymous.headers['www-authenticate']).toBe('Bearer');
  expect((await decode(body, 'agent.codec').expect(403)).body.error).toMatch(/admin/);
  await decode(body, 'auditor.codec').expect(403);
  await decode(body, 'admin.codec').expect(200);
  // CODEC_ROLES=auditor: auditors too (admin always).
  const auditors = appWith({ roles: ['auditor'], corsOrigins: [devServer.uiUrl] });
  await request(auditors).post('/api/v1/codec/decode').set(bearer('auditor.codec')).send(body).expect(200);
  await request(auditors).post('/api/v1/codec/decode').set(bearer('agent.codec')).send(body).expect(403);
});

test('each decode is audited: who, which namespace, how many payloads; never their content', async () => {
  const namespace = `ns-${randomUUID().slice(0, 8)}`;
  const [encrypted] = await keyring.encode([defaultPayloadConverter.toPayload(CUSTOMER)]);
  const sent = [json(encrypted!), json(defaultPayloadConverter.toPayload('nur Text'))];
  await request(app).post('/api/v1/codec/decode').set(bearer('admin.codec')).set('X-Namespace', namespace).send({ payloads: sent }).expect(200);
  const { entries } = await new PrismaAuditTrail(system.db.client).list({ actor: 'admin.codec', limit: 200 });
  const entry = entries.find((one) => one.objectId === namespace);
  expect(entry).toMatchObject({ actor: 'admin.codec', role: 'admin', action: 'payloads.decoded', objectType: 'namespace', objectId: namespace, detail: { namespace, payloads: 2, encrypted: 1 } });
  expect(entry?.requestId).toEqual(expect.any(String));
  const written = JSON.stringify(entry);
  for (const secret of ['München', 'K-100042', sent[0]!.data, sent[1]!.data]) expect(written).not.toContain(secret);
});

test('a bad body or header is a 400 naming the field; an undecodable payload names it and its key id', async () => {
  expect((await decode({}).expect(400)).body.fields).toEqual([{ field: 'payloads', message: 'is required' }]);
  expect((await decode({ payloads: 'all' }).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'payloads' })]);
  expect((await decode({ payloads: [{ data: 'not base64!' }] }).expect(400)).body.fields).toEqual([{ field: 'payloads.0.data', message: 'must be base64' }]);
  const bad = await request(app).post('/api/v1/codec/decode').set(bearer('admin.codec')).set('X-Namespace', 'no spaces').send({ payloads: [] }).expect(400);
  expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'X-Namespace' })]);
  const [foreign] = await new EncryptionCodec(randomBytes(32)).encode([defaultPayloadConverter.toPayload(CUSTOMER)]);
  const refused = await decode({ payloads: [json(defaultPayloadConverter.toPayload('ok')), json(foreign!)] }).expect(400);
  expect(refused.body.fields).toEqual([{ field: 'payloads.1', message: expect.stringContaining(`encrypted with key ${Buffer.from(foreign!.metadata![KEY_ID_METADATA]!).toString()}`) }]);
  await request(app).post('/api/v1/codec/decode').set(bearer('admin.codec')).set('Content-Type', 'application/json').send('{"payloads": [').expect(400);
});

test('CORS: the preflight from the configured UI origin is answered without a token; other origins get no CORS', async () => {
  const preflight = (origin: string) =>
    request(app).options('/api/v1/codec/decode').set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
  const answered = await preflight(devServer.uiUrl).expect(204);
  expect(answered.headers).toMatchObject({
    'access-control-allow-origin': devServer.uiUrl,
    'access-control-allow-credentials': 'true',
    'access-control-allow-methods': 'POST',
  });
  expect(answered.headers['access-control-allow-headers']!.split(/,\s*/).map((h: string) => h.toLowerCase())).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-namespace']));
  const refused = await preflight('http://evil.example').expect(401);
  expect(refused.headers['access-control-allow-origin']).toBeUndefined();
  // The actual call from the UI's origin carries the header too (also a 401, so the UI can read it).
  const body = { payloads: [] };
  expect((await request(app).post('/api/v1/codec/decode').set('Origin', devServer.uiUrl).set(bearer('admin.codec')).send(body).expect(200)).headers['access-control-allow-origin']).toBe(devServer.uiUrl);
  expect((await request(app).post('/api/v1/codec/decode').set('Origin', devServer.uiUrl).send(body).expect(401)).headers['access-control-allow-origin']).toBe(devServer.uiUrl);
  expect((await request(app).post('/api/v1/codec/decode').set('Origin', 'http://evil.example').set(bearer('admin.codec')).send(body).expect(200)).headers['access-control-allow-origin']).toBeUndefined();
});

test('a browser on the Temporal UI\'s page decodes as the UI does; a page of another origin is refused by the browser', async () => {
  const [encrypted] = await keyring.encode([defaultPayloadConverter.toPayload(CUSTOMER)]);
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    // The request exactly as the Temporal UI's data encoder makes it (passAccessToken, includeCredentials).
    const callFrom = (url: string) =>
      page.goto(url).then(() =>
        page.evaluate(
          async ({ endpoint, token, payload }) => {
            try {
              const res = await fetch(`${endpoint}/decode`, {
                method: 'POST',
                credentials: 'include',
                headers: { 'Content-Type': 'application/json', 'X-Namespace': 'default', Authorization: `Bearer ${token}` },
                body: JSON.stringify({ payloads: [payload] }),
              });
              return { status: res.status, body: (await res.json()) as { payloads: Array<{ metadata: Record<string, string>; data: string }> } };
            } catch (error) {
              return { failed: String(error) };
            }
          },
          { endpoint: codecUrl, token: 'token-admin.codec', payload: json(encrypted!) },
        ),
      );
    const fromUi = await callFrom(devServer.uiUrl);
    expect(fromUi).toMatchObject({ status: 200 });
    expect(valueOf((fromUi as { body: { payloads: Array<{ metadata: Record<string, string>; data: string }> } }).body.payloads[0]!)).toEqual(CUSTOMER);
    const fromElsewhere = await callFrom(`http://127.0.0.1:${(otherOrigin.address() as AddressInfo).port}/`);
    expect(fromElsewhere).toEqual({ failed: expect.stringMatching(/Failed to fetch/) });
  } finally {
    await context.close();
  }
});

test('the Temporal CLI shows a workflow\'s input in clear text through the endpoint', async () => {
  const cli = process.env.TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEMPORAL_CLI_PATH is not set (test/support/global-setup.ts resolves the CLI)');
  const workflowId = `codec-probe-${randomUUID()}`;
  // Nobody polls this queue: the input stands in the history, encrypted under the current key.
  await client.workflow.start('codecProbe', { taskQueue: `unpolled-${randomUUID()}`, workflowId, args: [CUSTOMER] });
  const { stdout } = await promisify(execFile)(cli, [
    'workflow', 'show', '--address', devServer.address, '--namespace', 'default', '-w', workflowId, '--output', 'json',
    '--codec-endpoint', codecUrl, '--codec-auth', 'Bearer token-admin.codec',
  ]);
  const [started] = (JSON.parse(stdout) as { events: Array<{ workflowExecutionStartedEventAttributes?: { input: { payloads: Array<{ metadata: Record<string, string>; data: string }> } } }> }).events;
  const [input] = started!.workflowExecutionStartedEventAttributes!.input.payloads;
  expect(Buffer.from(input!.metadata.encoding!, 'base64').toString()).toBe('json/plain');
  expect(valueOf(input!)).toEqual(CUSTOMER);
  await client.workflow.getHandle(workflowId).terminate('probe done');
});
