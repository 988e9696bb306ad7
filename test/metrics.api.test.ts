/**
 * `GET /metrics` of the API (issue 14, section 3): request counters and durations per route
 * pattern (never the URL), Node's process metrics, the business gauges from the application
 * database (on SQLite and on PostgreSQL when DATABASE_URL names one), their few seconds' cache,
 * and the optional METRICS_TOKEN. Against the real app, a real Temporal dev server and real databases.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import request from 'supertest';
import { createApp, type AppDeps } from '../api/app';
import { createApiMetrics } from '../api/metrics';
import type { TaskRecord, TaskStatus } from '../domain/task';
import { silentLogger } from '../platform/logger';
import { PrismaOperationsMetrics, type OperationsSnapshot } from '../prisma/operations-metrics.repository';
import { appDeps } from './support/app';
import { createTestDatabase, providersUnderTest } from './support/database';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { as } from './support/users';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The text exposition format's sample lines (comments and blank lines skipped). */
function samplesOf(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const [, name = '', rawLabels = '', value = ''] = match;
      const labels: Record<string, string> = {};
      for (const [, key = '', text = ''] of rawLabels.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key] = text;
      return { name, labels, value: Number(value) };
    });
}

/** The value of the one sample with this name and (at least) these labels; undefined if none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value;
}

/** The metric names (of these prefixes) the checked-in alert rules use. */
function alertedMetrics(prefixes: string[]): string[] {
  const rules = readFileSync(path.join(__dirname, '..', 'ops', 'prometheus', 'alerts.yml'), 'utf8');
  return [...new Set(rules.match(new RegExp(`\\b(?:${prefixes.join('|')})_[a-z0-9_]+`, 'g')) ?? [])];
}

/** True when the exposition declares `name` (a histogram's `_bucket`, `_count`, `_sum` by its own name). */
function declares(text: string, name: string): boolean {
  const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
  return declared.has(name) || declared.has(name.replace(/_(bucket|count|sum)$/, ''));
}

let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createDevServerEnv();
});
afterAll(async () => {
  await env?.teardown();
});

describe.each(providersUnderTest())('metrics on %s', (provider) => {
  let system: TestSystem;
  const taskQueue = `metrics-${randomUUID()}`;
  const appOn = (overrides: Partial<AppDeps> = {}) =>
    createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts(), ...overrides }));

  beforeAll(async () => {
    system = await startTestSystem(provider, { customers: 10 });
  });
  afterAll(async () => {
    await system?.close();
  });

  test('requests are counted and timed per route pattern, never per URL', async () => {
    const app = appOn();
    const customerId = `K-${randomUUID().slice(0, 8)}`;
    await request(app).get('/api/v1/me').set(as('agent')).expect(200);
    await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).expect(200);
    await request(app).get(`/api/v1/no-such-thing/${customerId}`).set(as('agent')).expect(404);
    const bad = await request(app).post('/api/v1/contact-blocks').set(as('agent')).send({ customerId, topic: 'kreditkarte' }).expect(400);
    expect(bad.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'months' })]));

    const scraped = await request(app).get('/metrics').expect(200);
    expect(scraped.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    // Neither the customer number nor any raw path with it appears anywhere.
    expect(scraped.text).not.toContain(customerId);
    const samples = samplesOf(scraped.text);
    expect(valueOf(samples, 'http_requests_total', { method: 'GET', route: '/api/v1/me', status: '200' })).toBe(1);
    expect(valueOf(samples, 'http_requests_total', { method: 'GET', route: '/api/v1/customers/:customerId/contact-blocks', status: '200' })).toBe(1);
    expect(valueOf(samples, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // A validation error leaves the router before the answer is written: the pattern is kept anyway.
    expect(valueOf(samples, 'http_requests_total', { method: 'POST', route: '/api/v1/contact-blocks', status: '400' })).toBe(1);
    // The histogram: every bucket from 5 ms to 10 s, cumulative, and one observation per request.
    const buckets = samples.filter((s) => s.name === 'http_request_duration_seconds_bucket' && s.labels.route === '/api/v1/me');
    expect(buckets.map((s) => s.labels.le)).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    expect(buckets.at(-1)?.value).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/contact-blocks' })).toBe(1);
    expect(valueOf(samples, 'http_request_duration_seconds_sum', { method: 'GET', route: '/api/v1/me' })).toBeGreaterThan(0);
    // Node's process metrics are on the same registry.
    expect(valueOf(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(samples.some((s) => s.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
    // The answer carried its request id, and no label is a request id.
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(scraped.text).not.toContain(bad.headers['x-request-id']);
  });

  test('the business gauges count tasks, repairs, campaign progress and the outbox from the database', async () => {
    const queue = `q-${randomUUID().slice(0, 8)}`;
    const now = Date.now();
    const task = (key: string, status: TaskStatus, dueInMinutes: number, type = 'callback-attempt', workflowId = `callback:${queue}-${key}`): TaskRecord => ({
      id: `${workflowId}~${key}`,
      workflowId,
      type,
      resultVersion: 1,
      queue,
      status,
      priority: 2,
      dueAt: new Date(now + dueInMinutes * 60_000).toISOString(),
      title: 'Rückruf',
      context: {},
      createdAt: new Date(now - 3_600_000).toISOString(),
      version: 1,
    });
    await system.tasks.save(task('a', 'open', -30));
    await system.tasks.save(task('b', 'open', 30));
    await system.tasks.save(task('c', 'claimed', -5));
    await system.tasks.save(task('c2', 'open', 60, 'callback-attempt', `callback:${queue}-c`)); // a second task of process c
    await system.tasks.save(task('d', 'completed', -60));
    await system.tasks.save(task('repair', 'open', 120, 'repair', `repair:${queue}`));
    const db = system.db.client;
    await db.outboxEmail.create({ data: { idempotencyKey: `metrics-${randomUUID()}`, recipients: 'a@bank.example', subject: 's', body: 'b', status: 'pending', messageId: `<${randomUUID()}@bank.example>`, createdAt: new Date(now - 120_000) } });
    await db.outboxEmail.create({ data: { idempotencyKey: `metrics-${randomUUID()}`, recipients: 'a@bank.example', subject: 's', body: 'b', status: 'sent', messageId: `<${randomUUID()}@bank.example>`, createdAt: new Date(now - 999_000), sentAt: new Date(now) } });
    const runId = `run-metrics-${randomUUID().slice(0, 8)}-v1`;
    const doneRunId = `run-metrics-${randomUUID().slice(0, 8)}-v1`;
    for (const [id, status] of [[runId, 'running'], [doneRunId, 'completed']] as const) {
      await db.campaignRun.create({ data: { id, campaignId: 'metrics', version: 1, queue, status, launchedBy: 'owner', launchedAt: new Date(now), read: 10, selected: 4 } });
    }
    const target = (seq: number, state: string, released: boolean) => ({ runId, customerId: `K-${seq}`, seq, queue, state, ...(released ? { releasedAt: new Date(now) } : {}) });
    await db.campaignRunTarget.createMany({ data: [target(1, 'waiting', false), target(2, 'waiting', true), target(3, 'task-open', true), target(4, 'ended', true)] });

    // A fresh app: its snapshot cache is empty.
    const text = (await request(appOn()).get('/metrics').expect(200)).text;
    const samples = samplesOf(text);
    // Every API metric the alert rules use exists under that name.
    const alerted = alertedMetrics(['http', 'drehscheibe']);
    expect(alerted.length).toBeGreaterThan(5);
    expect(alerted.filter((name) => !declares(text, name))).toEqual([]);
    expect(valueOf(samples, 'drehscheibe_operations_metrics_up')).toBe(1);
    // a, b, c2 and the repair task.
    expect(valueOf(samples, 'drehscheibe_tasks_open', { queue, status: 'open' })).toBe(4);
    expect(valueOf(samples, 'drehscheibe_tasks_open', { queue, status: 'claimed' })).toBe(1);
    expect(valueOf(samples, 'drehscheibe_tasks_open', { queue, status: 'completed' })).toBeUndefined();
    expect(valueOf(samples, 'drehscheibe_tasks_overdue', { queue })).toBe(2);
    expect(valueOf(samples, 'drehscheibe_repair_tasks_open', { queue })).toBe(1);
    // Processes, not tasks: c has two open tasks.
    expect(valueOf(samples, 'drehscheibe_processes_waiting', { task_type: 'callback-attempt' })).toBe(3);
    expect(valueOf(samples, 'drehscheibe_processes_waiting', { task_type: 'repair' })).toBe(1);
    expect(valueOf(samples, 'drehscheibe_campaign_run_customers', { run: runId, status: 'running', stage: 'selected' })).toBe(4);
    expect(valueOf(samples, 'drehscheibe_campaign_run_customers', { run: runId, stage: 'started' })).toBe(3);
    expect(valueOf(samples, 'drehscheibe_campaign_run_customers', { run: runId, stage: 'finished' })).toBe(1);
    expect(samples.some((s) => s.labels.run === doneRunId)).toBe(false);
    expect(valueOf(samples, 'drehscheibe_email_outbox_pending')).toBe(1);
    expect(valueOf(samples, 'drehscheibe_email_outbox_oldest_pending_age_seconds')).toBeGreaterThanOrEqual(120);
  });

  test('one snapshot answers every scrape for a few seconds, and concurrent scrapes share one read', async () => {
    const repository = new PrismaOperationsMetrics(system.db.client);
    let reads = 0;
    const source = { snapshot: (at: Date): Promise<OperationsSnapshot> => (reads++, repository.snapshot(at)) };
    let clock = new Date();
    const metrics = createApiMetrics({ operations: source, operationsCacheMs: 5_000, now: () => clock, logger: silentLogger });
    const pending = () => metrics.registry.getSingleMetricAsString('drehscheibe_email_outbox_pending').then((text) => valueOf(samplesOf(text), 'drehscheibe_email_outbox_pending'));

    const first = await Promise.all(Array.from({ length: 10 }, () => metrics.registry.metrics()));
    expect(reads).toBe(1);
    expect(new Set(first.map((text) => valueOf(samplesOf(text), 'drehscheibe_email_outbox_pending'))).size).toBe(1);
    const before = await pending();
    await system.db.client.outboxEmail.create({ data: { idempotencyKey: `metrics-${randomUUID()}`, recipients: 'a@bank.example', subject: 's', body: 'b', status: 'pending', messageId: `<${randomUUID()}@bank.example>` } });
    clock = new Date(clock.getTime() + 4_999);
    expect(await pending()).toBe(before);
    expect(reads).toBe(1);
    clock = new Date(clock.getTime() + 1);
    expect(await pending()).toBe((before ?? 0) + 1);
    expect(reads).toBe(2);
  });

  test('an unreadable database leaves the gauges out and says so, the HTTP metrics stay', async () => {
    // A database without its tables: every query fails, as with a broken or wrong database.
    const empty = await createTestDatabase(provider);
    const db = await empty.open({ migrate: false });
    try {
      const warnings: string[] = [];
      const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
      const metrics = createApiMetrics({ operations: new PrismaOperationsMetrics(db.client), logger });
      const samples = samplesOf(await metrics.registry.metrics());
      expect(valueOf(samples, 'drehscheibe_operations_metrics_up')).toBe(0);
      expect(samples.some((s) => s.name.startsWith('drehscheibe_tasks_'))).toBe(false);
      expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
      expect(warnings).toEqual(['business metrics could not be read']);
    } finally {
      await db.close();
      await empty.drop();
    }
  });

  test('with METRICS_TOKEN, /metrics answers only that Bearer token', async () => {
    const token = `metrics-${randomUUID()}`;
    const app = appOn({ metricsToken: token });
    const missing = await request(app).get('/metrics').expect(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.body.error).toMatch(/metrics token/);
    await request(app).get('/metrics').set('Authorization', `Bearer ${token}x`).expect(401);
    // A user's token is not the metrics token.
    await request(app).get('/metrics').set(as('supervisor')).expect(401);
    const scraped = await request(app).get('/metrics').set('Authorization', `Bearer ${token}`).expect(200);
    expect(samplesOf(scraped.text).some((s) => s.name === 'http_requests_total' && s.labels.status === '401')).toBe(true);
  });
});
