/**
 * The cluster topology, for real (issue 14, section 1): a Temporal server built from Go modules on
 * PostgreSQL, two workers and two API instances from the production build (`node dist/…`) behind a
 * load balancer, the application database on PostgreSQL. Through the balancer: a contact block
 * (its idempotent repeat lands on the other API instance), callbacks with their tasks while a
 * worker is killed, a consent check; then every process stops (SIGTERM: each exits 0) and starts
 * again, and the state is all there: the open task is claimed and completed after the restart.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Connection, type TLSConfig } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { startCluster, type Cluster, type ClusterOptions } from '../tools/cluster/cluster';
import { eventually } from './support/eventually';

const POSTGRES_URL = process.env.DATABASE_URL?.startsWith('postgres') ? process.env.DATABASE_URL : 'postgresql://drehscheibe:drehscheibe@127.0.0.1:5432/postgres';
const name = `smoke_${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(path.join(tmpdir(), 'drehscheibe-cluster-'));
const lines: string[] = [];
const options: ClusterOptions = { dir, postgresUrl: POSTGRES_URL, name, portBase: 18_800, workers: 2, apis: 2, log: (line) => lines.push(line) };
let cluster: Cluster;

jest.setTimeout(300_000);

beforeAll(async () => {
  cluster = await startCluster(options);
}, 600_000);

afterAll(async () => {
  await cluster?.stop();
  const client = new PgClient({ connectionString: POSTGRES_URL });
  await client.connect();
  for (const suffix of ['temporal', 'visibility', 'app']) await client.query(`DROP DATABASE IF EXISTS "${name}_${suffix}" WITH (FORCE)`);
  await client.end();
  rmSync(dir, { recursive: true, force: true });
});

function call(user: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  return fetch(`${cluster.url}${route}`, {
    method,
    headers: { authorization: `Bearer ${cluster.tokens[user]}`, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

async function json<T = Record<string, unknown>>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

interface Task { id: string; workflowId: string; status: string; type: string }

async function openTasksOf(workflowId: string): Promise<Task[]> {
  const { tasks } = await json<{ tasks: Task[] }>(await call('berater.ben', 'GET', '/api/v1/tasks?queue=direktberatung'), 200);
  return tasks.filter((task) => task.workflowId === workflowId);
}

const callbackIds: string[] = [];

test('a contact block starts through the load balancer, and its repeat on the other API instance answers the same process', async () => {
  const key = randomUUID();
  const body = { customerId: 'K-100001', topic: 'kreditkarte', months: 3, reason: 'kein Interesse' };
  const first = await json<{ workflowId: string; created: boolean }>(await call('agent.anna', 'POST', '/api/v1/contact-blocks', body, { 'Idempotency-Key': key }), 201);
  const again = await json<{ workflowId: string }>(await call('agent.anna', 'POST', '/api/v1/contact-blocks', body, { 'Idempotency-Key': key }), 201);
  expect(first.created).toBe(true);
  expect(again.workflowId).toBe(first.workflowId);
});

test('callbacks open their tasks while a worker is killed (SIGKILL) and restarted', async () => {
  await cluster.kill('worker-0');
  for (let i = 0; i < 4; i++) {
    const started = await json<{ workflowId: string }>(
      await call('agent.anna', 'POST', '/api/v1/callbacks', { customerId: `K-10010${i}`, topic: 'ueberweisung', preferredTime: { asap: true } }, { 'Idempotency-Key': randomUUID() }),
      201,
    );
    callbackIds.push(started.workflowId);
  }
  await cluster.start('worker-0');
  await cluster.kill('worker-1');
  for (const workflowId of callbackIds) {
    const open = await eventually(() => openTasksOf(workflowId), (tasks) => tasks.length > 0, `the task of ${workflowId}`, { attempts: 240, everyMs: 250 });
    expect(open).toEqual([expect.objectContaining({ type: 'callback-attempt', status: 'open' })]);
  }
  await cluster.start('worker-1');
  // Each callback's email to the Direktberatung's mailbox arrived once, killed workers or not.
  const mails = await eventually(
    async () => (await json<Array<{ to: string[] }>>(await fetch(`${cluster.simControlUrl}/emails`), 200)).filter((mail) => mail.to.includes('direktberatung@sparkasse.example')),
    (found) => found.length >= callbackIds.length,
    'the callbacks\' emails',
    { attempts: 240, everyMs: 250 },
  );
  expect(mails).toHaveLength(callbackIds.length);
});

test('the Temporal frontend speaks mutual TLS: a client without the cluster\'s certificate is refused', async () => {
  const withCertificate = await Connection.connect({ address: cluster.temporalAddress, ...cluster.connectOptions });
  await expect(withCertificate.workflowService.getSystemInfo({})).resolves.toBeDefined();
  await withCertificate.close();
  const { clientCertPair: _dropped, ...serverCheckOnly } = cluster.connectOptions.tls as TLSConfig;
  await expect(
    (async () => {
      const without = await Connection.connect({ address: cluster.temporalAddress, tls: serverCheckOnly, connectTimeout: 5_000 });
      try {
        await without.workflowService.getSystemInfo({});
      } finally {
        await without.close();
      }
    })(),
  ).rejects.toThrow();
});

test('a consent check during a contact answers', async () => {
  const answer = await json<{ checkId: string; ask: boolean }>(await call('agent.anna', 'POST', '/api/v1/consent-checks', { customerId: 'K-100003', contactId: 'call-1', channel: 'phone' }), 200);
  expect(answer.checkId).toBe('K-100003~call-1');
  expect(typeof answer.ask).toBe('boolean');
});

test('every process stops gracefully and starts again; the open tasks are still there and can be worked', async () => {
  lines.length = 0;
  await cluster.stop();
  for (const process of ['api-0', 'api-1', 'worker-0', 'worker-1', 'simulators', 'temporal']) expect(lines).toContain(`cluster: ${process} exited (code 0)`);

  cluster = await startCluster(options);
  const [task] = await openTasksOf(callbackIds[0]!);
  expect(task).toMatchObject({ type: 'callback-attempt', status: 'open' });
  await json(await call('berater.ben', 'POST', `/api/v1/tasks/${encodeURIComponent(task!.id)}/claim`), 200);
  await json(await call('berater.ben', 'POST', `/api/v1/tasks/${encodeURIComponent(task!.id)}/complete`, { reached: false }), 200);
  // Not reached: the process (on the restarted cluster) takes the answer and waits for the next attempt.
  const callbackId = callbackIds[0]!.replace(/^callback:/, '');
  const state = await eventually(
    async () => json<{ status: string; attempts: Array<{ reached?: boolean; completedBy?: string }> }>(await call('agent.anna', 'GET', `/api/v1/callbacks/${callbackId}`), 200),
    (callback) => callback.attempts[0]?.reached === false,
    'the callback to take the attempt\'s result',
    { attempts: 240, everyMs: 250 },
  );
  expect(state).toMatchObject({ status: 'waiting', attempts: [{ reached: false, completedBy: 'berater.ben' }] });
  expect(await openTasksOf(callbackIds[0]!)).toEqual([]);
});
