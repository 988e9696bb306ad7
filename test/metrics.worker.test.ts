/**
 * The worker's Temporal SDK metrics (issue 14, section 3): installTemporalRuntime with a metrics
 * address serves the SDK core's Prometheus endpoint; a real worker on the Temporal dev server runs
 * a process, and the endpoint shows its task slots, latencies and completions.
 *
 * Its own file: the SDK's runtime can be installed once per process (jest runs each file in a
 * process of its own here).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { IllegalStateError } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime } from '@temporalio/worker';
import { installTemporalRuntime } from '../platform/temporal-runtime';
import { startOrExtendBlock } from '../workflows/contact-block.client';
import { eventually } from './support/eventually';
import { reservedPort } from './support/ports';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';

let metricsUrl: string;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
const taskQueue = `worker-metrics-${randomUUID()}`;

beforeAll(async () => {
  // test/support/quiet-temporal.ts installed a runtime without metrics before this file; nothing
  // uses it yet, so it is shut down and ours installed, as workers/main.ts does at start.
  await Runtime.instance().shutdown();
  const address = `127.0.0.1:${await reservedPort()}`;
  installTemporalRuntime({ metricsAddress: address, logLevel: 'WARN' });
  metricsUrl = `http://${address}/metrics`;
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem('sqlite', { customers: 10 })]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

test('the runtime can be installed only once per process', () => {
  expect(() => installTemporalRuntime({ logLevel: 'WARN' })).toThrow(IllegalStateError);
});

test('the worker serves the SDK metrics: task slots, schedule-to-start latency, completed workflow tasks', async () => {
  const customerId = `K-${randomUUID().slice(0, 8)}`;
  const block = await startOrExtendBlock(env.client, taskQueue, { customerId, topic: 'kreditkarte' }, { requestId: randomUUID(), months: 3, reason: 'kein Interesse', requestedBy: 'agent-1' }, system.pseudonymOf);
  expect(block.created).toBe(true);

  const scrape = async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return response.text();
  };
  // The activity that stored the block has completed by the time the update answered; the
  // exporter reads the core's current values at each scrape.
  const text = await eventually(scrape, (body) => /^temporal_activity_execution_latency_seconds_count\{[^}]*activity_type="saveContactBlock"/m.test(body), 'the activity in the SDK metrics');
  const lines = text.split('\n');
  const line = (pattern: RegExp) => lines.find((candidate) => pattern.test(candidate));
  // Names as the runbook's alerts use them (seconds, `_total`), with the task queue as a label.
  expect(line(new RegExp(`^temporal_worker_task_slots_available\\{.*task_queue="${taskQueue}".*worker_type="WorkflowWorker".*\\} \\d+`))).toBeDefined();
  expect(line(new RegExp(`^temporal_workflow_task_schedule_to_start_latency_seconds_bucket\\{.*task_queue="${taskQueue}"`))).toBeDefined();
  expect(line(new RegExp(`^temporal_activity_schedule_to_start_latency_seconds_bucket\\{.*task_queue="${taskQueue}"`))).toBeDefined();
  expect(line(new RegExp(`^temporal_workflow_task_execution_latency_seconds_count\\{.*workflow_type="contactBlockWorkflow"`))).toBeDefined();
  expect(line(/^temporal_request_total\{/)).toBeDefined();
  // Every SDK metric the checked-in alert rules use exists under that name.
  const rules = readFileSync(path.join(__dirname, '..', 'ops', 'prometheus', 'alerts.yml'), 'utf8');
  const alerted = [...new Set(rules.match(/\btemporal_[a-z0-9_]+/g) ?? [])];
  expect(alerted.length).toBeGreaterThanOrEqual(3);
  const declared = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
  expect(alerted.filter((name) => !declared.has(name) && !declared.has(name.replace(/_(bucket|count|sum)$/, '')))).toEqual([]);
  // Ids and arguments never become labels: no customer number, no workflow id.
  expect(text).not.toContain(customerId);
  expect(text).not.toContain(block.workflowId);
});
