/**
 * Refinement of service requests into offers (issue 11, section 2) over HTTP, against a real
 * database, the core-banking simulator's population, the Temporal dev server and a worker: the
 * default catalog of the twelve pilot processes, each with an eligible and an ineligible
 * customer; every kind of exclusion; the outcomes leading to callback, appointment and block; a
 * request pinned to its campaign version while a new one is published; the snapshot for the auditor.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { seedPilotCatalog } from '../api/campaign-catalog';
import { PrismaCampaignStore } from '../prisma/campaign.repository';
import { CampaignDefinitionSchema, type CampaignDefinition } from '../domain/campaign';
import { evaluateCriterion, type CustomerFacts } from '../domain/campaign-criteria';
import { adulthoodBegins } from '../domain/contact-policy';
import { DEFAULT_CATALOG, PILOT_CATALOG } from '../domain/pilot-catalog';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { as } from './support/users';

let api: ApiSystem;
let store: PrismaCampaignStore;
/** Customers a test has used: each test needs its own (the contact caps remember every offer). */
const used = new Set<string>();

beforeAll(async () => {
  api = await startApiSystem('service-requests');
  store = new PrismaCampaignStore(api.system.appParts().db.client);
  expect(await seedPilotCatalog(store)).toBe(DEFAULT_CATALOG.length);
});
afterAll(async () => {
  await api?.stop();
});

const population = () => api.system.coreBanking.population.customers;

/** Facts of a simulated customer as the decision builds them (no contacts yet: a fresh database). */
function factsOf(customer: SimulatedCustomer, at = new Date()): CustomerFacts {
  const granted = (channel: string) => customer.consents.some((c) => c.channel === channel && c.granted);
  return {
    at: at.toISOString(),
    birthDate: customer.profile.birthDate,
    segment: customer.profile.segment,
    federalState: customer.profile.federalState,
    branchId: customer.profile.branchId,
    products: customer.products.map((p) => ({ product: p.product, ...(p.balanceCents === undefined ? {} : { balanceCents: p.balanceCents }), ...(p.maturesOn ? { maturesOn: p.maturesOn } : {}) })),
    lastContactByTopic: {},
    consents: { phone: granted('phone'), email: granted('email') },
    interests: [],
  };
}

const adult = (customer: SimulatedCustomer) => Date.now() >= adulthoodBegins(customer.profile.birthDate).getTime();
const phoneConsent = (customer: SimulatedCustomer) => customer.consents.find((c) => c.channel === 'phone')?.granted === true;

/** The first unused customer `fits`; marks them used. */
function take(fits: (customer: SimulatedCustomer) => boolean, what: string): SimulatedCustomer {
  const found = population().find((customer) => !used.has(customer.profile.customerId) && fits(customer));
  if (!found) throw new Error(`no customer in the simulated population who ${what}`);
  used.add(found.profile.customerId);
  return found;
}

const definitionOf = (campaignId: string): CampaignDefinition => CampaignDefinitionSchema.parse(PILOT_CATALOG.find((entry) => entry.campaignId === campaignId)!.definition);

function serviceRequest(customerId: string, process: string, { key = randomUUID(), channel = 'phone' } = {}) {
  return request(api.app).post('/api/v1/service-requests').set(as('agent')).set('Idempotency-Key', key).send({ customerId, contactId: `call-${randomUUID().slice(0, 8)}`, process, channel });
}

function outcome(id: string, body: object, key = randomUUID()) {
  return request(api.app).post(`/api/v1/service-requests/${id}/outcome`).set(as('agent')).set('Idempotency-Key', key).send(body);
}

describe('the twelve pilot processes of the default catalog', () => {
  test.each(PILOT_CATALOG.map((entry) => [entry.campaignId, entry] as const))('%s: an eligible customer gets the offer, a minor never does', async (campaignId, entry) => {
    const definition = definitionOf(campaignId);
    if (definition.trigger.kind !== 'service-request') throw new Error('catalog entries are service-request campaigns');
    const process = definition.trigger.processes[0]!;
    // Where two campaigns share a process (11 A and B), the one that should win is the eligible one.
    const rivals = PILOT_CATALOG.filter((other) => other.campaignId !== campaignId && other.definition.trigger.kind === 'service-request' && other.definition.trigger.processes.includes(process)).map((other) => definitionOf(other.campaignId));
    const customer = take(
      (c) => adult(c) && phoneConsent(c) && evaluateCriterion(definition.criteria, factsOf(c)).holds && rivals.every((rival) => rival.priority < definition.priority || !evaluateCriterion(rival.criteria, factsOf(c)).holds),
      `fits ${campaignId}`,
    );
    const offered = await serviceRequest(customer.profile.customerId, process).expect(201);
    expect(offered.body).toMatchObject({ process, offer: { campaignId, version: 1, title: definition.offer.title, topic: definition.offer.topic } });
    expect(offered.body.offer.script.opening).not.toContain('{anrede}');
    expect(offered.body.offer.outcomes.map((o: { outcome: string }) => o.outcome)).toEqual(entry.definition.outcomes.map((o) => o.outcome));
    expect(offered.body.verdicts.find((v: { campaignId: string }) => v.campaignId === campaignId)).toMatchObject({ eligible: true, reasons: [] });

    const minor = take((c) => !adult(c), 'is a minor');
    const none = await serviceRequest(minor.profile.customerId, process).expect(201);
    expect(none.body.offer).toBeUndefined();
    const verdict = none.body.verdicts.find((v: { campaignId: string }) => v.campaignId === campaignId);
    expect(verdict.eligible).toBe(false);
    expect(verdict.reasons).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'minor' })]));
  });
});

describe('Up-Selling Kreditkarte (pilot 10)', () => {
  const PROCESS = 'kreditkarte-bestehende';

  test('a holder of a MasterCard Classic with phone consent is offered the Gold card with the seed\'s script; "not interested" blocks the topic', async () => {
    const holder = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && c.products.some((p) => p.product === 'mastercard-classic') && !c.products.some((p) => p.product === 'mastercard-gold'), 'holds a Classic card');
    const { customerId, familyName } = holder.profile;
    const offered = await serviceRequest(customerId, PROCESS).expect(201);
    expect(offered.body.offer).toMatchObject({ campaignId: 'pilot-10-kreditkarte-upgrade', title: 'Mastercard Gold', blockMonths: 6 });
    expect(offered.body.offer.script.opening).toBe(`Frau/Herr ${familyName}, Sie nutzen ja unsere MasterCard Classic, was halten Sie davon die Vorteile unserer MasterCard Gold, wie z.B. die Umsatzbonifikation und die zahlreichen Reiseversicherungen, kennenzulernen, Frau/Herr ${familyName}?`);

    const answered = await outcome(offered.body.id, { outcome: 'not-interested' }).expect(200);
    expect(answered.body.outcome).toMatchObject({ outcome: 'not-interested', by: 'agent.test', followUp: { kind: 'contact-block' } });
    const blocks = await eventually(
      async () => (await request(api.app).get(`/api/v1/customers/${customerId}/contact-blocks`).set(as('agent')).expect(200)).body.blocks as Array<{ topic: string; endsAt: string }>,
      (found) => found.some((block) => block.topic === 'kreditkarte'),
      'the block on kreditkarte',
    );
    const block = blocks.find((b) => b.topic === 'kreditkarte')!;
    const months = (Date.parse(block.endsAt) - Date.now()) / (30.44 * 86_400_000);
    expect(months).toBeGreaterThan(5.8);
    expect(months).toBeLessThan(6.2);

    // The next contact on the topic: no offer, and the reasons say why (block, contact cap, last approach).
    const again = await serviceRequest(customerId, PROCESS).expect(201);
    expect(again.body.offer).toBeUndefined();
    const reasons = again.body.verdicts.find((v: { campaignId: string }) => v.campaignId === 'pilot-10-kreditkarte-upgrade').reasons as Array<{ code: string; policyCode?: string; path?: string }>;
    expect(reasons).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: 'contact-policy', policyCode: 'blocked' }),
      expect.objectContaining({ code: 'contact-policy', policyCode: 'contact-cap-reached' }),
      expect.objectContaining({ code: 'criteria', path: expect.stringMatching(/^criteria\.rules\.\d+$/) }),
    ]));
  });

  test('every exclusion says why: no Classic card (criteria with path), no phone consent, refused consent', async () => {
    const noCard = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && !c.products.some((p) => p.product.startsWith('mastercard')), 'has no credit card');
    const criteria = await serviceRequest(noCard.profile.customerId, PROCESS).expect(201);
    expect(criteria.body.offer).toBeUndefined();
    expect(criteria.body.verdicts[0].reasons).toEqual([expect.objectContaining({ code: 'criteria', path: 'criteria.rules.2' })]);

    const neverAsked = take((c) => adult(c) && c.consents.length === 0 && c.profile.segment !== 'business' && c.products.some((p) => p.product === 'mastercard-classic') && !c.products.some((p) => p.product === 'mastercard-gold'), 'was never asked for consent');
    const noConsent = await serviceRequest(neverAsked.profile.customerId, PROCESS).expect(201);
    expect(noConsent.body.verdicts[0].reasons).toEqual([expect.objectContaining({ code: 'contact-policy', policyCode: 'no-phone-consent' })]);

    // The same customer in a chat: the messenger needs its own consent.
    const chat = await serviceRequest(neverAsked.profile.customerId, PROCESS, { channel: 'messenger' }).expect(201);
    expect(chat.body.verdicts[0].reasons).toEqual([expect.objectContaining({ code: 'contact-policy', policyCode: 'no-messenger-consent' })]);
  });

  test('interested: a callback to the Direktberatung with the campaign; the outcome is recorded once', async () => {
    const holder = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && c.products.some((p) => p.product === 'mastercard-classic') && !c.products.some((p) => p.product === 'mastercard-gold'), 'holds a Classic card');
    const offered = await serviceRequest(holder.profile.customerId, PROCESS).expect(201);
    const key = randomUUID();
    const answered = await outcome(offered.body.id, { outcome: 'interested-callback', note: 'ab 17 Uhr' }, key).expect(200);
    const followUp = answered.body.outcome.followUp as { kind: string; id: string; workflowId: string };
    expect(followUp.kind).toBe('callback');
    const callback = await request(api.app).get(`/api/v1/callbacks/${followUp.id}`).set(as('agent')).expect(200);
    expect(callback.body).toMatchObject({ customerId: holder.profile.customerId, topic: 'kreditkarte' });
    // The Direktberatung's message names the offer, as the pilot's did ("Modell V").
    await eventually(() => api.system.appParts().caughtEmails(), (mails) => mails.some((mail) => mail.text?.includes('Modell V: Mastercard Gold') && mail.text.includes('ab 17 Uhr')), 'the message to the Direktberatung');
    // The same answer again (a retry) answers the same; another answer is refused.
    const replay = await outcome(offered.body.id, { outcome: 'interested-callback', note: 'ab 17 Uhr' }, key).expect(200);
    expect(replay.body).toEqual(answered.body);
    const other = await outcome(offered.body.id, { outcome: 'not-interested' }).expect(409);
    expect(other.body.error).toContain('interested-callback is recorded already');
  });

  test('interested in an appointment: booked with the campaign as its origin', async () => {
    const holder = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && c.products.some((p) => p.product === 'mastercard-classic') && !c.products.some((p) => p.product === 'mastercard-gold'), 'holds a Classic card');
    const offered = await serviceRequest(holder.profile.customerId, PROCESS).expect(201);
    // Pilot 10 leads to the Direktberatung, not to an appointment: the campaign does not allow it.
    const refused = await outcome(offered.body.id, { outcome: 'interested-appointment', appointment: { advisorId: 'B-0101', start: new Date(Date.now() + 3 * 86_400_000).toISOString(), channel: 'branch' } }).expect(409);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'outcome' })]);

    const mover = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && !c.products.some((p) => p.product === 'household-insurance'), 'has no household insurance');
    const offer = await serviceRequest(mover.profile.customerId, 'adressaenderung').expect(201);
    expect(offer.body.offer).toMatchObject({ campaignId: 'pilot-12-adressaenderung-hausrat', appointmentTopic: 'altersvorsorge' });
    const from = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const slots = await request(api.app).get('/api/v1/appointment-slots').query({ topic: 'altersvorsorge', branchId: mover.profile.branchId, from, to, limit: '5' }).set(as('agent')).expect(200);
    const slot = slots.body.slots[0] as { advisorId: string; start: string };
    const booked = await outcome(offer.body.id, { outcome: 'interested-appointment', appointment: { advisorId: slot.advisorId, start: slot.start, channel: 'branch' } }).expect(200);
    expect(booked.body.outcome.followUp.kind).toBe('appointment');
    const appointment = await request(api.app).get(`/api/v1/appointments/${booked.body.outcome.followUp.id}`).set(as('agent')).expect(200);
    expect(appointment.body).toMatchObject({ customerId: mover.profile.customerId, topic: 'altersvorsorge', status: 'confirmed', start: slot.start, origin: { campaignId: 'pilot-12-adressaenderung-hausrat' } });
  });
});

describe('versions', () => {
  test('a request stays with the version it was decided with; the next contact gets the newly published one', async () => {
    const campaignId = 'pilot-09-kreditkarte-anfrage';
    const [first, second] = [0, 1].map(() => take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && !c.products.some((p) => p.product === 'mastercard-gold'), 'may get a Gold card'));
    const before = await serviceRequest(first!.profile.customerId, 'kreditkarte-anfrage').expect(201);
    expect(before.body.offer).toMatchObject({ campaignId, version: 1 });

    // The process owner publishes version 2 over the API.
    const draft = (await request(api.app).get(`/api/v1/campaigns/${campaignId}`).set(as('owner')).expect(200)).body.draft as { revision: number; definition: CampaignDefinition };
    const changed = { ...draft.definition, script: { ...draft.definition.script, opening: '{anrede}, kennen Sie schon die neue Mastercard Gold mit Reiseversicherung?' } };
    await request(api.app).put(`/api/v1/campaigns/${campaignId}/draft`).set(as('owner')).send({ revision: draft.revision, definition: changed }).expect(200);
    const published = await request(api.app).post(`/api/v1/campaigns/${campaignId}/publish`).set(as('owner')).set('Idempotency-Key', randomUUID()).send({}).expect(201);
    expect(published.body.version).toBe(2);

    const after = await serviceRequest(second!.profile.customerId, 'kreditkarte-anfrage').expect(201);
    expect(after.body.offer).toMatchObject({ campaignId, version: 2, script: { opening: `Frau/Herr ${second!.profile.familyName}, kennen Sie schon die neue Mastercard Gold mit Reiseversicherung?` } });
    // The first contact still reads its version 1 script.
    const pinned = await request(api.app).get(`/api/v1/service-requests/${before.body.id}`).set(as('agent')).expect(200);
    expect(pinned.body.offer).toMatchObject({ version: 1, script: { opening: before.body.offer.script.opening } });
  });

  test('the same Idempotency-Key answers the same decision', async () => {
    const customer = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business' && !c.products.some((p) => p.product === 'overnight-account'), 'has no overnight account');
    const key = randomUUID();
    const body = { customerId: customer.profile.customerId, contactId: 'call-4711', process: 'girokonto-aendern', channel: 'phone' };
    const first = await request(api.app).post('/api/v1/service-requests').set(as('agent')).set('Idempotency-Key', key).send(body).expect(201);
    const again = await request(api.app).post('/api/v1/service-requests').set(as('agent')).set('Idempotency-Key', key).send(body).expect(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
  });
});

describe('the auditor and bad requests', () => {
  test('the auditor reads the decision with its snapshot; an agent may not', async () => {
    const customer = take((c) => adult(c) && phoneConsent(c) && c.profile.segment !== 'business', 'is an adult with phone consent');
    const made = await serviceRequest(customer.profile.customerId, 'freistellungsauftrag-aendern').expect(201);
    const snapshot = await request(api.app).get(`/api/v1/service-requests/${made.body.id}/snapshot`).set(as('auditor')).expect(200);
    expect(snapshot.body).toMatchObject({ id: made.body.id, agentId: 'agent.test', snapshot: { process: 'freistellungsauftrag-aendern', channel: 'phone', minor: false, campaigns: [{ campaignId: 'pilot-01-freistellungsauftrag', version: 1 }], facts: { birthDate: customer.profile.birthDate } } });
    await request(api.app).get(`/api/v1/service-requests/${made.body.id}/snapshot`).set(as('agent')).expect(403);
    const list = await request(api.app).get(`/api/v1/customers/${customer.profile.customerId}/service-requests`).set(as('auditor')).expect(200);
    expect(list.body.serviceRequests.map((r: { id: string }) => r.id)).toEqual([made.body.id]);
  });

  test('bad input gets a 4xx naming the field; no offer, no outcome', async () => {
    const bad = await request(api.app).post('/api/v1/service-requests').set(as('agent')).set('Idempotency-Key', randomUUID()).send({ customerId: 'K-100003', contactId: 'call-1', process: 'tresor-mieten', channel: 'phone' }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'process' })]);
    const unknown = await serviceRequest('K-999999', 'sorten-bestellen').expect(404);
    expect(unknown.body.error).toContain('K-999999');
    const minor = take((c) => !adult(c), 'is a minor');
    const none = await serviceRequest(minor.profile.customerId, 'sorten-bestellen').expect(201);
    const refused = await outcome(none.body.id, { outcome: 'maybe-later' }).expect(409);
    expect(refused.body.error).toContain('no offer was made');
    await outcome(none.body.id, { outcome: 'vielleicht' }).expect(400);
    await request(api.app).post('/api/v1/service-requests').set(as('backoffice')).set('Idempotency-Key', randomUUID()).send({ customerId: 'K-100003', contactId: 'call-1', process: 'sorten-bestellen', channel: 'phone' }).expect(403);
  });
});
