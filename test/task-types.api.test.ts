/**
 * GET /api/v1/task-types: the result schema of every task type, labelled in German, from which
 * the web app generates its completion forms. Over HTTP against the real API. The care call's
 * cancellation reasons are configuration (CARE_CANCELLATION_REASONS): a configured list reaches
 * the form, the OpenAPI document and the check of a completion, and a process keeps the list it
 * was started with.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { CHOICE_TITLES } from '../api/task-types.routes';
import { DEFAULT_CARE_CALL_POLICY, type CareCallPolicy } from '../domain/care-call';
import { TASK_RESULT_SCHEMAS } from '../domain/task';
import { careCallPolicyOf, loadConfig } from '../platform/config';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { as } from './support/users';

let system: ApiSystem;

beforeAll(async () => {
  system = await startApiSystem('task-types');
});

afterAll(async () => {
  await system?.stop();
});

type Json = Record<string, unknown>;

/** Every node of a JSON Schema, depth first. */
function nodesOf(schema: unknown): Json[] {
  if (Array.isArray(schema)) return schema.flatMap(nodesOf);
  if (!schema || typeof schema !== 'object') return [];
  return [schema as Json, ...Object.values(schema).flatMap(nodesOf)];
}

test('the callback attempt: a discriminated union with German titles for branches, fields and choices', async () => {
  const { body } = await request(system.app).get('/api/v1/task-types').set(as('berater')).expect(200);
  const callback = body.types.find((type: { type: string }) => type.type === 'callback-attempt');
  expect(callback).toMatchObject({ type: 'callback-attempt', version: 1, title: 'Rückrufversuch' });
  const [reached, notReached] = callback.schema.oneOf as Array<{ title: string; properties: Record<string, Json>; required: string[] }>;
  expect(reached).toMatchObject({ title: 'erreicht', required: ['reached', 'outcome'] });
  expect(reached!.properties.reached).toMatchObject({ const: true, title: 'Kunde erreicht?' });
  expect(reached!.properties.outcome).toMatchObject({
    title: 'Ergebnis des Gesprächs',
    oneOf: [
      { const: 'appointment-wanted', title: 'Termin gewünscht' },
      { const: 'sold', title: 'verkauft' },
      { const: 'not-interested', title: 'nicht interessiert' },
      { const: 'other', title: 'anderes Ergebnis' },
    ],
  });
  expect(reached!.properties.note).toMatchObject({ title: 'Notiz', type: 'string', maxLength: 1000 });
  expect(notReached).toMatchObject({ title: 'nicht erreicht', required: ['reached'] });
  expect(notReached!.properties.reached).toMatchObject({ const: false });
  expect(callback.schema.$schema).toBeUndefined();
});

test('every task type the API completes is described, and every choice has a German label', async () => {
  const { body } = await request(system.app).get('/api/v1/task-types').set(as('supervisor')).expect(200);
  expect(body.types.map((type: { type: string; version: number }) => `${type.type}@${type.version}`).sort()).toEqual(Object.keys(TASK_RESULT_SCHEMAS).sort());
  for (const [key, schema] of Object.entries(TASK_RESULT_SCHEMAS)) {
    // The zod schema's own choices, each of which needs a label.
    const raw = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
    const choices = nodesOf(raw).flatMap((node) => (Array.isArray(node.enum) ? (node.enum as string[]) : []));
    const labels = Object.values(CHOICE_TITLES[key] ?? {}).flatMap((field) => Object.keys(field));
    expect(labels).toEqual(expect.arrayContaining(choices));
    const described = body.types.find((type: { type: string; version: number }) => `${type.type}@${type.version}` === key);
    expect(typeof described.title).toBe('string');
    expect(nodesOf(described.schema).filter((node) => 'enum' in node)).toEqual([]);
    // Every field has a title.
    for (const node of nodesOf(described.schema)) {
      if (node.properties) for (const property of Object.values(node.properties as Record<string, Json>)) expect(property.title).toEqual(expect.any(String));
    }
  }
});

test('?type= narrows the answer to one type', async () => {
  const { body } = await request(system.app).get('/api/v1/task-types?type=repair').set(as('agent')).expect(200);
  expect(body.types).toEqual([expect.objectContaining({ type: 'repair', version: 1, title: 'Reparatur' })]);
  expect(body.types[0].schema.properties.resolution.oneOf).toEqual([
    { const: 'fixed', title: 'behoben' },
    { const: 'no-action-needed', title: 'nichts zu tun' },
  ]);
  expect((await request(system.app).get('/api/v1/task-types?type=unbekannt').set(as('agent')).expect(200)).body).toEqual({ types: [] });
});

test.each([
  ['type=', 'type'],
  ['colour=red', 'colour'],
])('bad query %s → 400 naming %s', async (query, field) => {
  const res = await request(system.app).get(`/api/v1/task-types?${query}`).set(as('berater')).expect(400);
  expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
});

test('no token → 401; roles without tasks → 403', async () => {
  await request(system.app).get('/api/v1/task-types').expect(401);
  await request(system.app).get('/api/v1/task-types').set(as('auditor')).expect(403);
  await request(system.app).get('/api/v1/task-types').set(as('owner')).expect(403);
});

test('the OpenAPI document describes the operation', async () => {
  const { body } = await request(system.app).get('/api/v1/openapi.json').expect(200);
  const operation = body.paths['/api/v1/task-types'].get;
  expect(operation.parameters).toEqual([expect.objectContaining({ name: 'type', in: 'query', required: false })]);
  expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
});

// ---------------------------------------------------------------------------------------------
// Configured cancellation reasons

/** A process owner's list: none of its codes is in the default list. */
const CONFIGURED_REASONS = 'zu-teuer=Zu teuer;filiale-zu=Filiale geschlossen;anderes=Etwas anderes';
/** A demo's wait of a second: the first call task opens at once. */
const quick = (policy: CareCallPolicy): CareCallPolicy => ({ ...policy, delayMinutes: 1 / 60 });

let customers = 0;
/** A fresh customer with phone consent and a phone number, so the care call opens a call task. */
function reachableCustomer(): string {
  const found = system.system.coreBanking.population.customers.filter((c) => c.profile.contact.phone && c.consents.some((k) => k.channel === 'phone' && k.granted))[customers++];
  if (!found) throw new Error('no reachable customer in the population');
  return found.profile.customerId;
}

/** Records a sale through `app` (and so with its care-call settings); answers the first call task's id once it is open. */
async function careCallTask(app: Express): Promise<string> {
  const created = await request(app).post('/api/v1/sales').set(as('agent')).set('Idempotency-Key', randomUUID())
    .send({ customerId: reachableCustomer(), product: 'mastercard-classic', soldAt: new Date().toISOString(), channel: 'branch' }).expect(201);
  const id = `${created.body.workflowId as string}~attempt-1`;
  await eventually(async () => (await request(app).get(`/api/v1/tasks/${encodeURIComponent(id)}`).set(as('agent'))).status, (status) => status === 200, `task ${id}`);
  return id;
}

const completeWithReason = (app: Express, taskId: string, cancellationReason: string) =>
  request(app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/complete`).set(as('agent'))
    .send({ reached: true, satisfaction: '4', followUp: 'none', cancellationIntended: true, cancellationReason });

test('a configured list of cancellation reasons reaches the form, the OpenAPI document and the check of a completion', async () => {
  const configured = system.appWith({ careCallPolicy: quick(careCallPolicyOf(loadConfig({ CARE_CANCELLATION_REASONS: CONFIGURED_REASONS }))) });
  const expected = [
    { const: 'zu-teuer', title: 'Zu teuer' },
    { const: 'filiale-zu', title: 'Filiale geschlossen' },
    { const: 'anderes', title: 'Etwas anderes' },
  ];
  // The form: the choices with the configured German labels (the web app renders oneOf's titles).
  const { body } = await request(configured).get('/api/v1/task-types?type=care-call').set(as('agent')).expect(200);
  const reached = body.types[0].schema.oneOf.find((branch: { title: string }) => branch.title === 'erreicht');
  expect(reached.properties.cancellationReason).toMatchObject({ title: 'Kündigungsgrund', oneOf: expected });
  // An app without the setting still offers the default list.
  const defaults = await request(system.app).get('/api/v1/task-types?type=care-call').set(as('agent')).expect(200);
  expect(defaults.body.types[0].schema.oneOf[0].properties.cancellationReason.oneOf.map((choice: { const: string }) => choice.const)).toEqual(['price', 'service', 'better-offer', 'no-longer-needed', 'moving', 'other']);
  // The OpenAPI document describes the configured list.
  const document = (await request(configured).get('/api/v1/openapi.json').expect(200)).body;
  const completion = document.paths['/api/v1/tasks/{id}/complete'].post.requestBody;
  const reasonEnums = nodesOf(completion.content['application/json'].schema).filter((node) => node.title === 'Kündigungsgrund');
  expect(reasonEnums).toEqual([expect.objectContaining({ enum: ['zu-teuer', 'filiale-zu', 'anderes'] })]);
  expect(completion.description).toContain('`filiale-zu` (Filiale geschlossen)');

  // A care call started with the configured list: a reason of the default list is refused, a configured one completes the call.
  const taskId = await careCallTask(configured);
  const refused = await completeWithReason(configured, taskId, 'price').expect(422);
  expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'cancellationReason' })]);
  const done = await completeWithReason(configured, taskId, 'zu-teuer').expect(200);
  expect(done.body.task).toMatchObject({ status: 'completed', result: { cancellationIntended: true, cancellationReason: 'zu-teuer' } });
});

test('a care call keeps the list it was started with: started before the list was configurable, it refuses a newly configured reason with 422 naming cancellationReason', async () => {
  // A process's input from before the setting existed: no cancellationReasons at all.
  const { cancellationReasons: _none, ...before } = DEFAULT_CARE_CALL_POLICY;
  const taskId = await careCallTask(system.appWith({ careCallPolicy: quick(before) }));
  // The API, now configured with a new list, lets the reason through; the process's own check refuses it.
  const configured = system.appWith({ careCallPolicy: careCallPolicyOf(loadConfig({ CARE_CANCELLATION_REASONS: CONFIGURED_REASONS })) });
  const refused = await completeWithReason(configured, taskId, 'zu-teuer').expect(422);
  expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'cancellationReason' })]);
  expect(refused.body.error).toContain('price');
  // A reason of the list it was started with (the default) completes it.
  const done = await completeWithReason(system.app, taskId, 'moving').expect(200);
  expect(done.body.task.result).toMatchObject({ cancellationReason: 'moving' });
});
