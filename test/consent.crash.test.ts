/**
 * The write-through of a consent survives core banking dying mid-write: the simulator runs as
 * its own process with a journal, hangs on the write, is killed with SIGKILL and restarted on the
 * same port and journal. The activity's retry then writes, and core banking ends with exactly one
 * record for the decision (the idempotency key is the evidence id).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { ConsentUseCases } from '../api/consent.use-cases';
import { startWorker, type RunningWorker } from './support/worker';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { reservedPort } from './support/ports';

const ROOT = path.resolve(__dirname, '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = path.join(ROOT, 'adapters', 'core-banking', 'simulator', 'main.ts');
const taskQueue = `consent-crash-${randomUUID()}`;

let dir: string;
let port: number;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let simulator: ChildProcessWithoutNullStreams | undefined;


/** The simulator as its own process group (tsx runs it in a child node process: kill both). */
async function startSimulator(): Promise<void> {
  const child = spawn(TSX, [MAIN, '--port', String(port), '--journal', path.join(dir, 'core-banking.jsonl'), '--size', '2000'], { cwd: ROOT, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator not listening after 20 s:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      if (/listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator exited with ${code}:\n${output}`));
    });
  });
  simulator = child;
}

async function killSimulator(): Promise<void> {
  const child = simulator;
  if (!child?.pid) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid, 'SIGKILL');
  await gone;
  simulator = undefined;
}

const coreBankingUrl = () => `http://127.0.0.1:${port}`;
async function writesOf(customerId: string): Promise<unknown[]> {
  const response = await fetch(`${coreBankingUrl()}/_sim/consents/${customerId}/writes`);
  return ((await response.json()) as { writes: unknown[] }).writes;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-crash-'));
  port = await reservedPort();
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(), startSimulator()]);
  // The worker's client gives up after 1 s: with core banking holding requests longer, the
  // activity sees a timeout although core banking goes on to write.
  const coreBanking = new HttpCoreBanking({ baseUrl: coreBankingUrl(), timeoutMs: 1000 });
  worker = await startWorker(env, taskQueue, { ...system.deps(env.client, taskQueue), coreBanking });
});

afterAll(async () => {
  await killSimulator();
  await worker?.stop();
  await system?.close();
  await env?.teardown();
  rmSync(dir, { recursive: true, force: true });
});

function consentUseCases(): ConsentUseCases {
  return new ConsentUseCases({
    temporal: env.client,
    taskQueue,
    coreBanking: new HttpCoreBanking({ baseUrl: coreBankingUrl() }),
    pseudonymOf: system.pseudonymOf,
    evidence: system.evidence,
    scripts: system.scripts,
    settings: { declineMonths: 12, answerTimeoutMinutes: 60 },
  });
}

const setDelay = (delayMs: number) =>
  fetch(`${coreBankingUrl()}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delayMs }) });

test('killed while holding the write (nothing written yet), restarted: exactly one consent record', async () => {
  const consent = consentUseCases();
  // K-100000 has never been asked (a documented persona of the simulator).
  const customerId = 'K-100000';
  const decision = await consent.check({ customerId, contactId: 'call-crash', channel: 'phone' }, 'agent.test');
  expect(decision).toMatchObject({ ask: true });

  // From now on core banking holds every request before handling it: the write will hang.
  await setDelay(10_000);
  const { evidence } = await consent.answer(decision.checkId, { answer: 'yes', channels: ['phone'] }, 'agent.test');
  expect(evidence).toHaveLength(1);

  // Let the write reach the simulator, then kill it while it holds the request.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  expect((await consent.state(decision.checkId)).status).toBe('writing-through');
  await killSimulator();
  await new Promise((resolve) => setTimeout(resolve, 1500));
  await startSimulator();

  const handle = env.client.workflow.getHandle(consentUseCases().workflowIdOf(decision.checkId));
  const final = await handle.result();
  expect(final.status).toBe('done');
  expect(await writesOf(customerId)).toEqual([expect.objectContaining({ idempotencyKey: evidence[0]!.id, channel: 'phone', granted: true })]);
  const trail = await system.evidence.list(customerId);
  expect(trail[0]).toMatchObject({ id: evidence[0]!.id, coreBankingId: final.evidence[0]!.coreBankingId });
});

test('killed after writing but before the answer arrived, restarted: the retry is a duplicate, still one record', async () => {
  const consent = consentUseCases();
  const asOf = Date.parse(system.coreBanking.population.asOf);
  const customer = system.coreBanking.population.customers.find(
    (c) => c.profile.customerId !== 'K-100000' && c.consents.length === 0 && asOf - Date.parse(c.profile.birthDate) > 20 * 365 * 24 * 3600 * 1000,
  );
  const customerId = customer!.profile.customerId;
  const decision = await consent.check({ customerId, contactId: 'call-crash-2', channel: 'phone' }, 'agent.test');

  // Core banking holds each request 1.5 s, then writes (journal, fsync) and answers; the worker's
  // client has given up at 1 s. So the first write lands while the activity believes it failed.
  await setDelay(1500);
  const { evidence } = await consent.answer(decision.checkId, { answer: 'yes', channels: ['email'] }, 'agent.test');
  for (let i = 0; i < 100 && (await writesOf(customerId)).length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(await writesOf(customerId)).toHaveLength(1);
  expect((await consent.state(decision.checkId)).status).toBe('writing-through');

  await killSimulator();
  await startSimulator(); // replays the journal, without the delay

  const final = await env.client.workflow.getHandle(consentUseCases().workflowIdOf(decision.checkId)).result();
  expect(final.status).toBe('done');
  const writes = (await writesOf(customerId)) as Array<{ consentId: string; idempotencyKey: string }>;
  expect(writes).toHaveLength(1);
  expect(writes[0]).toMatchObject({ idempotencyKey: evidence[0]!.id });
  expect(final.evidence[0]?.coreBankingId).toBe(writes[0]!.consentId);
});
