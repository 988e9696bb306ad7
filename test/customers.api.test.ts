/**
 * The customer summary (`GET /customers/{customerId}`) over HTTP, against the core-banking
 * simulator with its documented personas, a real database for the audit trail, and Temporal: what
 * an agent sees to confirm whom they speak to, what it leaves out, who may read it, that the read
 * is recorded, and how it fails.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ageOn, findPersonas, type Persona, type PersonaName, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import type { AuditEntry } from '../api/audit';
import { CustomerUseCases } from '../api/customers.use-cases';
import { startApiSystem, type ApiSystem } from './support/api-system';
import type { TestSystem } from './support/system';
import { as, type TestUser } from './support/users';

let api: ApiSystem;
let system: TestSystem;
let app: Express;
let personas: Record<PersonaName, Persona>;

beforeAll(async () => {
  api = await startApiSystem('customers-api');
  ({ system, app } = api);
  personas = findPersonas(system.coreBanking.population);
});

afterAll(async () => {
  await api?.stop();
});

const id = (name: PersonaName) => personas[name].customerId;
const simulated = (customerId: string): SimulatedCustomer => system.coreBanking.population.customers.find((c) => c.profile.customerId === customerId)!;
const summary = (customerId: string, user: TestUser = 'agent') => request(app).get(`/api/v1/customers/${customerId}`).set(as(user));

describe('the summary an agent sees', () => {
  test('a customer never asked for consent: name, adult, branch, advisor, products, no consents on record, and no personal data beyond that', async () => {
    const customerId = id('noConsent');
    const { profile, products } = simulated(customerId);
    const res = await summary(customerId).expect(200);
    expect(res.body).toEqual({
      customerId,
      name: { givenName: profile.givenName, familyName: profile.familyName },
      minor: false,
      segment: profile.segment,
      branchId: profile.branchId,
      advisor: { name: profile.advisor.name },
      products: expect.any(Array),
      coreBankingConsents: [],
      missing: (['email', 'phone'] as const).filter((field) => !profile.contact[field]),
    });
    expect(res.body.products.map((p: { product: string }) => p.product).sort()).toEqual(products.map((p) => p.product).sort());
    // Data minimisation: what the console needs to confirm the person, nothing to read out.
    const text = JSON.stringify(res.body);
    for (const secret of [profile.birthDate, profile.contact.email, profile.contact.phone, profile.contact.postalAddress, profile.advisor.email]) {
      if (secret) expect(text).not.toContain(secret);
    }
    expect(text).not.toContain('balance');
  });

  test('a card holder with phone consent: the MasterCard Classic among the products, oldest first, and the consent core banking records', async () => {
    const customerId = id('cardUpgrade');
    const res = await summary(customerId).expect(200);
    expect(res.body.products).toContainEqual({ product: 'mastercard-classic', since: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    const since = res.body.products.map((p: { since: string }) => p.since);
    expect(since).toEqual([...since].sort());
    expect(res.body.coreBankingConsents).toContainEqual({ channel: 'phone', granted: true, recordedAt: expect.any(String) });
  });

  test('a minor is marked as one', async () => {
    const res = await summary(id('minor')).expect(200);
    expect(res.body.minor).toBe(true);
    expect(ageOn(simulated(id('minor')).profile.birthDate, system.coreBanking.population.asOf)).toBeLessThan(18);
  });

  test('"minor" turns on the 18th birthday, counted in bank time', async () => {
    const customerId = id('minor');
    const { birthDate } = simulated(customerId).profile;
    const eighteenth = `${Number(birthDate.slice(0, 4)) + 18}${birthDate.slice(4)}`;
    // Midnight in Berlin is 23:00 (winter) or 22:00 (summer) UTC the day before.
    const at = (iso: string) => new CustomerUseCases({ coreBanking: system.coreBankingClient, now: () => new Date(iso) }).summary(customerId);
    const dayBefore = new Date(Date.parse(`${eighteenth}T12:00:00Z`) - 86_400_000).toISOString();
    expect((await at(dayBefore)).minor).toBe(true);
    expect((await at(`${eighteenth}T12:00:00Z`)).minor).toBe(false);
  });
});

describe('who may read it, and the trail', () => {
  test.each(['agent', 'berater', 'supervisor', 'auditor'] as const)('%s may read it', async (user) => {
    await summary(id('phoneConsent'), user).expect(200);
  });

  test('a process owner may not (403), nor anyone without a token (401)', async () => {
    const denied = await summary(id('phoneConsent'), 'owner').expect(403);
    expect(denied.body.error).toContain('agent');
    await request(app).get(`/api/v1/customers/${id('phoneConsent')}`).expect(401);
  });

  test('each read is recorded as customer.read with actor, role and request id', async () => {
    const customerId = id('declined');
    const requestId = `summary-${randomUUID()}`;
    await summary(customerId).set('X-Request-Id', requestId).expect(200);
    const trail = await request(app).get('/api/v1/audit').query({ customerId, limit: 200 }).set(as('auditor')).expect(200);
    const entry = (trail.body.entries as AuditEntry[]).find((e) => e.requestId === requestId);
    expect(entry).toMatchObject({ action: 'customer.read', actor: 'agent.test', role: 'agent', customerId, objectType: 'customer', objectId: customerId });
    expect(JSON.stringify(entry)).not.toContain(simulated(customerId).profile.familyName);
  });

  test('a refused read is not recorded', async () => {
    const customerId = id('otherState');
    const requestId = `refused-${randomUUID()}`;
    await summary(customerId, 'owner').set('X-Request-Id', requestId).expect(403);
    const trail = await request(app).get('/api/v1/audit').query({ customerId, limit: 200 }).set(as('auditor')).expect(200);
    expect((trail.body.entries as AuditEntry[]).filter((e) => e.requestId === requestId)).toEqual([]);
  });
});

describe('failures', () => {
  test('an unknown customer → 404 naming it', async () => {
    const res = await summary('K-999999').expect(404);
    expect(res.body.error).toContain('K-999999');
  });

  test.each([
    ['a space', 'K%201'],
    ['a leading dash', '-K1'],
    ['too long', `K-${'1'.repeat(70)}`],
  ])('a bad customer number (%s) → 400 naming customerId', async (_what, customerId) => {
    const res = await summary(customerId).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'customerId' })]);
    expect(res.body.error).toContain('customerId');
  });

  test('core banking down → 503 naming core banking, and answers again once it is back', async () => {
    system.coreBanking.faults.failNext(5, 503);
    try {
      const res = await summary(id('emailOnly')).expect(503);
      expect(res.body.error).toContain('core banking');
    } finally {
      system.coreBanking.faults.reset();
    }
    await summary(id('emailOnly')).expect(200);
  });

  test('another method on the path → 405 with Allow', async () => {
    const res = await request(app).delete(`/api/v1/customers/${id('phoneConsent')}`).set(as('agent')).expect(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});
