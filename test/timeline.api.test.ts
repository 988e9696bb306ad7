/**
 * The auditor's evidence timeline over HTTP (issue 9, part 4): consent evidence with the exact
 * wording and its hash, the contact history and the audit trail as one list, newest first, paged
 * with a keyset cursor; the read itself is recorded. Against the Temporal dev server, a worker, a
 * real database and the simulators.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import { ageOn, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import type { TimelineEntry } from '../api/timeline.use-cases';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import type { TestSystem } from './support/system';
import { as } from './support/users';

let api: ApiSystem;
let system: TestSystem;
let app: Express;

beforeAll(async () => {
  api = await startApiSystem('timeline-api');
  ({ system, app } = api);
});

afterAll(async () => {
  await api?.stop();
});

const used = new Set<string>();
/** A fresh adult customer without consent, reachable by phone: each test has its own timeline. */
function customerWithoutConsent(): string {
  const { asOf, customers } = system.coreBanking.population;
  const found = customers.find((c: SimulatedCustomer) => !used.has(c.profile.customerId) && ageOn(c.profile.birthDate, asOf) >= 21 && c.consents.length === 0 && !!c.profile.contact.phone);
  if (!found) throw new Error('no such customer in the simulated population');
  used.add(found.profile.customerId);
  return found.profile.customerId;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An agent asks for consent during a call and records "yes, by phone"; resolves once the proof is stored. */
async function consentGiven(customerId: string) {
  const contactId = `call-${randomUUID().slice(0, 8)}`;
  const checked = await request(app).post('/api/v1/consent-checks').set(as('agent')).send({ customerId, contactId, channel: 'phone' }).expect(200);
  expect(checked.body.ask).toBe(true);
  await request(app).post(`/api/v1/consent-checks/${encodeURIComponent(checked.body.checkId)}/answer`).set(as('agent')).send({ answer: 'yes', channels: ['phone'] }).expect(201);
  return checked.body as { checkId: string; script: { question: string; objectionAnswers: Array<{ objection: string; answer: string }> } };
}

function timeline(customerId: string, query: Record<string, string | number> = {}, user: 'auditor' | 'supervisor' = 'auditor') {
  return request(app).get(`/api/v1/customers/${customerId}/timeline`).query(query).set(as(user));
}

describe('the evidence timeline', () => {
  test('consent evidence with the exact wording and its hash, contacts and audit entries, newest first; the read is recorded', async () => {
    const customerId = customerWithoutConsent();
    const { checkId, script } = await consentGiven(customerId);
    await system.history.record({
      id: `timeline-test-${randomUUID()}`,
      customerId,
      at: new Date().toISOString(),
      purpose: 'service',
      channel: 'phone',
      topic: 'kreditkarte',
      outcome: 'callback-reached',
      workflowId: 'callback:000000000000000000000001',
      agentId: 'berater.test',
    });

    const res = await timeline(customerId).expect(200);
    const entries = res.body.entries as TimelineEntry[];
    expect(res.body.customerId).toBe(customerId);
    const times = entries.map((entry) => Date.parse(entry.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const consent = entries.find((entry) => entry.kind === 'consent');
    const hash = sha256(JSON.stringify({ question: script.question, objectionAnswers: script.objectionAnswers }));
    expect(consent).toMatchObject({
      actor: 'agent.test',
      action: 'consent.yes',
      consent: { answer: 'yes', channel: 'phone', granted: true, wordingSha256: hash, wording: { question: script.question, objectionAnswers: script.objectionAnswers, sha256: hash, matchesEvidence: true } },
    });
    expect(entries.find((entry) => entry.kind === 'contact')).toMatchObject({ actor: 'berater.test', action: 'contact.callback-reached', contact: { channel: 'phone', topic: 'kreditkarte' } });
    const audits = entries.filter((entry) => entry.kind === 'audit');
    expect(audits).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ actor: 'agent.test', action: 'consent-check.opened', audit: expect.objectContaining({ objectId: checkId, role: 'agent' }) }),
        expect.objectContaining({ actor: 'agent.test', action: 'consent-check.answered' }),
      ]),
    );

    const again = await timeline(customerId).expect(200);
    expect((again.body.entries as TimelineEntry[])[0]).toMatchObject({ kind: 'audit', actor: 'auditor.test', action: 'customer.timeline.read' });
  });

  test('pages with a cursor: every entry once, in order, also while entries are added', async () => {
    const customerId = customerWithoutConsent();
    await consentGiven(customerId);
    const all = (await timeline(customerId, { limit: 200 }, 'supervisor').expect(200)).body.entries as TimelineEntry[];
    const seen: TimelineEntry[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await timeline(customerId, { limit: 2, ...(cursor ? { cursor } : {}) }, 'supervisor').expect(200);
      seen.push(...(res.body.entries as TimelineEntry[]));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    // Each page read added a newer `customer.timeline.read` entry; none of them shifted the pages.
    const known = new Set(all.map((entry) => entry.id));
    expect(seen.filter((entry) => known.has(entry.id)).map((entry) => entry.id)).toEqual(all.map((entry) => entry.id));
    expect(seen.filter((entry) => !known.has(entry.id)).every((entry) => entry.action === 'customer.timeline.read')).toBe(true);
    expect(new Set(seen.map((entry) => entry.id)).size).toBe(seen.length);
    expect(pages).toBeGreaterThan(1);
  });

  test('filters by kind', async () => {
    const customerId = customerWithoutConsent();
    await consentGiven(customerId);
    const res = await eventually(() => timeline(customerId, { kinds: 'consent' }), (r) => r.status === 200 && r.body.entries.length > 0, 'the consent evidence');
    expect((res.body.entries as TimelineEntry[]).every((entry) => entry.kind === 'consent')).toBe(true);
  });
});

describe('bad input and who may read it', () => {
  test.each([
    ['a bad customer number', 'customerId', 'K%201', {}],
    ['an unknown kind', 'kinds', 'K-100001', { kinds: 'consent,letters' }],
    ['a page size of 0', 'limit', 'K-100001', { limit: 0 }],
    ['a cursor not from a page', 'cursor', 'K-100001', { cursor: 'nonsense' }],
    ['an unknown parameter', 'actor', 'K-100001', { actor: 'x' }],
  ])('%s → 400 naming %s', async (_name, field, customer, query) => {
    const res = await request(app).get(`/api/v1/customers/${customer}/timeline`).query(query).set(as('auditor')).expect(400);
    expect(res.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  test('no token → 401; agents and the back office → 403', async () => {
    await request(app).get('/api/v1/customers/K-100001/timeline').expect(401);
    await request(app).get('/api/v1/customers/K-100001/timeline').set(as('agent')).expect(403);
    await request(app).get('/api/v1/customers/K-100001/timeline').set(as('berater')).expect(403);
  });

  test('a customer without records has an empty timeline', async () => {
    const customerId = `K-${randomUUID().slice(0, 8)}`;
    const first = await timeline(customerId).expect(200);
    expect(first.body.entries).toEqual([]);
  });
});
