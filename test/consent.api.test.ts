/**
 * Consent capture over HTTP (DESIGN.md process 5): the check during a contact, the agent's record
 * of the answer, the auditor's evidence trail, withdrawal honoured at once by the contact policy,
 * and the versioned script, against the Temporal dev server, a worker, a real database and the
 * core-banking simulator.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { ConsentEvidenceRecord } from '../domain/consent';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { findPersonas, ageOn, type Persona, type PersonaName, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { createApp } from '../api/app';
import { appDeps } from './support/app';
import { primaryProvider } from './support/database';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { startWorker, type RunningWorker } from './support/worker';
import { as, type TestUser } from './support/users';

const taskQueue = `consent-api-${randomUUID()}`;
let env: TestWorkflowEnvironment;
let system: TestSystem;
let worker: RunningWorker;
let app: Express;
let personas: Record<PersonaName, Persona>;

beforeAll(async () => {
  [env, system] = await Promise.all([createDevServerEnv(), startTestSystem(primaryProvider())]);
  worker = await startWorker(env, taskQueue, system.deps(env.client, taskQueue));
  app = createApp(appDeps({ temporal: env.client, taskQueue, ...system.appParts() }));
  personas = findPersonas(system.coreBanking.population);
});

afterAll(async () => {
  await worker?.stop();
  await system?.close();
  await env?.teardown();
});

/** What the API answers for a proof record (the domain type, as JSON). */
type Evidence = ConsentEvidenceRecord;
interface Write {
  consentId: string;
  channel: string;
  granted: boolean;
  evidenceId: string;
  idempotencyKey: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds (bounded): for what the workflows finish after the API answered. */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what} did not happen within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await sleep(25);
  }
}

const used = new Set<string>();
/** A fresh adult customer (no persona, at least 21) matching `test`: each test gets its own. */
function customerWhere(test: (c: SimulatedCustomer) => boolean): string {
  const { asOf, customers } = system.coreBanking.population;
  const personaIds = new Set(Object.values(personas).map((p) => p.customerId));
  const found = customers.find((c) => !used.has(c.profile.customerId) && !personaIds.has(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && test(c));
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}
function persona(name: PersonaName): string {
  const { customerId } = personas[name];
  if (used.has(customerId)) throw new Error(`persona ${name} is used by another test`);
  used.add(customerId);
  return customerId;
}
const granted = (c: SimulatedCustomer, channel: string) => c.consents.some((x) => x.channel === channel && x.granted);
const withoutConsent = () => customerWhere((c) => c.consents.length === 0 && !!c.profile.contact.phone);
const newContact = () => `call-${randomUUID().slice(0, 8)}`;

function check(customerId: string, contactId: string, user: TestUser = 'agent') {
  return request(app).post('/api/v1/consent-checks').set(as(user)).send({ customerId, contactId, channel: 'phone' });
}
function answer(checkId: string, body: object, user: TestUser = 'agent') {
  return request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checkId)}/answer`).set(as(user)).send(body);
}
function checkState(checkId: string, user: TestUser = 'auditor') {
  return request(app).get(`/api/v1/consent-checks/${encodeURIComponent(checkId)}`).set(as(user));
}
function trail(customerId: string, user: TestUser = 'auditor') {
  return request(app).get(`/api/v1/customers/${customerId}/consents`).set(as(user));
}
function withdraw(customerId: string, body: object, key?: string, user: TestUser = 'agent') {
  const req = request(app).post(`/api/v1/customers/${customerId}/consents/withdraw`).set(as(user));
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
}
function policy(customerId: string, channel: 'phone' | 'email') {
  return request(app).get(`/api/v1/customers/${customerId}/contact-policy`).query({ purpose: 'advertising', channel, topic: 'kreditkarte' }).set(as('agent'));
}

/** Consent writes core banking received for a customer (the simulator's own record). */
async function coreBankingWrites(customerId: string): Promise<Write[]> {
  const res = await fetch(`${system.coreBanking.url}/_sim/consents/${customerId}/writes`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { writes: Write[] }).writes;
}

/** Until the check's workflow reached a final status (done after its write-through). */
async function settled(checkId: string, status = 'done') {
  const res = await eventually(
    () => checkState(checkId),
    (r) => r.status === 200 && r.body.status === status,
    `consent check ${checkId} reaching ${status}`,
  );
  return res.body as { status: string; answer?: string; evidence: Evidence[] };
}

/** Until a workflow is closed (completed), as the dev server sees it. */
async function closed(workflowId: string): Promise<void> {
  const handle = env.client.workflow.getHandle(workflowId);
  await eventually(
    async () => (await handle.describe()).status.name,
    (status) => status !== 'RUNNING',
    `workflow ${workflowId} closing`,
  );
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The hash evidence must carry: of exactly the wording the agent was shown. */
const wordingHash = (script: { question: string; objectionAnswers: Array<{ objection: string; answer: string }> }) =>
  sha256(JSON.stringify({ question: script.question, objectionAnswers: script.objectionAnswers }));

describe('asking for consent during a contact', () => {
  test('no consent on file: the script is shown, "yes, by phone" is proof for the auditor (newest first) and reaches core banking once', async () => {
    const customerId = persona('noConsent');
    const contactId = newContact();
    const res = await check(customerId, contactId).expect(200);
    expect(res.body).toEqual({
      checkId: `${customerId}~${contactId}`,
      ask: true,
      missingChannels: ['phone', 'email'],
      scriptVersion: 1,
      script: { question: expect.any(String), objectionAnswers: expect.any(Array) },
    });
    const { checkId, script } = res.body;
    expect(script.question).toContain('telefonisch');
    expect(script.objectionAnswers.map((o: { objection: string }) => o.objection)).toContain('Wer ruft mich denn da an?');
    expect(script.objectionAnswers.find((o: { objection: string }) => o.objection === 'Wer ruft mich denn da an?').answer).toContain('Kunden-Service-Center');

    // Asking again in the same contact: the same check, the same answer.
    const again = await check(customerId, contactId).expect(200);
    expect(again.body).toEqual(res.body);
    const asking = await checkState(checkId, 'supervisor').expect(200);
    expect(asking.body).toMatchObject({ checkId, customerId, contactId, status: 'asking', decision: { ask: true, scriptVersion: 1 }, evidence: [] });

    const answered = await answer(checkId, { answer: 'yes', channels: ['phone'] }).expect(201);
    expect(answered.body).toEqual({
      checkId,
      evidence: [
        expect.objectContaining({
          customerId,
          purpose: 'advertising',
          channel: 'phone',
          granted: true,
          answer: 'yes',
          agentId: 'agent.test',
          contactId,
          scriptVersion: 1,
          wordingSha256: wordingHash(script),
          workflowId: `consent-check:${system.pseudonymOf(customerId)}~${contactId}`,
        }),
      ],
    });
    const yes: Evidence = answered.body.evidence[0];
    expect(yes.wordingSha256).toMatch(/^[0-9a-f]{64}$/);

    // The proof is stored when the agent gets the answer.
    const seen = await trail(customerId).expect(200);
    expect(seen.body.customerId).toBe(customerId);
    expect(seen.body.evidence).toEqual([expect.objectContaining({ id: yes.id, decidedAt: yes.decidedAt, agentId: 'agent.test', contactId, scriptVersion: 1, wordingSha256: yes.wordingSha256, granted: true })]);
    expect(seen.body.current).toContainEqual({ channel: 'phone', granted: true, recordedAt: yes.decidedAt, source: 'evidence' });

    // Written through to core banking exactly once, and the check remembers core banking's id.
    const done = await settled(checkId);
    expect(done).toMatchObject({ status: 'done', answer: 'yes' });
    const writes = await coreBankingWrites(customerId);
    expect(writes).toEqual([expect.objectContaining({ channel: 'phone', granted: true, evidenceId: yes.id, idempotencyKey: yes.id })]);
    expect(done.evidence[0]?.coreBankingId).toBe(writes[0]!.consentId);
    const afterWrite = await trail(customerId).expect(200);
    expect(afterWrite.body.evidence[0]).toMatchObject({ id: yes.id, coreBankingId: writes[0]!.consentId });

    // A later contact asks for email only; its "undecided" comes first in the trail and is not written through.
    const later = await check(customerId, newContact()).expect(200);
    expect(later.body).toMatchObject({ ask: true, missingChannels: ['email'] });
    const undecided = await answer(later.body.checkId, { answer: 'undecided' }).expect(201);
    expect(undecided.body.evidence).toEqual([expect.objectContaining({ channel: 'email', answer: 'undecided', granted: false })]);
    await settled(later.body.checkId);
    const newestFirst = await trail(customerId).expect(200);
    expect(newestFirst.body.evidence.map((e: Evidence) => [e.channel, e.answer])).toEqual([
      ['email', 'undecided'],
      ['phone', 'yes'],
    ]);
    expect(Date.parse(newestFirst.body.evidence[0].decidedAt)).toBeGreaterThan(Date.parse(newestFirst.body.evidence[1].decidedAt));
    expect(await coreBankingWrites(customerId)).toHaveLength(1);
  });

  test('answering twice is a conflict (409) while the answer is written through; the first answer stands and reaches core banking once', async () => {
    const customerId = withoutConsent();
    const { body } = await check(customerId, newContact()).expect(200);
    // Core banking refuses the first two write-throughs, so the check is still writing through (tries again after 1 s, then 2 s).
    system.coreBanking.faults.failNext(2, 503);
    try {
      const first = await answer(body.checkId, { answer: 'yes', channels: ['phone', 'email'] }).expect(201);
      expect(first.body.evidence.map((e: Evidence) => [e.channel, e.answer, e.granted])).toEqual([
        ['phone', 'yes', true],
        ['email', 'yes', true],
      ]);
      const second = await answer(body.checkId, { answer: 'no' }).expect(409);
      expect(second.body.error).toContain('answered');
      const third = await answer(body.checkId, { answer: 'yes', channels: ['phone'] }).expect(409);
      expect(third.body.error).toContain('answered');
      expect((await checkState(body.checkId).expect(200)).body).toMatchObject({ status: 'writing-through', answer: 'yes' });

      const state = await settled(body.checkId);
      expect(state.answer).toBe('yes');
      const stored = await trail(customerId).expect(200);
      expect(stored.body.evidence.map((e: Evidence) => [e.channel, e.answer]).sort()).toEqual([
        ['email', 'yes'],
        ['phone', 'yes'],
      ]);
      const writes = await coreBankingWrites(customerId);
      expect(writes.map((w) => [w.channel, w.granted])).toEqual([
        ['phone', true],
        ['email', true],
      ]);
    } finally {
      system.coreBanking.faults.reset();
    }
  });

  test('"undecided" is proof of the question but no decision: nothing reaches core banking', async () => {
    const customerId = withoutConsent();
    const { body } = await check(customerId, newContact()).expect(200);
    const res = await answer(body.checkId, { answer: 'undecided' }).expect(201);
    expect(res.body.evidence.map((e: Evidence) => [e.channel, e.answer, e.granted])).toEqual([
      ['phone', 'undecided', false],
      ['email', 'undecided', false],
    ]);
    expect(await settled(body.checkId)).toMatchObject({ status: 'done', answer: 'undecided' });
    const stored = await trail(customerId).expect(200);
    expect(stored.body.evidence.map((e: Evidence) => e.answer)).toEqual(['undecided', 'undecided']);
    expect(stored.body.current).toEqual([]);
    expect(await coreBankingWrites(customerId)).toEqual([]);
    // The next contact may ask again.
    expect((await check(customerId, newContact()).expect(200)).body).toMatchObject({ ask: true, missingChannels: ['phone', 'email'] });
  });

  test('"no" is written through for both channels, and the next contact is not asked again (declined-recently)', async () => {
    const customerId = withoutConsent();
    const { body } = await check(customerId, newContact()).expect(200);
    const no = await answer(body.checkId, { answer: 'no' }).expect(201);
    expect(no.body.evidence.map((e: Evidence) => [e.channel, e.answer, e.granted])).toEqual([
      ['phone', 'no', false],
      ['email', 'no', false],
    ]);

    const next = await check(customerId, newContact()).expect(200);
    expect(next.body).toEqual({ checkId: expect.stringMatching(new RegExp(`^${customerId}~call-`)), ask: false, code: 'declined-recently', reason: expect.stringMatching(/do not ask again before \d{4}-\d{2}-\d{2}/) });
    expect(next.body.checkId).not.toBe(body.checkId);
    expect(next.body.script).toBeUndefined();

    await settled(body.checkId);
    const writes = await coreBankingWrites(customerId);
    expect(writes.map((w) => [w.channel, w.granted]).sort()).toEqual([
      ['email', false],
      ['phone', false],
    ]);
  });

  test('a customer with phone and email consent is not asked (already-granted)', async () => {
    const customerId = customerWhere((c) => granted(c, 'phone') && granted(c, 'email'));
    const contactId = newContact();
    const res = await check(customerId, contactId).expect(200);
    expect(res.body).toEqual({ checkId: `${customerId}~${contactId}`, ask: false, code: 'already-granted', reason: expect.any(String) });
    const state = await settled(res.body.checkId, 'not-asked');
    expect(state.evidence).toEqual([]);
    // Nothing to answer when nobody asks (409 while the check is open, 404 once it has closed), and nothing is stored.
    const refused = await answer(res.body.checkId, { answer: 'yes', channels: ['phone'] });
    expect([404, 409]).toContain(refused.status);
    expect((await trail(customerId).expect(200)).body.evidence).toEqual([]);
  });

  test('an unknown customer is a 404 naming the customer', async () => {
    const res = await check('K-999999', newContact()).expect(404);
    expect(res.body.error).toContain('K-999999');
  });

  test('an unknown check is a 404, for reading and for answering', async () => {
    const checkId = `${personas.unreachable.customerId}~never-checked`;
    expect((await checkState(checkId).expect(404)).body.error).toContain(checkId);
    await answer(checkId, { answer: 'no' }).expect(404);
  });
});

describe('withdrawal', () => {
  test("a withdrawal of email consent is honoured by the contact policy at once, although core banking's consent is granted", async () => {
    const customerId = persona('emailOnly');
    const before = await policy(customerId, 'email').expect(200);
    expect(before.body.decision.allowed).toBe(true);
    expect(before.body.facts.consents).toContainEqual(expect.objectContaining({ channel: 'email', granted: true, source: 'core-banking' }));

    const contactId = newContact();
    const res = await withdraw(customerId, { channels: ['email'], contactId }, `withdraw-${randomUUID()}`, 'backoffice').expect(201);
    expect(res.body).toEqual({
      customerId,
      evidence: [expect.objectContaining({ customerId, channel: 'email', granted: false, answer: 'withdrawn', agentId: 'backoffice.test', contactId })],
    });
    const [withdrawn] = res.body.evidence as Evidence[];

    const after = await policy(customerId, 'email').expect(200);
    expect(after.body.decision.allowed).toBe(false);
    expect(after.body.decision.reasons.map((r: { code: string }) => r.code)).toContain('no-email-consent');
    expect(after.body.facts.consents).toContainEqual({ channel: 'email', granted: false, recordedAt: withdrawn!.decidedAt, source: 'evidence' });

    const seen = await trail(customerId, 'supervisor').expect(200);
    expect(seen.body.current).toContainEqual({ channel: 'email', granted: false, recordedAt: withdrawn!.decidedAt, source: 'evidence' });
    expect(seen.body.evidence[0]).toMatchObject({ id: withdrawn!.id, answer: 'withdrawn' });

    // Then core banking hears of it, once.
    const writes = await eventually(() => coreBankingWrites(customerId), (w) => w.length > 0, 'the write-through of the withdrawal');
    expect(writes).toEqual([expect.objectContaining({ channel: 'email', granted: false, evidenceId: withdrawn!.id })]);
    const stillDenied = await policy(customerId, 'email').expect(200);
    expect(stillDenied.body.decision.allowed).toBe(false);
  });

  test('the same Idempotency-Key answers the same evidence and writes through once; another key records another withdrawal', async () => {
    const customerId = customerWhere((c) => granted(c, 'phone'));
    const key = `withdraw-${randomUUID()}`;
    // Core banking refuses the first two write-throughs, so the repeat meets the running withdrawal.
    system.coreBanking.faults.failNext(2, 503);
    let first: request.Response;
    try {
      first = await withdraw(customerId, { channels: ['phone', 'email'] }, key).expect(201);
      expect(first.body.evidence.map((e: Evidence) => [e.channel, e.answer, e.granted])).toEqual([
        ['phone', 'withdrawn', false],
        ['email', 'withdrawn', false],
      ]);
      const again = await withdraw(customerId, { channels: ['phone', 'email'] }, key).expect(201);
      expect(again.body.evidence.map((e: Evidence) => e.id)).toEqual(first.body.evidence.map((e: Evidence) => e.id));
      expect(again.body).toEqual(first.body);
    } finally {
      system.coreBanking.faults.reset();
    }

    const ids = first.body.evidence.map((e: Evidence) => e.id).sort();
    await closed(first.body.evidence[0].workflowId);
    const stored = await trail(customerId).expect(200);
    expect(stored.body.evidence.map((e: Evidence) => e.id).sort()).toEqual(ids);
    expect(stored.body.evidence.every((e: Evidence) => e.coreBankingId)).toBe(true);
    expect((await coreBankingWrites(customerId)).map((w) => w.evidenceId).sort()).toEqual(ids);

    const other = await withdraw(customerId, { channels: ['phone'] }, `withdraw-${randomUUID()}`).expect(201);
    expect(ids).not.toContain(other.body.evidence[0].id);
    const both = await trail(customerId).expect(200);
    expect(both.body.evidence).toHaveLength(3);
    expect(both.body.evidence[0].id).toBe(other.body.evidence[0].id);
  });
});

describe('bad input names the field (400)', () => {
  const checkBody = { customerId: 'K-100001', contactId: 'call-1', channel: 'phone' };
  const script = { question: 'Dürfen wir Sie künftig auch telefonisch zu Angeboten anrufen?', objectionAnswers: [{ objection: 'Warum?', answer: 'Weil das Gesetz Ihre Zustimmung verlangt.' }] };
  const validCheckId = encodeURIComponent('K-100001~call-1');

  test.each([
    ['check without contactId', 'contactId: is required', () => request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId: 'K-100001', channel: 'phone' })],
    ["check on channel 'fax'", 'channel', () => request(app).post('/api/v1/consent-checks').set(as('agent')).send({ ...checkBody, channel: 'fax' })],
    ['check with an unknown field', 'topic: is not a known field', () => request(app).post('/api/v1/consent-checks').set(as('agent')).send({ ...checkBody, topic: 'kreditkarte' })],
    ['check with a bad customer number', 'customerId', () => request(app).post('/api/v1/consent-checks').set(as('agent')).send({ ...checkBody, customerId: 'K 1' })],
    ["answer 'maybe'", 'answer', () => request(app).post(`/api/v1/consent-checks/${validCheckId}/answer`).set(as('agent')).send({ answer: 'maybe' })],
    ['yes without channels', 'channels: is required', () => request(app).post(`/api/v1/consent-checks/${validCheckId}/answer`).set(as('agent')).send({ answer: 'yes' })],
    ['yes with no channel', 'channels', () => request(app).post(`/api/v1/consent-checks/${validCheckId}/answer`).set(as('agent')).send({ answer: 'yes', channels: [] })],
    ['no with channels', 'channels: is not a known field', () => request(app).post(`/api/v1/consent-checks/${validCheckId}/answer`).set(as('agent')).send({ answer: 'no', channels: ['phone'] })],
    ['a bad checkId in the path (answer)', 'checkId', () => request(app).post('/api/v1/consent-checks/no-tilde-here/answer').set(as('agent')).send({ answer: 'no' })],
    ['a bad checkId in the path (read)', 'checkId', () => request(app).get(`/api/v1/consent-checks/${encodeURIComponent('K-1~a~b')}`).set(as('auditor'))],
    ['a script with an empty objection list', 'objectionAnswers', () => request(app).put('/api/v1/consent-scripts').set(as('owner')).send({ ...script, objectionAnswers: [] })],
    ['a script with an unknown field', 'version: is not a known field', () => request(app).put('/api/v1/consent-scripts').set(as('owner')).send({ ...script, version: 7 })],
    ['a script without a question', 'question: is required', () => request(app).put('/api/v1/consent-scripts').set(as('owner')).send({ objectionAnswers: script.objectionAnswers })],
    ['script version=0', 'version', () => request(app).get('/api/v1/consent-scripts?version=0').set(as('agent'))],
    ['an unknown script query parameter', 'v: is not a known field', () => request(app).get('/api/v1/consent-scripts?v=1').set(as('agent'))],
    ["withdrawal on channel 'fax'", 'channels', () => withdraw('K-100001', { channels: ['fax'] })],
    ['withdrawal of no channel', 'channels', () => withdraw('K-100001', { channels: [] })],
    ['withdrawal with an unknown field', 'reason: is not a known field', () => withdraw('K-100001', { channels: ['phone'], reason: 'x' })],
    ['withdrawal with a bad customer number', 'customerId', () => withdraw('K_1', { channels: ['phone'] })],
    ['withdrawal with a bad Idempotency-Key', 'Idempotency-Key', () => withdraw('K-100001', { channels: ['phone'] }, 'mit Leerzeichen')],
  ])('%s → 400 naming %s', async (_name, field, send) => {
    const res = await send().expect(400);
    expect(res.body.error).toContain(field);
    const name = field.split(':')[0]!;
    expect(res.body.fields).toContainEqual({ field: expect.stringMatching(new RegExp(`^${name}(\\.|$)`)), message: expect.any(String) });
  });

  test('rejected input leaves no trace: no check was started, no evidence stored', async () => {
    const customerId = withoutConsent();
    await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId: 'call-1', channel: 'fax' }).expect(400);
    await checkState(`${customerId}~call-1`).expect(404);
    await withdraw(customerId, { channels: ['fax'] }).expect(400);
    expect((await trail(customerId).expect(200)).body.evidence).toEqual([]);
  });
});

describe('who may do what', () => {
  test('no token → 401 on every consent endpoint', async () => {
    const checkId = encodeURIComponent('K-100001~call-1');
    const responses = await Promise.all([
      request(app).post('/api/v1/consent-checks').send({ customerId: 'K-100001', contactId: 'call-1', channel: 'phone' }),
      request(app).get(`/api/v1/consent-checks/${checkId}`),
      request(app).post(`/api/v1/consent-checks/${checkId}/answer`).send({ answer: 'no' }),
      request(app).post('/api/v1/customers/K-100001/consents/withdraw').send({ channels: ['phone'] }),
      request(app).get('/api/v1/customers/K-100001/consents'),
      request(app).get('/api/v1/consent-scripts'),
      request(app).put('/api/v1/consent-scripts').send({}),
    ]);
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401]);
    expect(responses[0]!.headers['www-authenticate']).toBe('Bearer');
  });

  test('roles: an auditor reads but cannot check, answer or withdraw; an agent cannot change the script; a process owner reads no trail', async () => {
    const customerId = withoutConsent();
    const contactId = newContact();
    const refused = await check(customerId, contactId, 'auditor').expect(403);
    expect(refused.body.error).toContain('agent');
    // Nothing was started by the refused request.
    await checkState(`${customerId}~${contactId}`).expect(404);
    await check(customerId, contactId, 'backoffice').expect(403);

    const { body } = await check(customerId, contactId).expect(200);
    await checkState(body.checkId, 'auditor').expect(200);
    await checkState(body.checkId, 'owner').expect(403);
    await answer(body.checkId, { answer: 'no' }, 'auditor').expect(403);
    // Another agent may not answer this agent's check (a supervisor may: test/audit.api.test.ts).
    expect((await answer(body.checkId, { answer: 'no' }, 'agent2').expect(403)).body.error).toContain('opened');
    expect((await checkState(body.checkId)).body.status).toBe('asking');

    await withdraw(customerId, { channels: ['phone'] }, undefined, 'auditor').expect(403);
    await trail(customerId, 'owner').expect(403);
    await trail(customerId, 'backoffice').expect(403);
    await trail(customerId, 'agent').expect(200);
    expect((await trail(customerId)).body.evidence).toEqual([]);

    const put = await request(app).put('/api/v1/consent-scripts').set(as('agent')).send({ question: 'Dürfen wir Sie anrufen, um Ihnen Angebote vorzustellen?', objectionAnswers: [{ objection: 'Warum?', answer: 'Weil das Gesetz es verlangt.' }] });
    expect(put.status).toBe(403);
    expect(put.body.error).toContain('process-owner');
    for (const user of ['agent', 'owner', 'supervisor', 'auditor'] as const) await request(app).get('/api/v1/consent-scripts').set(as(user)).expect(200);
    await request(app).get('/api/v1/consent-scripts').set(as('backoffice')).expect(403);
  });
});

// Last: a new script version changes what every later check in this file shows.
describe('the versioned script', () => {
  test('a process owner saves a new version; later checks show it and its evidence carries it, version 1 stays readable', async () => {
    const v1 = await request(app).get('/api/v1/consent-scripts').set(as('agent')).expect(200);
    expect(v1.body).toMatchObject({ version: 1, createdBy: 'seed' });
    expect(v1.body.question).toContain('telefonisch');

    const content = {
      question: 'Dürfen wir, Ihre Sparkasse, Sie künftig telefonisch oder per E-Mail über passende Angebote informieren?',
      objectionAnswers: [
        { objection: 'Wer ruft mich denn da an?', answer: 'Nur Ihr Berater oder unser Kunden-Service-Center, niemand sonst.' },
        { objection: 'Wie oft?', answer: 'Selten, und nur wenn wir ein passendes Angebot für Sie haben.' },
      ],
    };
    const saved = await request(app).put('/api/v1/consent-scripts').set(as('owner')).send(content).expect(201);
    expect(saved.body).toEqual({ ...content, version: 2, createdBy: 'owner.test', createdAt: expect.any(String) });

    expect((await request(app).get('/api/v1/consent-scripts').set(as('auditor')).expect(200)).body).toEqual(saved.body);
    expect((await request(app).get('/api/v1/consent-scripts?version=2').set(as('supervisor')).expect(200)).body).toEqual(saved.body);
    const old = await request(app).get('/api/v1/consent-scripts?version=1').set(as('owner')).expect(200);
    expect(old.body).toEqual(v1.body);
    const missing = await request(app).get('/api/v1/consent-scripts?version=99').set(as('agent')).expect(404);
    expect(missing.body.error).toContain('99');

    const customerId = withoutConsent();
    const res = await check(customerId, newContact()).expect(200);
    expect(res.body).toMatchObject({ ask: true, scriptVersion: 2, script: content });
    const answered = await answer(res.body.checkId, { answer: 'yes', channels: ['phone', 'email'] }).expect(201);
    expect(answered.body.evidence).toEqual([
      expect.objectContaining({ channel: 'phone', granted: true, scriptVersion: 2, wordingSha256: wordingHash(content) }),
      expect.objectContaining({ channel: 'email', granted: true, scriptVersion: 2, wordingSha256: wordingHash(content) }),
    ]);
    expect(wordingHash(content)).not.toBe(wordingHash(v1.body));

    await settled(res.body.checkId);
    expect((await coreBankingWrites(customerId)).map((w) => [w.channel, w.granted])).toEqual([
      ['phone', true],
      ['email', true],
    ]);
    // With both consents now on file, the next contact is not asked.
    expect((await check(customerId, newContact()).expect(200)).body).toMatchObject({ ask: false, code: 'already-granted' });
  });
});

describe('regressions', () => {
  test('answering a finished check is a conflict (409), not an unknown check', async () => {
    const customerId = withoutConsent();
    const contactId = newContact();
    const { body } = await check(customerId, contactId).expect(200);
    await answer(body.checkId, { answer: 'undecided' }).expect(201);
    await settled(body.checkId);
    const again = await answer(body.checkId, { answer: 'yes', channels: ['phone'] }).expect(409);
    expect(again.body.error).toBe('the consent check is done (answered undecided)');
  });

  test('one question per contact: a second check in a finished contact returns its decision and no second proof overwrites the first', async () => {
    const customerId = withoutConsent();
    const contactId = newContact();
    const first = await check(customerId, contactId).expect(200);
    await answer(first.body.checkId, { answer: 'undecided' }).expect(201);
    await settled(first.body.checkId);
    const again = await check(customerId, contactId).expect(200);
    expect(again.body).toEqual(first.body);
    await answer(again.body.checkId, { answer: 'yes', channels: ['phone'] }).expect(409);

    // A new contact asks anew; its "yes" is a new proof record beside the old one.
    const next = await check(customerId, newContact()).expect(200);
    await answer(next.body.checkId, { answer: 'yes', channels: ['phone'] }).expect(201);
    await settled(next.body.checkId);
    const evidence = (await trail(customerId).expect(200)).body.evidence as Evidence[];
    expect(evidence.map((e) => e.answer)).toEqual(['yes', 'undecided', 'undecided']);
    expect(new Set(evidence.map((e) => e.id)).size).toBe(3);
    const yes = evidence[0]!;
    expect(await coreBankingWrites(customerId)).toEqual([expect.objectContaining({ idempotencyKey: yes.id, granted: true })]);
  });

  test('a withdrawal repeated with its Idempotency-Key after it finished answers the stored evidence and writes nothing new', async () => {
    const customerId = customerWhere((c) => granted(c, 'email'));
    const key = `w-${randomUUID()}`;
    const first = await withdraw(customerId, { channels: ['email'] }, key).expect(201);
    await closed(first.body.evidence[0].workflowId);
    const again = await withdraw(customerId, { channels: ['email'] }, key).expect(201);
    expect(again.body.evidence).toEqual([expect.objectContaining({ id: first.body.evidence[0].id, decidedAt: first.body.evidence[0].decidedAt })]);
    await sleep(500);
    expect((await coreBankingWrites(customerId)).filter((w) => w.channel === 'email')).toHaveLength(1);
  });

  test('withdrawing for a customer core banking does not know is a 404, and stores nothing', async () => {
    const res = await withdraw('K-999999', { channels: ['phone'] }).expect(404);
    expect(res.body.error).toContain('K-999999');
    expect((await trail('K-999999').expect(200)).body.evidence).toEqual([]);
  });
});

test('a withdrawal does not wait for core banking: taken while core banking is down, it counts as soon as the policy can decide again', async () => {
  const customerId = customerWhere((c) => granted(c, 'email'));
  system.coreBanking.faults.failNext(50, 503);
  let workflowId: string;
  try {
    const res = await withdraw(customerId, { channels: ['email'] }).expect(201);
    workflowId = res.body.evidence[0].workflowId;
    // Without core banking the policy cannot decide at all (503), rather than decide wrongly.
    await policy(customerId, 'email').expect(503);
    expect(await coreBankingWrites(customerId)).toEqual([]);
  } finally {
    system.coreBanking.faults.reset();
  }
  // Core banking is back but may not have the withdrawal yet: the evidence already denies.
  const decision = await policy(customerId, 'email').expect(200);
  expect(decision.body.decision.reasons.map((r: { code: string }) => r.code)).toContain('no-email-consent');
  await closed(workflowId);
  expect(await coreBankingWrites(customerId)).toEqual([expect.objectContaining({ channel: 'email', granted: false })]);
});
