/**
 * Customer data update over HTTP (issue 11, "Dauerhafte Services": Kundendaten-Updates): the
 * summary says which contact details core banking lacks (not their values), the agent records
 * one, and it reaches core banking exactly once: also when the request is repeated with its key
 * and when core banking fails first. Invalid values are refused naming the field; the audit
 * entry names the field and the agent, never the value. Against the Temporal dev server, a
 * worker, a real database and the core-banking simulator.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ageOn, findPersonas, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { CoreBankingError } from '../adapters/core-banking/core-banking.port';
import type { ContactDataWriteBody } from '../adapters/core-banking/wire';
import { startApiSystem, type ApiSystem } from './support/api-system';
import type { TestSystem } from './support/system';
import { as } from './support/users';

let api: ApiSystem;
let app: Express;
let system: TestSystem;

beforeAll(async () => {
  api = await startApiSystem('contact-data-api');
  ({ app, system } = api);
});

afterAll(async () => {
  await api?.stop();
});

const used = new Set<string>();
/** A fresh adult, non-persona customer matching `test`: each test gets its own. */
function customerWhere(test: (c: SimulatedCustomer) => boolean): string {
  const { asOf, customers } = system.coreBanking.population;
  const personaIds = new Set(Object.values(findPersonas(system.coreBanking.population)).map((p) => p.customerId));
  const found = customers.find((c) => !used.has(c.profile.customerId) && !personaIds.has(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && test(c));
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}
const withoutEmail = () => customerWhere((c) => !c.profile.contact.email && !!c.profile.contact.phone);
const contactId = () => `call-${randomUUID().slice(0, 8)}`;

function update(customerId: string, body: object, key: string | undefined) {
  const req = request(app).post(`/api/v1/customers/${customerId}/contact-data`).set(as('agent'));
  return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body);
}

async function coreBankingWrites(customerId: string): Promise<ContactDataWriteBody[]> {
  const res = await fetch(`${system.coreBanking.url}/_sim/contact-data/${customerId}/writes`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { writes: ContactDataWriteBody[] }).writes;
}

/** Until the write-through's workflow finished (the dev server: no time skipping). */
async function writtenThrough(updateId: string) {
  return api.env.client.workflow.getHandle(updateId).result() as Promise<{ fields: string[]; coreBankingId: string }>;
}

describe('customer data update', () => {
  test('a missing email: the summary names the field, the captured address is in core banking once, also when the request is repeated with its key', async () => {
    const customerId = withoutEmail();
    const email = `neu.${randomUUID().slice(0, 6)}@example.de`;
    const before = await request(app).get(`/api/v1/customers/${customerId}`).set(as('agent')).expect(200);
    expect(before.body.missing).toEqual(['email']);

    const key = `contact-data-${randomUUID()}`;
    const body = { contactId: contactId(), email };
    const first = await update(customerId, body, key).expect(202);
    expect(first.body).toEqual({ customerId, contactId: body.contactId, fields: ['email'], updateId: expect.stringMatching(/^contact-data-update:[0-9a-f]{24}$/), status: 'writing-through' });
    expect(JSON.stringify(first.body)).not.toContain(email);
    const done = await writtenThrough(first.body.updateId);

    // The same request again: the first answer, nothing runs twice.
    const again = await update(customerId, body, key).expect(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const writes = await coreBankingWrites(customerId);
    expect(writes).toEqual([expect.objectContaining({ customerId, email, updateId: done.coreBankingId })]);
    expect(writes[0]).not.toHaveProperty('phone');

    // Core banking has it now: the console no longer asks.
    const after = await request(app).get(`/api/v1/customers/${customerId}`).set(as('agent')).expect(200);
    expect(after.body.missing).toEqual([]);
    expect(JSON.stringify(after.body)).not.toContain(email);

    // The same key with another value: refused, and nothing is written.
    const other = await update(customerId, { ...body, email: `anders@example.de` }, key).expect(422);
    expect(other.body.error).toMatch(/Idempotency-Key/);
    expect(await coreBankingWrites(customerId)).toHaveLength(1);
  });

  test('core banking failing first: the write-through is retried until stored, and stored once', async () => {
    const customerId = withoutEmail();
    const phone = '0171 2345678';
    const email = `retry.${randomUUID().slice(0, 6)}@example.de`;
    // The look-up before the start and the first tries of the write answer 503.
    system.coreBanking.faults.failNext(3, 503);
    try {
      const res = await update(customerId, { contactId: contactId(), email, phone }, `contact-data-${randomUUID()}`).expect(202);
      expect(res.body.fields).toEqual(['email', 'phone']);
      const done = await writtenThrough(res.body.updateId);
      expect(done.fields).toEqual(['email', 'phone']);
      // Every failure was taken: the write went through only after them.
      expect(system.coreBanking.faults.state().failNext).toBe(0);
      const history = await api.env.client.workflow.getHandle(res.body.updateId).fetchHistory();
      const attempts = history.events?.find((event) => event.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes?.attempt;
      expect(attempts).toBeGreaterThan(1);
      expect(await coreBankingWrites(customerId)).toEqual([expect.objectContaining({ email, phone, updateId: done.coreBankingId })]);
    } finally {
      system.coreBanking.faults.reset();
    }
  });

  test('an invalid email is refused with 400 naming email; an empty change naming the fields; no key: 400; nothing is written', async () => {
    const customerId = withoutEmail();
    const bad = await update(customerId, { contactId: contactId(), email: 'kein-at-zeichen' }, `contact-data-${randomUUID()}`).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'email' })]);
    expect(JSON.stringify(bad.body)).not.toContain('kein-at-zeichen');
    const badPhone = await update(customerId, { contactId: contactId(), phone: 'abc' }, `contact-data-${randomUUID()}`).expect(400);
    expect(badPhone.body.fields).toEqual([expect.objectContaining({ field: 'phone' })]);
    await update(customerId, { contactId: contactId() }, `contact-data-${randomUUID()}`).expect(400);
    await update(customerId, { contactId: contactId(), email: 'a@example.de' }, undefined).expect(400);
    await update('K-999999999', { contactId: contactId(), email: 'a@example.de' }, `contact-data-${randomUUID()}`).expect(404);
    await request(app).post(`/api/v1/customers/${customerId}/contact-data`).set(as('auditor')).set('Idempotency-Key', `k-${randomUUID()}`).send({ contactId: contactId(), email: 'a@example.de' }).expect(403);
    expect(await coreBankingWrites(customerId)).toEqual([]);
  });

  test('the audit entry names the field and the agent, never the value', async () => {
    const customerId = withoutEmail();
    const email = `audit.${randomUUID().slice(0, 6)}@example.de`;
    const res = await update(customerId, { contactId: contactId(), email }, `contact-data-${randomUUID()}`).expect(202);
    await writtenThrough(res.body.updateId);
    const trail = await request(app).get('/api/v1/audit').query({ customerId }).set(as('auditor')).expect(200);
    const entries = (trail.body.entries as Array<{ action: string; actor: string; detail: unknown }>).filter((entry) => entry.action === 'customer.contact-data.updated');
    expect(entries).toEqual([expect.objectContaining({ actor: 'agent.test', customerId, detail: expect.objectContaining({ fields: ['email'], updateId: res.body.updateId }) })]);
    expect(JSON.stringify(trail.body)).not.toContain(email);
  });

  test('the workflow id and the clear-text history carry neither the customer number nor the value', async () => {
    const customerId = withoutEmail();
    const email = `privat.${randomUUID().slice(0, 6)}@example.de`;
    const res = await update(customerId, { contactId: contactId(), email }, `contact-data-${randomUUID()}`).expect(202);
    await writtenThrough(res.body.updateId);
    expect(res.body.updateId).not.toContain(customerId);
    // Read without the data converter: what the Temporal server stores.
    const history = await api.env.client.workflow.getHandle(res.body.updateId).fetchHistory();
    const raw = Buffer.from(JSON.stringify(history)).toString('utf8');
    expect(raw).not.toContain(email);
    expect(raw).not.toContain(customerId);
  });
});

describe('the core-banking port: updateContactData', () => {
  test('the same key answers the same write (duplicate); another body with the key is refused; an invalid value is rejected', async () => {
    const customerId = withoutEmail();
    const client = system.coreBankingClient;
    const key = `port-${randomUUID()}`;
    const first = await client.updateContactData({ customerId, email: 'port@example.de', idempotencyKey: key });
    expect(first.duplicate).toBe(false);
    const again = await client.updateContactData({ customerId, email: 'port@example.de', idempotencyKey: key });
    expect(again).toEqual({ updateId: first.updateId, duplicate: true });
    await expect(client.updateContactData({ customerId, email: 'other@example.de', idempotencyKey: key })).rejects.toMatchObject({ kind: 'rejected' });
    const invalid = client.updateContactData({ customerId, email: 'not-an-address', idempotencyKey: `port-${randomUUID()}` });
    await expect(invalid).rejects.toBeInstanceOf(CoreBankingError);
    await expect(invalid).rejects.toMatchObject({ kind: 'rejected' });
    await expect(invalid).rejects.not.toHaveProperty('message', expect.stringContaining('not-an-address'));
    expect((await client.getCustomer(customerId))?.contact.email).toBe('port@example.de');
    expect(await coreBankingWrites(customerId)).toHaveLength(1);
  });
});
