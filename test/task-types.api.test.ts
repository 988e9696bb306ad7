/**
 * GET /api/v1/task-types: the result schema of every task type, labelled in German, from which
 * the web app generates its completion forms. Over HTTP against the real API.
 */
import request from 'supertest';
import { z } from 'zod';
import { CHOICE_TITLES } from '../api/task-types.routes';
import { TASK_RESULT_SCHEMAS } from '../domain/task';
import { startApiSystem, type ApiSystem } from './support/api-system';
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
