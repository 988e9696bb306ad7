/**
 * GET /api/v1/tasks/events: task changes as server-sent events, from the one shared feed that
 * polls the task table. Against the real API on a port (streams need a real socket), the
 * Temporal dev server, a worker and a real database (SQLite, or PostgreSQL with DATABASE_URL).
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import request from 'supertest';
import { TaskFeed } from '../api/task-feed/feed';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { as, tokenOf, type TestUser } from './support/users';

let system: ApiSystem;
/** One feed for this suite's app, polling fast, so the suite can watch it start and stop. */
let feed: TaskFeed;
let app: Express;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  system = await startApiSystem('task-events');
  feed = new TaskFeed(system.system.tasks, { pollMs: 100 });
  app = system.appWith({ taskFeed: feed, temporalDeadlineMs: 500 });
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await system?.stop();
});

interface StreamEvent {
  event: string;
  data: Record<string, unknown>;
}

/** An open event stream: the events so far, a wait for one, and close. */
interface OpenStream {
  events: StreamEvent[];
  /** Raw text received so far (heartbeats are comments, not events). */
  text(): string;
  next(matches: (event: StreamEvent) => boolean, what: string): Promise<StreamEvent>;
  close(): void;
}

const streams: OpenStream[] = [];
afterEach(() => {
  for (const stream of streams.splice(0)) stream.close();
});

async function openStream(user: TestUser, query = ''): Promise<OpenStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/tasks/events${query}`, { headers: { Authorization: `Bearer ${tokenOf(user)}`, Accept: 'text/event-stream' }, signal: abort.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: StreamEvent[] = [];
  let raw = '';
  let buffer = '';
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        const chunk = decoder.decode(value, { stream: true });
        raw += chunk;
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = block.split('\n');
          const event = lines.find((line) => line.startsWith('event: '))?.slice(7);
          const data = lines.filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  const stream: OpenStream = {
    events,
    text: () => raw,
    next: async (matches, what) => (await eventually(() => events.find(matches), (found) => found !== undefined, what))!,
    close: () => abort.abort(),
  };
  streams.push(stream);
  await stream.next((event) => event.event === 'ready', 'the ready event');
  return stream;
}

const customer = () => system.system.coreBanking.population.customers[5]!.profile.customerId;

/** Starts a callback (as the agent); its first task opens in the Direktberatung queue. */
async function newCallbackTask(): Promise<string> {
  const created = await request(system.app)
    .post('/api/v1/callbacks')
    .set(as('agent'))
    .set('Idempotency-Key', randomUUID())
    .send({ customerId: customer(), topic: `kreditkarte-${randomUUID().slice(0, 8)}`, preferredTime: { asap: true } })
    .expect(201);
  return `${created.body.workflowId as string}~attempt-1`;
}

const about = (id: string, change?: string) => (event: StreamEvent) => event.event === 'task' && event.data.id === id && (change === undefined || event.data.change === change);
const path = (id: string, action: string) => `/api/v1/tasks/${encodeURIComponent(id)}/${action}`;

test("a created task arrives in its queue's streams, not in another queue's", async () => {
  const berater = await openStream('berater');
  const otherQueue = await openStream('backoffice');
  const id = await newCallbackTask();
  const created = await berater.next(about(id, 'created'), 'the created task');
  expect(created.data).toMatchObject({ id, queue: 'direktberatung', status: 'open', version: 1, title: expect.stringContaining('Rückruf') });
  expect(Date.parse(created.data.dueAt as string)).toBeGreaterThan(Date.now());
  // Both streams are served by the same look at the table: what one got, the other got or never will.
  expect(otherQueue.events.filter(about(id))).toEqual([]);
});

test("a colleague's claim arrives, and a task moved to another queue is removed from the old one's streams", async () => {
  const berater = await openStream('berater');
  const id = await newCallbackTask();
  await berater.next(about(id), 'the new task');
  await request(system.app).post(path(id, 'claim')).set(as('berater2')).expect(200);
  const claimed = await berater.next((event) => about(id)(event) && event.data.status === 'claimed', 'the claim');
  expect(claimed.data).toMatchObject({ change: 'updated', assignee: 'berater2.test', version: 2 });

  const backoffice = await openStream('backoffice');
  await request(system.app).post(path(id, 'reassign')).set(as('supervisor')).send({ queue: 'backoffice', assignee: null }).expect(200);
  const removed = await berater.next(about(id, 'removed'), 'the removal');
  expect(removed.data).toEqual({ id, version: 3, change: 'removed' });
  expect((await backoffice.next(about(id), 'the task in its new queue')).data).toMatchObject({ queue: 'backoffice', status: 'open', change: 'updated' });
});

test('?queue= narrows the stream to one of your queues', async () => {
  const supervisorOnly = await openStream('supervisor', '?queue=supervisor');
  const supervisorAll = await openStream('supervisor');
  const id = await newCallbackTask();
  await supervisorAll.next(about(id, 'created'), 'the new task in all of the supervisor\'s queues');
  expect(supervisorOnly.events.filter(about(id))).toEqual([]);
  await request(system.app).post(path(id, 'reassign')).set(as('supervisor')).send({ queue: 'supervisor' }).expect(200);
  expect((await supervisorOnly.next(about(id), 'the task moved to the supervisor queue')).data).toMatchObject({ queue: 'supervisor', change: 'updated' });
});

test('the stream outlives the per-request Temporal deadline and sends heartbeats', async () => {
  const quick = system.appWith({ taskFeed: new TaskFeed(system.system.tasks, { pollMs: 50, heartbeatMs: 50 }), temporalDeadlineMs: 200 });
  const quickServer = await new Promise<Server>((resolve) => {
    const listening = quick.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const abort = new AbortController();
  try {
    const opened = Date.now();
    const response = await fetch(`http://127.0.0.1:${(quickServer.address() as AddressInfo).port}/api/v1/tasks/events`, { headers: { Authorization: `Bearer ${tokenOf('berater')}` }, signal: abort.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const read = async () => {
      const { value } = await reader.read();
      text += decoder.decode(value, { stream: true });
      return text;
    };
    // Six heartbeats 50 ms apart: the stream is older than the 200 ms deadline.
    await eventually(read, (seen) => (seen.match(/: heartbeat/g) ?? []).length >= 6, 'heartbeats past the deadline');
    expect(Date.now() - opened).toBeGreaterThan(200);
    const id = await newCallbackTask();
    await eventually(read, (seen) => seen.includes(id), 'the task in a stream older than the deadline');
  } finally {
    abort.abort();
    quickServer.closeAllConnections();
    await new Promise((resolve) => quickServer.close(resolve));
  }
});

test('one feed for all clients: it starts with the first and stops polling when the last leaves', async () => {
  expect(feed.running).toBe(false);
  const first = await openStream('berater');
  const second = await openStream('berater2');
  expect(feed.running).toBe(true);
  expect(feed.subscriberCount).toBe(2);
  first.close();
  await eventually(() => feed.subscriberCount, (count) => count === 1, 'the first client removed');
  expect(feed.running).toBe(true);
  second.close();
  await eventually(() => feed.subscriberCount, (count) => count === 0, 'the last client removed');
  expect(feed.running).toBe(false);
  const looks = feed.lookCount;
  // Polling has stopped: a client that comes back starts it afresh and still gets changes.
  const again = await openStream('berater');
  expect(feed.lookCount).toBeGreaterThanOrEqual(looks);
  const id = await newCallbackTask();
  await again.next(about(id, 'created'), 'a change after the restart');
});

test.each([
  ['queue=', 'queue'],
  ['colour=red', 'colour'],
])('bad query %s → 400 naming %s', async (query, field) => {
  const res = await request(app).get(`/api/v1/tasks/events?${query}`).set(as('berater')).expect(400);
  expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
});

test('no token → 401; a role without tasks → 403; a queue not yours → 403', async () => {
  await request(app).get('/api/v1/tasks/events').expect(401);
  await request(app).get('/api/v1/tasks/events').set(as('auditor')).expect(403);
  const res = await request(app).get('/api/v1/tasks/events?queue=operations').set(as('berater')).expect(403);
  expect(res.body.error).toContain('queue');
  expect(feed.subscriberCount).toBe(0);
});

test('the OpenAPI document describes the stream', async () => {
  const { body } = await request(app).get('/api/v1/openapi.json').expect(200);
  const operation = body.paths['/api/v1/tasks/events'].get;
  expect(Object.keys(operation.responses['200'].content)).toEqual(['text/event-stream']);
  expect(operation.parameters).toEqual([expect.objectContaining({ name: 'queue', in: 'query', required: false })]);
});
