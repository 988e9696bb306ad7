/**
 * The audit trail (DESIGN.md "Personal data": every change and every read of a customer's data by
 * a person, with its actor) over HTTP, against the Temporal dev server, a worker, a real database
 * and the simulators; the object-level rules (whose consent check, whose callback, which queue);
 * and the trail's repository on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ageOn, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import type { AuditEntry, NewAuditEntry } from '../api/audit';
import { PrismaAuditTrail } from '../prisma/audit.repository';
import { createTestDatabase, providersUnderTest } from './support/database';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import type { TestSystem } from './support/system';
import { as, TEST_USERS, type TestUser } from './support/users';

let api: ApiSystem;
let system: TestSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('audit-api');
  ({ system, app } = api);
});

afterAll(async () => {
  await api?.stop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const newRequestId = (what: string) => `${what}-${randomUUID()}`;
const newTopic = () => `kreditkarte-${randomUUID().slice(0, 8)}`;
const newContact = () => `call-${randomUUID().slice(0, 8)}`;

const used = new Set<string>();
/** A fresh adult customer matching `test`: each test works on its own, so its trail is its own. */
function customerWhere(test: (c: SimulatedCustomer) => boolean = () => true): string {
  const { asOf, customers } = system.coreBanking.population;
  const found = customers.find((c) => !used.has(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && test(c));
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}
/** Someone the consent check asks: no consent on file, reachable by phone. */
const withoutConsent = () => customerWhere((c) => c.consents.length === 0 && !!c.profile.contact.phone);

/** Every entry of a customer's trail (newest first), without the auditor's own reads. */
async function trailOf(customerId: string): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let cursor: string | undefined;
  do {
    const res = await request(app).get('/api/v1/audit').query({ customerId, limit: 200, ...(cursor ? { cursor } : {}) }).set(as('auditor')).expect(200);
    entries.push(...(res.body.entries as AuditEntry[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return entries.filter((entry) => entry.action !== 'audit.read');
}

/** The one entry a request left (found by its request id). */
async function entryOf(customerId: string, requestId: string): Promise<AuditEntry> {
  const matching = (await trailOf(customerId)).filter((entry) => entry.requestId === requestId);
  expect(matching).toHaveLength(1);
  return matching[0]!;
}

const roleOf = (user: TestUser) => TEST_USERS[user].roles.join(',');
const idOf = (user: TestUser) => TEST_USERS[user].id;

/** Polls `read` until `done` holds (bounded): for what a workflow finishes after the API answered. */

function requestCallback(customerId: string, user: TestUser = 'agent', requestId = newRequestId('callback')) {
  return request(app)
    .post('/api/v1/callbacks')
    .set(as(user))
    .set('Idempotency-Key', randomUUID())
    .set('X-Request-Id', requestId)
    .send({ customerId, topic: newTopic(), preferredTime: { asap: true }, note: 'möchte Gold-Karte, ruft ab 17 Uhr zurück' });
}

describe('request ids', () => {
  test('a well-formed X-Request-Id is echoed; a missing or malformed one is replaced by a fresh UUID', async () => {
    const given = newRequestId('req.id_1');
    const echoed = await request(app).get('/healthz').set('X-Request-Id', given).expect(200);
    expect(echoed.headers['x-request-id']).toBe(given);

    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const none = await request(app).get('/healthz').expect(200);
    expect(none.headers['x-request-id']).toMatch(uuid);
    for (const bad of ['mit Leerzeichen', 'a'.repeat(101), 'K-100042/../x', 'x;y']) {
      const res = await request(app).get('/healthz').set('X-Request-Id', bad).expect(200);
      expect(res.headers['x-request-id']).toMatch(uuid);
    }
    // Also on refusals.
    const refused = await request(app).get('/api/v1/audit').set('X-Request-Id', given).expect(401);
    expect(refused.headers['x-request-id']).toBe(given);
  });

  test('a replaced request id is the one the trail records', async () => {
    const customerId = customerWhere();
    const res = await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).set('X-Request-Id', 'kein gueltiger Wert!').expect(200);
    const requestId = res.headers['x-request-id'] as string;
    expect(requestId).not.toBe('kein gueltiger Wert!');
    expect((await trailOf(customerId)).map((entry) => entry.requestId)).toEqual([requestId]);
  });
});

describe('every change and every read of a customer, with its actor', () => {
  test('contact blocks: created, extended, read twice, lifted; an idempotent replay records nothing', async () => {
    const customerId = customerWhere();
    const ids = { created: newRequestId('block'), replay: newRequestId('block'), extended: newRequestId('block'), list: newRequestId('list'), state: newRequestId('state'), lifted: newRequestId('lift') };
    const block = (months: number, key: string, requestId: string) =>
      request(app).post('/api/v1/contact-blocks').set(as('agent')).set('Idempotency-Key', key).set('X-Request-Id', requestId).send({ customerId, topic: 'kreditkarte', months, reason: 'kein Interesse, sehr verärgert' });

    const created = await block(6, 'call-1', ids.created).expect(201);
    expect(created.headers['x-request-id']).toBe(ids.created);
    const replayed = await block(6, 'call-1', ids.replay).expect(201);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
    await block(9, 'call-2', ids.extended).expect(200);
    await request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('backoffice')).set('X-Request-Id', ids.list).expect(200);
    await request(app).get(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('auditor')).set('X-Request-Id', ids.state).expect(200);
    await request(app).delete(`/api/v1/contact-blocks/${customerId}/kreditkarte`).set(as('supervisor')).set('X-Request-Id', ids.lifted).send({ reason: 'Kunde hat angerufen' }).expect(200);

    const trail = await trailOf(customerId);
    const workflowId = created.body.workflowId as string;
    expect(trail.map((entry) => [entry.action, entry.actor, entry.role, entry.requestId])).toEqual([
      ['contact-block.lifted', idOf('supervisor'), roleOf('supervisor'), ids.lifted],
      ['contact-block.read', idOf('auditor'), roleOf('auditor'), ids.state],
      ['customer.contact-blocks.read', idOf('backoffice'), roleOf('backoffice'), ids.list],
      ['contact-block.extended', idOf('agent'), roleOf('agent'), ids.extended],
      ['contact-block.created', idOf('agent'), roleOf('agent'), ids.created],
    ]);
    expect(trail.every((entry) => entry.customerId === customerId)).toBe(true);
    expect(trail.find((entry) => entry.action === 'contact-block.created')).toMatchObject({ objectType: 'contact-block', objectId: workflowId, detail: { topic: 'kreditkarte', months: 6 } });
    expect(trail.find((entry) => entry.action === 'customer.contact-blocks.read')).toMatchObject({ objectType: 'customer', detail: { topics: ['kreditkarte'] } });
    // Free text typed by a person stays out of the trail.
    expect(JSON.stringify(trail)).not.toMatch(/Interesse|verärgert|angerufen/);
  });

  test('the contact policy read names the contact decided on', async () => {
    const customerId = customerWhere();
    const requestId = newRequestId('policy');
    await request(app).get(`/api/v1/customers/${customerId}/contact-policy`).query({ purpose: 'advertising', channel: 'phone', topic: 'girokonto' }).set(as('agent')).set('X-Request-Id', requestId).expect(200);
    expect(await entryOf(customerId, requestId)).toMatchObject({
      action: 'customer.contact-policy.read',
      actor: idOf('agent'),
      role: 'agent',
      customerId,
      objectType: 'customer',
      detail: { purpose: 'advertising', channel: 'phone', topic: 'girokonto', allowed: expect.any(Boolean), reasons: expect.any(Array) },
    });
  });

  test('consent: check opened, read, answered, trail read, withdrawn (once per key), script published', async () => {
    const customerId = withoutConsent();
    const contactId = newContact();
    const ids = { opened: newRequestId('check'), read: newRequestId('read'), answered: newRequestId('answer'), trail: newRequestId('trail'), withdrawn: newRequestId('withdraw'), replay: newRequestId('withdraw') };
    const checked = await request(app).post('/api/v1/consent-checks').set(as('agent')).set('X-Request-Id', ids.opened).send({ customerId, contactId, channel: 'phone' }).expect(200);
    expect(checked.body.ask).toBe(true);
    const checkId = checked.body.checkId as string;
    const state = await request(app).get(`/api/v1/consent-checks/${encodeURIComponent(checkId)}`).set(as('supervisor')).set('X-Request-Id', ids.read).expect(200);
    expect(state.body.openedBy).toBe(idOf('agent'));
    await request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checkId)}/answer`).set(as('agent')).set('X-Request-Id', ids.answered).send({ answer: 'yes', channels: ['phone'] }).expect(201);
    await request(app).get(`/api/v1/customers/${customerId}/consents`).set(as('auditor')).set('X-Request-Id', ids.trail).expect(200);
    const withdraw = (requestId: string) =>
      request(app).post(`/api/v1/customers/${customerId}/consents/withdraw`).set(as('backoffice')).set('Idempotency-Key', 'brief-4711').set('X-Request-Id', requestId).send({ channels: ['phone'] });
    await withdraw(ids.withdrawn).expect(201);
    expect((await withdraw(ids.replay).expect(201)).headers['idempotent-replayed']).toBe('true');

    const trail = await trailOf(customerId);
    expect(trail.map((entry) => [entry.action, entry.actor, entry.role, entry.requestId])).toEqual([
      ['consent.withdrawn', idOf('backoffice'), 'backoffice', ids.withdrawn],
      ['customer.consents.read', idOf('auditor'), 'auditor', ids.trail],
      ['consent-check.answered', idOf('agent'), 'agent', ids.answered],
      ['consent-check.read', idOf('supervisor'), 'supervisor', ids.read],
      ['consent-check.opened', idOf('agent'), 'agent', ids.opened],
    ]);
    expect(trail.find((entry) => entry.action === 'consent-check.opened')).toMatchObject({ objectType: 'consent-check', objectId: checkId, detail: { contactId, channel: 'phone', ask: true } });
    expect(trail.find((entry) => entry.action === 'consent-check.answered')).toMatchObject({ objectType: 'consent-check', objectId: checkId, detail: { answer: 'yes', channels: ['phone'] } });
    expect(trail.find((entry) => entry.action === 'consent.withdrawn')).toMatchObject({ objectType: 'consent', detail: { channels: ['phone'] } });

    // The script is no customer's: found by actor.
    const scriptRequest = newRequestId('script');
    const script = await request(app)
      .put('/api/v1/consent-scripts')
      .set(as('owner'))
      .set('X-Request-Id', scriptRequest)
      .send({ question: 'Dürfen wir Sie künftig telefonisch zu Angeboten der Sparkasse anrufen?', objectionAnswers: [{ objection: 'Warum?', answer: 'Weil das Gesetz Ihre Zustimmung verlangt.' }] })
      .expect(201);
    const byOwner = await request(app).get('/api/v1/audit').query({ actor: idOf('owner') }).set(as('auditor')).expect(200);
    expect(byOwner.body.entries).toEqual([
      expect.objectContaining({ action: 'consent-script.published', role: 'process-owner', objectType: 'consent-script', objectId: String(script.body.version), requestId: scriptRequest }),
    ]);
    expect(byOwner.body.entries[0].customerId).toBeUndefined();
  });

  test('callback: started (once per key), read, cancelled; tasks: read, claimed, unclaimed, reassigned, completed', async () => {
    const customerId = customerWhere();
    const ids = { started: newRequestId('start') };
    const started = await requestCallback(customerId, 'agent', ids.started).expect(201);
    const { callbackId, workflowId } = started.body as { callbackId: string; workflowId: string };
    const taskId = `${workflowId}~attempt-1`;
    await eventually(() => system.tasks.get(taskId), (task) => task !== undefined, 'the first task');

    const path = (suffix = '') => `/api/v1/tasks/${encodeURIComponent(taskId)}${suffix}`;
    const steps: Array<[string, TestUser, () => request.Test]> = [
      ['callback.read', 'auditor', () => request(app).get(`/api/v1/callbacks/${callbackId}`).set(as('auditor'))],
      ['task.read', 'berater', () => request(app).get(path()).set(as('berater'))],
      ['task.claimed', 'berater', () => request(app).post(path('/claim')).set(as('berater'))],
      ['task.unclaimed', 'berater', () => request(app).post(path('/unclaim')).set(as('berater'))],
      ['task.reassigned', 'supervisor', () => request(app).post(path('/reassign')).set(as('supervisor')).send({ assignee: idOf('berater2') })],
      ['task.completed', 'berater2', () => request(app).post(path('/complete')).set(as('berater2')).send({ reached: true, outcome: 'other', note: 'Kunde überlegt noch, Ehefrau fragen' })],
    ];
    const expected: Array<[string, string, string, string]> = [];
    for (const [action, user, send] of steps) {
      const requestId = newRequestId(action);
      await send().set('X-Request-Id', requestId).expect(200);
      expected.unshift([action, idOf(user), roleOf(user), requestId]);
    }

    // A second callback of the same customer, cancelled by its agent.
    const second = await requestCallback(customerId).expect(201);
    const cancelRequest = newRequestId('cancel');
    await request(app).post(`/api/v1/callbacks/${second.body.callbackId}/cancel`).set(as('agent')).set('X-Request-Id', cancelRequest).send({ reason: 'Kunde hat sich beschwert' }).expect(200);
    // The idempotent start again: replayed, not recorded again.
    const key = randomUUID();
    const body = { customerId, topic: newTopic(), preferredTime: { asap: true } };
    const once = await request(app).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', key).send(body).expect(201);
    await request(app).post('/api/v1/callbacks').set(as('agent')).set('Idempotency-Key', key).send(body).expect(201);

    const trail = await trailOf(customerId);
    const mine = trail.filter((entry) => entry.objectId === callbackId || entry.objectId === taskId);
    expect(mine.map((entry) => [entry.action, entry.actor, entry.role, entry.requestId])).toEqual([...expected, ['callback.started', idOf('agent'), 'agent', ids.started]]);
    expect(mine.every((entry) => entry.customerId === customerId)).toBe(true);
    expect(mine.find((entry) => entry.action === 'task.completed')).toMatchObject({ objectType: 'task', detail: { type: 'callback-attempt', queue: 'direktberatung', reached: true, outcome: 'other' } });
    expect(mine.find((entry) => entry.action === 'task.reassigned')).toMatchObject({ detail: { assignee: idOf('berater2') } });
    expect(trail.filter((entry) => entry.objectId === second.body.callbackId).map((entry) => [entry.action, entry.requestId])).toEqual([
      ['callback.cancelled', cancelRequest],
      ['callback.started', second.headers['x-request-id']],
    ]);
    expect(trail.filter((entry) => entry.objectId === once.body.callbackId).map((entry) => entry.action)).toEqual(['callback.started']);
    expect(JSON.stringify(trail)).not.toMatch(/Gold-Karte|überlegt|beschwert/);
  });
});

describe('the auditor reads the trail', () => {
  test('who did what to one customer, by actor, by time, paged with a cursor; the read itself is recorded', async () => {
    const customerId = customerWhere();
    const blocks = (user: TestUser) => request(app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as(user)).expect(200);
    await blocks('agent');
    await blocks('agent2');
    await sleep(5);
    const between = new Date();
    await sleep(5);
    await blocks('agent');
    await blocks('agent2');
    await blocks('agent');

    const all = await trailOf(customerId);
    expect(all.map((entry) => entry.actor)).toEqual([idOf('agent'), idOf('agent2'), idOf('agent'), idOf('agent2'), idOf('agent')]);
    expect([...all.map((entry) => entry.at)].sort().reverse()).toEqual(all.map((entry) => entry.at));

    const list = (query: Record<string, string | number>, user: TestUser = 'auditor') => request(app).get('/api/v1/audit').query({ customerId, ...query }).set(as(user));
    const byAgent2 = await list({ actor: idOf('agent2') }).expect(200);
    expect(byAgent2.body.entries.map((entry: AuditEntry) => entry.actor)).toEqual([idOf('agent2'), idOf('agent2')]);
    const after = await list({ from: between.toISOString() }).expect(200);
    expect(after.body.entries.filter((entry: AuditEntry) => entry.action !== 'audit.read').map((entry: AuditEntry) => entry.actor)).toEqual([idOf('agent'), idOf('agent2'), idOf('agent')]);
    const before = await list({ to: between.toISOString() }).expect(200);
    expect(before.body.entries.map((entry: AuditEntry) => entry.actor)).toEqual([idOf('agent2'), idOf('agent')]);
    const window = await list({ actor: idOf('agent'), from: between.toISOString(), to: new Date().toISOString() }).expect(200);
    expect(window.body.entries).toHaveLength(2);

    // Paged two at a time: everything once, newest first, the last page without a cursor.
    const seen: AuditEntry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await list({ actor: idOf('agent'), limit: 2, ...(cursor ? { cursor } : {}) }).expect(200);
      expect(res.body.entries.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.entries);
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(2);
    expect(seen.map((entry) => entry.id)).toEqual(all.filter((entry) => entry.actor === idOf('agent')).map((entry) => entry.id));

    // The auditor's reads are in the trail too, with the customer they were about.
    const reads = await request(app).get('/api/v1/audit').query({ customerId, actor: idOf('auditor') }).set(as('supervisor')).expect(200);
    expect(reads.body.entries.length).toBeGreaterThanOrEqual(5);
    expect(reads.body.entries[0]).toMatchObject({ action: 'audit.read', actor: idOf('auditor'), role: 'auditor', customerId, objectType: 'audit' });
    const supervisorRead = await request(app).get('/api/v1/audit').query({ actor: idOf('supervisor'), limit: 1 }).set(as('auditor')).expect(200);
    expect(supervisorRead.body.entries[0]).toMatchObject({ action: 'audit.read', actor: idOf('supervisor'), role: 'supervisor', customerId, detail: expect.objectContaining({ actor: idOf('auditor') }) });
  });

  test.each(['agent', 'backoffice', 'owner', 'berater'] as TestUser[])('%s may not read the trail (403)', async (user) => {
    const res = await request(app).get('/api/v1/audit').set(as(user)).expect(403);
    expect(res.body.error).toContain('auditor');
  });

  test.each([
    ['from=yesterday', 'from'],
    ['to=2026-13-01T00:00:00Z', 'to'],
    ['from=2026-03-10T10:00:00Z&to=2026-03-10T09:00:00Z', 'to'],
    // An offset pushes year 1 into year 0, which PostgreSQL does not have: a 400, not a 500.
    ['from=0001-01-01T00:00:00.886633%2B10:19', 'from'],
    ['to=10000-01-01T00:00:00Z', 'to'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=zwei', 'limit'],
    ['customerId=K%201', 'customerId'],
    ['cursor=not-a-cursor', 'cursor'],
    [`actor=${'a'.repeat(101)}`, 'actor'],
    ['colour=red', 'colour'],
  ])('bad filter %s → 400 naming %s', async (query, field) => {
    const res = await request(app).get(`/api/v1/audit?${query}`).set(as('auditor')).expect(400);
    expect(res.body.error).toContain(field);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });
});

describe('object-level rules', () => {
  test("only the agent who opened a consent check answers it, or a supervisor", async () => {
    const customerId = withoutConsent();
    const checked = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId: newContact(), channel: 'phone' }).expect(200);
    expect(checked.body.ask).toBe(true);
    const answer = (user: TestUser) =>
      request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checked.body.checkId)}/answer`).set(as(user)).send({ answer: 'yes', channels: ['phone'] });
    const refused = await answer('agent2').expect(403);
    expect(refused.body.error).toMatch(/opened/);
    await answer('backoffice').expect(403);
    const byLead = await answer('supervisor').expect(201);
    expect(byLead.body.evidence).toEqual([expect.objectContaining({ channel: 'phone', answer: 'yes', agentId: idOf('supervisor') })]);
    expect((await trailOf(customerId)).map((entry) => [entry.action, entry.actor])).toEqual([
      ['consent-check.answered', idOf('supervisor')],
      ['consent-check.opened', idOf('agent')],
    ]);
  });

  test("a callback is cancelled by the agent who asked for it or a supervisor, not by someone else", async () => {
    const customerId = customerWhere();
    const first = await requestCallback(customerId).expect(201);
    const cancel = (id: string, user: TestUser) => request(app).post(`/api/v1/callbacks/${id}/cancel`).set(as(user)).send({});
    const refused = await cancel(first.body.callbackId, 'agent2').expect(403);
    expect(refused.body.error).toMatch(/asked for this callback/);
    await cancel(first.body.callbackId, 'berater').expect(403);
    expect((await request(app).get(`/api/v1/callbacks/${first.body.callbackId}`).set(as('agent')).expect(200)).body).toMatchObject({ requestedBy: idOf('agent') });
    await cancel(first.body.callbackId, 'supervisor').expect(200);
    const second = await requestCallback(customerId).expect(201);
    await cancel(second.body.callbackId, 'agent').expect(200);
    await cancel('0123456789abcdef01234567', 'agent').expect(404);
    const cancelled = (await trailOf(customerId)).filter((entry) => entry.action === 'callback.cancelled');
    expect(cancelled.map((entry) => [entry.objectId, entry.actor])).toEqual([
      [second.body.callbackId, idOf('agent')],
      [first.body.callbackId, idOf('supervisor')],
    ]);
  });

  test('a task is reassigned only to a known queue and to someone who works that queue (else 422)', async () => {
    const customerId = customerWhere();
    const started = await requestCallback(customerId).expect(201);
    const taskId = `${started.body.workflowId}~attempt-1`;
    await eventually(() => system.tasks.get(taskId), (task) => task !== undefined, 'the first task');
    const reassign = (body: object) => request(app).post(`/api/v1/tasks/${encodeURIComponent(taskId)}/reassign`).set(as('supervisor')).send(body);

    const unknownQueue = await reassign({ queue: 'nirgendwo' }).expect(422);
    expect(unknownQueue.body.fields).toEqual([expect.objectContaining({ field: 'queue' })]);
    const stranger = await reassign({ assignee: idOf('backoffice') }).expect(422);
    expect(stranger.body.fields).toEqual([expect.objectContaining({ field: 'assignee' })]);
    expect(stranger.body.error).toContain('direktberatung');
    const notInNewQueue = await reassign({ queue: 'backoffice', assignee: idOf('berater') }).expect(422);
    expect(notInNewQueue.body.fields).toEqual([expect.objectContaining({ field: 'assignee' })]);
    const nobody = await reassign({ assignee: 'niemand.test' }).expect(422);
    expect(nobody.body.fields).toEqual([expect.objectContaining({ field: 'assignee' })]);
    // Nothing changed, nothing recorded.
    expect(await system.tasks.get(taskId)).toMatchObject({ queue: 'direktberatung', status: 'open' });
    expect((await trailOf(customerId)).filter((entry) => entry.action === 'task.reassigned')).toEqual([]);

    // Known queues: the users' own and the configured ones (escalation, operations).
    await reassign({ queue: 'backoffice', assignee: idOf('backoffice') }).expect(200);
    await reassign({ queue: 'operations', assignee: null }).expect(200);
    await reassign({ queue: 'supervisor', assignee: idOf('supervisor') }).expect(200);
    expect((await trailOf(customerId)).filter((entry) => entry.action === 'task.reassigned').map((entry) => [entry.detail?.queue, entry.detail?.assignee])).toEqual([
      ['supervisor', idOf('supervisor')],
      ['operations', null],
      ['backoffice', idOf('backoffice')],
    ]);
  });
});

describe.each(providersUnderTest())('the trail repository on %s', (provider) => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: Awaited<ReturnType<typeof testDb.open>>;
  let trail: PrismaAuditTrail;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
    db = await testDb.open();
    trail = new PrismaAuditTrail(db.client);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  const entry = (at: string, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
    at: new Date(at),
    actor: 'agent.test',
    role: 'agent',
    action: 'contact-block.read',
    customerId: 'K-1',
    objectType: 'contact-block',
    ...overrides,
  });

  test('round trip: what is appended is what is listed', async () => {
    const appended = await trail.append(entry('2026-01-01T10:00:00.123Z', { customerId: 'K-rt', objectId: 'contact-block:K-rt:kredit', requestId: 'req-1', detail: { topic: 'kredit', months: 6, channels: ['phone'], allowed: false, campaign: null } }));
    const listed = await trail.list({ customerId: 'K-rt', limit: 10 });
    expect(listed).toEqual({ entries: [appended], nextCursor: undefined });
    expect(appended).toEqual({
      id: expect.any(String),
      at: '2026-01-01T10:00:00.123Z',
      actor: 'agent.test',
      role: 'agent',
      action: 'contact-block.read',
      customerId: 'K-rt',
      objectType: 'contact-block',
      objectId: 'contact-block:K-rt:kredit',
      requestId: 'req-1',
      detail: { topic: 'kredit', months: 6, channels: ['phone'], allowed: false, campaign: null },
    });
  });

  test('pages newest first, ties in time by id, every entry once, also while entries are appended', async () => {
    const times = ['2026-02-01T09:00:00.000Z', '2026-02-01T09:00:00.000Z', '2026-02-01T09:00:00.000Z', '2026-02-02T09:00:00.000Z', '2026-02-02T09:00:00.000Z', '2026-01-15T00:00:00.000Z', '2026-02-03T12:30:00.500Z'];
    const appended = [];
    for (const at of times) appended.push(await trail.append(entry(at, { customerId: 'K-page' })));
    const expected = [...appended].sort((a, b) => (a.at === b.at ? (a.id < b.id ? 1 : -1) : a.at < b.at ? 1 : -1)).map((e) => e.id);

    const seen: string[] = [];
    let cursor: string | undefined;
    let first = true;
    do {
      const page = await trail.list({ customerId: 'K-page', limit: 2, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
      if (first) {
        // Newer entries arriving meanwhile do not shift the pages that follow.
        await trail.append(entry('2026-03-01T00:00:00.000Z', { customerId: 'K-page' }));
        await trail.append(entry('2026-02-01T09:00:00.000Z', { customerId: 'K-other' }));
        first = false;
      }
    } while (cursor);
    expect(seen).toEqual(expected);
  });

  test('filters by customer, actor and time (from inclusive, to exclusive)', async () => {
    await trail.append(entry('2026-04-01T08:00:00.000Z', { customerId: 'K-f', actor: 'a' }));
    await trail.append(entry('2026-04-01T09:00:00.000Z', { customerId: 'K-f', actor: 'b' }));
    await trail.append(entry('2026-04-01T10:00:00.000Z', { customerId: 'K-f', actor: 'a' }));
    await trail.append(entry('2026-04-01T09:30:00.000Z', { customerId: 'K-g', actor: 'a' }));
    const ats = async (query: Partial<Parameters<PrismaAuditTrail['list']>[0]>) => (await trail.list({ limit: 50, ...query })).entries.map((e) => `${e.customerId}/${e.actor}/${e.at.slice(11, 16)}`);
    expect(await ats({ customerId: 'K-f' })).toEqual(['K-f/a/10:00', 'K-f/b/09:00', 'K-f/a/08:00']);
    expect(await ats({ customerId: 'K-f', actor: 'a' })).toEqual(['K-f/a/10:00', 'K-f/a/08:00']);
    expect(await ats({ actor: 'a', from: new Date('2026-04-01T09:00:00Z'), to: new Date('2026-04-01T10:00:00Z') })).toEqual(['K-g/a/09:30']);
    expect(await ats({ customerId: 'K-f', from: new Date('2026-04-01T09:00:00Z') })).toEqual(['K-f/a/10:00', 'K-f/b/09:00']);
    expect(await ats({ customerId: 'K-f', to: new Date('2026-04-01T09:00:00Z') })).toEqual(['K-f/a/08:00']);
  });

  test('a cursor not made by the trail is a RangeError', async () => {
    await expect(trail.list({ limit: 1, cursor: 'not-a-cursor' })).rejects.toThrow(RangeError);
    await expect(trail.list({ limit: 1, cursor: Buffer.from('["x",1]').toString('base64url') })).rejects.toThrow(RangeError);
  });
});
