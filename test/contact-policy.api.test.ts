/**
 * The contact-policy endpoint over HTTP, against a real database and the core-banking simulator
 * (with its documented personas). Decisions that depend on the time of day are checked on the use
 * case with a fixed clock, against a second simulator pinned to a fixed day, so that no test
 * depends on when it runs.
 */
import { randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ContactHistoryEntry } from '../activities/ports';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { ageOn, findPersonas, type Persona, type PersonaName, type Population } from '../adapters/core-banking/simulator/population';
import { startCoreBankingSimulator, type CoreBankingSimulator } from '../adapters/core-banking/simulator/server';
import { DEFAULT_CARE_CALL_POLICY } from '../domain/care-call';
import { createApp, type AppDeps } from '../api/app';
import { ContactPolicyUseCases } from '../api/contact-policy.use-cases';
import { currentConsents } from '../domain/consent';
import { HttpError } from '../api/http-error';
import type { ConsentEvidenceRecord } from '../domain/consent';
import { toLocalDateTime } from '../domain/calling-hours';
import { contactBlockWorkflowId, type ContactBlockState } from '../domain/contact-block';
import { adulthoodBegins, type ContactRequest } from '../domain/contact-policy';
import { appDeps } from './support/app';
import { primaryProvider } from './support/database';
import { startTestSystem, type TestSystem } from './support/system';
import { createDevServerEnv } from './support/temporal';
import { as, type TestUser } from './support/users';

const taskQueue = `contact-policy-api-${randomUUID()}`;
/** The pinned simulator's reference day, a Monday; the fixed clocks below are in that week. */
const PINNED_AS_OF = '2026-03-09';
/** Tuesday 2026-03-10, 10:00 in Berlin (CET, UTC+1): inside calling hours, no public holiday. */
const TUESDAY_10_BERLIN = new Date('2026-03-10T09:00:00Z');
const DAY_MS = 86_400_000;

let env: TestWorkflowEnvironment;
let system: TestSystem;
let pinned: CoreBankingSimulator;
let deps: AppDeps;
let app: Express;
let personas: Record<PersonaName, Persona>;

beforeAll(async () => {
  [env, system, pinned] = await Promise.all([
    createDevServerEnv(),
    startTestSystem(primaryProvider()),
    startCoreBankingSimulator({ size: 2_000, asOf: PINNED_AS_OF }),
  ]);
  // No worker: the endpoint reads the database and core banking; createApp only wants a client.
  deps = appDeps({ temporal: env.client, taskQueue, ...system.appParts() });
  app = createApp(deps);
  personas = findPersonas(system.coreBanking.population);
});

afterAll(async () => {
  await pinned?.close();
  await system?.close();
  await env?.teardown();
});

const id = (name: PersonaName) => personas[name].customerId;
const codes = (body: { decision: { reasons: Array<{ code: string }> } }) => body.decision.reasons.map((reason) => reason.code);

function policy(customerId: string, query: Record<string, string>, user: TestUser = 'agent') {
  return request(app).get(`/api/v1/customers/${customerId}/contact-policy`).query(query).set(as(user));
}

/** Adults with granted phone consent who are no persona: one per test that writes facts, so tests stay independent. */
function adultsWithPhoneConsent(population: Population): string[] {
  const taken = new Set(Object.values(personas).map((persona) => persona.customerId));
  return population.customers
    .filter((c) => !taken.has(c.profile.customerId) && ageOn(c.profile.birthDate, population.asOf) >= 21)
    .filter((c) => c.consents.some((consent) => consent.channel === 'phone' && consent.granted))
    .map((c) => c.profile.customerId);
}

function activeBlock(customerId: string, topic: string, startedAt: Date, endsAt: Date): ContactBlockState {
  const workflowId = contactBlockWorkflowId(system.pseudonymOf(customerId), topic);
  return {
    blockId: `${workflowId}#${randomUUID()}`,
    workflowId,
    customerId,
    topic,
    status: 'active',
    reason: 'kein Interesse',
    startedAt: startedAt.toISOString(),
    endsAt: endsAt.toISOString(),
    extensions: 0,
    version: 1,
  };
}

function contactEntry(customerId: string, at: Date, purpose: ContactHistoryEntry['purpose']): ContactHistoryEntry {
  return { id: randomUUID(), customerId, at: at.toISOString(), purpose, channel: 'phone', topic: 'kreditkarte', outcome: 'reached', workflowId: `test-${randomUUID()}` };
}

function evidence(customerId: string, answer: ConsentEvidenceRecord['answer'], decidedAt: Date): ConsentEvidenceRecord {
  return { id: randomUUID(), customerId, purpose: 'advertising', channel: 'phone', granted: answer === 'yes', answer, decidedAt: decidedAt.toISOString(), workflowId: `consent-test-${randomUUID()}` };
}

describe('decisions over HTTP', () => {
  test('advertising by email to a customer with email consent is allowed, and the facts carry no personal data', async () => {
    const customerId = id('emailOnly');
    const res = await policy(customerId, { purpose: 'advertising', channel: 'email', topic: 'kreditkarte' }).expect(200);
    expect(res.body).toMatchObject({
      customerId,
      contact: { purpose: 'advertising', channel: 'email', topic: 'kreditkarte', initiatedBy: 'bank' },
      decision: { allowed: true, reasons: [{ code: 'allowed', message: expect.any(String) }] },
      facts: { federalState: expect.stringMatching(/^[A-Z]{2}$/), activeBlocks: [], advertisingContactsInWindow: 0, capWindowDays: 30 },
    });
    expect(res.body.decision.earliestAllowedAt).toBeUndefined();
    expect(res.body.facts.consents).toContainEqual({ channel: 'email', granted: true, recordedAt: expect.any(String), source: 'core-banking' });
    const { profile } = system.coreBanking.population.customers.find((c) => c.profile.customerId === customerId)!;
    expect(res.body.facts.age).toBe(ageOn(profile.birthDate, toLocalDateTime(new Date()).date));
    const text = JSON.stringify(res.body);
    for (const secret of [profile.givenName, profile.familyName, profile.birthDate, profile.contact.email, profile.contact.phone, profile.contact.postalAddress]) {
      if (secret) expect(text).not.toContain(secret);
    }
  });

  test('a care call needs phone consent as the care-call process is configured (CARE_NEEDS_ADVERTISING_CONSENT), and not when it is switched off', async () => {
    const customerId = id('emailOnly');
    const strict = await policy(customerId, { purpose: 'care', channel: 'phone', topic: 'kreditkarte' }).expect(200);
    expect(codes(strict.body)).toContain('no-phone-consent');
    const lenient = createApp({ ...deps, careCallPolicy: { ...DEFAULT_CARE_CALL_POLICY, needsAdvertisingConsent: false } });
    const res = await request(lenient).get(`/api/v1/customers/${customerId}/contact-policy`).query({ purpose: 'care', channel: 'phone', topic: 'kreditkarte' }).set(as('agent')).expect(200);
    expect(codes(res.body)).not.toContain('no-phone-consent');
  });

  test('a service contact the customer started is allowed, even for a minor without consent', async () => {
    const res = await policy(id('minor'), { purpose: 'service', channel: 'phone', topic: 'girokonto', initiatedBy: 'customer' }).expect(200);
    expect(res.body.decision).toEqual({ allowed: true, reasons: [{ code: 'customer-initiated-service', message: expect.any(String) }] });
    expect(res.body.contact.initiatedBy).toBe('customer');
  });

  test.each([
    ['never asked', 'noConsent' as const, []],
    ['declined', 'declined' as const, [{ channel: 'phone', granted: false, recordedAt: expect.any(String), source: 'core-banking' }]],
  ])('advertising by phone to a customer who %s is denied (no-phone-consent), with no date to wait for', async (_name, persona, consents) => {
    const res = await policy(id(persona), { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte' }).expect(200);
    expect(res.body.decision.allowed).toBe(false);
    expect(codes(res.body)).toContain('no-phone-consent');
    // Missing consent never clears by waiting.
    expect(res.body.decision.earliestAllowedAt).toBeUndefined();
    expect(res.body.facts.consents.filter((c: { channel: string }) => c.channel === 'phone')).toEqual(consents);
  });

  test('advertising to a minor is denied (minor) until the 18th birthday', async () => {
    const res = await policy(id('minor'), { purpose: 'advertising', channel: 'letter', topic: 'sparplan' }).expect(200);
    const { profile } = system.coreBanking.population.customers.find((c) => c.profile.customerId === id('minor'))!;
    expect(res.body.decision).toMatchObject({ allowed: false, reasons: [{ code: 'minor' }], earliestAllowedAt: adulthoodBegins(profile.birthDate).toISOString() });
    expect(res.body.facts.age).toBeLessThan(18);
  });

  test('an active block denies its topic (blocked) until its end, and leaves other topics alone', async () => {
    const customerId = adultsWithPhoneConsent(system.coreBanking.population)[0]!;
    const topic = `kreditkarte-${randomUUID().slice(0, 8)}`;
    const endsAt = new Date(Date.now() + 90 * DAY_MS);
    await system.blocks.save(activeBlock(customerId, topic, new Date(Date.now() - DAY_MS), endsAt));

    const blocked = await policy(customerId, { purpose: 'advertising', channel: 'letter', topic }).expect(200);
    expect(blocked.body.decision).toMatchObject({ allowed: false, reasons: [{ code: 'blocked', clearsAt: endsAt.toISOString() }] });
    // A letter knows no calling hours, so the block's end is the earliest instant itself.
    expect(blocked.body.decision.earliestAllowedAt).toBe(endsAt.toISOString());
    expect(blocked.body.facts.activeBlocks).toEqual([{ topic, endsAt: endsAt.toISOString() }]);

    const other = await policy(customerId, { purpose: 'advertising', channel: 'letter', topic: 'sparplan' }).expect(200);
    expect(other.body.decision.allowed).toBe(true);
  });

  test("a withdrawal recorded as evidence overrides core banking's granted consent at once; undecided changes nothing", async () => {
    const customerId = adultsWithPhoneConsent(system.coreBanking.population)[1]!;
    const query = { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte' };
    const before = await policy(customerId, query).expect(200);
    expect(codes(before.body)).not.toContain('no-phone-consent');
    expect(before.body.facts.consents).toContainEqual(expect.objectContaining({ channel: 'phone', granted: true, source: 'core-banking' }));

    await system.evidence.append(evidence(customerId, 'undecided', new Date(Date.now() - 60_000)));
    const undecided = await policy(customerId, query).expect(200);
    expect(undecided.body.facts.consents).toContainEqual(expect.objectContaining({ channel: 'phone', granted: true, source: 'core-banking' }));

    const withdrawal = evidence(customerId, 'withdrawn', new Date(Date.now() - 1_000));
    await system.evidence.append(withdrawal);
    const after = await policy(customerId, query).expect(200);
    expect(after.body.decision.allowed).toBe(false);
    expect(codes(after.body)).toContain('no-phone-consent');
    expect(after.body.facts.consents).toContainEqual({ channel: 'phone', granted: false, recordedAt: withdrawal.decidedAt, source: 'evidence' });
    // Core banking has not heard of it yet: the endpoint did not wait for the write-through.
    expect(await system.coreBankingClient.getConsents(customerId)).toContainEqual(expect.objectContaining({ channel: 'phone', granted: true }));
  });

  test('a recorded advertising contact reaches the cap (contact-cap-reached) until it leaves the window; service contacts do not count', async () => {
    const customerId = adultsWithPhoneConsent(system.coreBanking.population)[2]!;
    const cap = deps.consent.caps[0]!;
    const first = new Date(Date.now() - DAY_MS);
    for (let i = 0; i < cap.maxContacts; i++) await system.history.record(contactEntry(customerId, new Date(first.getTime() + i * 60_000), 'advertising'));
    await system.history.record(contactEntry(customerId, new Date(Date.now() - 2 * DAY_MS), 'service'));

    const res = await policy(customerId, { purpose: 'advertising', channel: 'letter', topic: 'bausparen' }).expect(200);
    expect(res.body.decision).toMatchObject({ allowed: false, reasons: [{ code: 'contact-cap-reached' }] });
    expect(res.body.decision.earliestAllowedAt).toBe(new Date(first.getTime() + cap.periodDays * DAY_MS).toISOString());
    expect(res.body.facts).toMatchObject({ advertisingContactsInWindow: cap.maxContacts, capWindowDays: cap.periodDays });

    const service = await policy(customerId, { purpose: 'service', channel: 'letter', topic: 'bausparen' }).expect(200);
    expect(service.body.decision.allowed).toBe(true);
  });
});

describe('failures', () => {
  test('an unknown customer → 404 naming it', async () => {
    const res = await policy('K-999999', { purpose: 'service', channel: 'phone', topic: 'girokonto' }).expect(404);
    expect(res.body.error).toContain('K-999999');
  });

  test('core banking down → 503 naming core banking, and answers again once it is back', async () => {
    system.coreBanking.faults.failNext(5);
    try {
      const res = await policy(id('phoneConsent'), { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte' }).expect(503);
      expect(res.body.error).toContain('core banking');
    } finally {
      system.coreBanking.faults.reset();
    }
    await policy(id('phoneConsent'), { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte' }).expect(200);
  });

  const valid = { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte' };
  test.each([
    ['an unknown purpose', 'purpose', { ...valid, purpose: 'sales' }],
    ['an unknown channel', 'channel', { ...valid, channel: 'fax' }],
    ['a topic that is no key', 'topic', { ...valid, topic: 'Kredit Karte' }],
    ['an unknown initiator', 'initiatedBy', { ...valid, initiatedBy: 'branch' }],
    ['a campaign id that is no key', 'campaignId', { ...valid, campaignId: 'Herbst 2026' }],
    ['an unknown field', 'colour', { ...valid, colour: 'red' }],
    ['a missing topic', 'topic', { purpose: 'advertising', channel: 'phone' }],
  ])('bad input: %s → 400 naming %s', async (_name, field, query: Record<string, string>) => {
    const res = await policy(id('phoneConsent'), query).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
    expect(res.body.error).toContain(field);
  });

  test('bad input names every bad field at once; a repeated parameter and a bad customer number are named too', async () => {
    const res = await policy(id('phoneConsent'), { channel: 'fax', topic: 'kreditkarte', extra: '1' }).expect(400);
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['channel', 'extra', 'purpose']);
    const repeated = await request(app).get(`/api/v1/customers/${id('phoneConsent')}/contact-policy?purpose=service&channel=phone&channel=email&topic=x`).set(as('agent')).expect(400);
    expect(repeated.body.error).toContain('channel');
    const badId = await policy('K%201', valid).expect(400);
    expect(badId.body.error).toContain('customerId');
  });

  test('no token → 401; a process owner → 403', async () => {
    await request(app).get(`/api/v1/customers/${id('phoneConsent')}/contact-policy`).query(valid).expect(401);
    const res = await policy(id('phoneConsent'), valid, 'owner').expect(403);
    expect(res.body.error).toContain('agent');
  });

  test.each(['agent', 'backoffice', 'supervisor', 'auditor'] as const)('%s may ask', async (user) => {
    const res = await policy(id('noConsent'), valid, user).expect(200);
    expect(codes(res.body)).toContain('no-phone-consent');
  });
});

describe('decisions that depend on the time (use case with a fixed clock, simulator pinned to a fixed day)', () => {
  const coreBanking = () => new HttpCoreBanking({ baseUrl: pinned.url });
  const pinnedPersona = (name: PersonaName) => findPersonas(pinned.population)[name].customerId;
  const advertisingCall: ContactRequest = { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte', initiatedBy: 'bank' };

  function decideAt(at: Date, customerId: string, contact: ContactRequest) {
    const useCases = new ContactPolicyUseCases({ coreBanking: coreBanking(), blocks: system.blocks, history: system.history, evidence: system.evidence, caps: deps.consent.caps, now: () => at });
    return useCases.decide(customerId, contact);
  }

  test('an advertising phone call to the phone-consent persona on a weekday at 10:00 Berlin time is allowed', async () => {
    const view = await decideAt(TUESDAY_10_BERLIN, pinnedPersona('phoneConsent'), advertisingCall);
    expect(view.decision).toEqual({ allowed: true, reasons: [{ code: 'allowed', message: expect.any(String) }] });
    expect(view.decidedAt).toBe('2026-03-10T09:00:00.000Z');
    expect(view.facts).toMatchObject({ federalState: 'NW', consents: expect.arrayContaining([expect.objectContaining({ channel: 'phone', granted: true, source: 'core-banking' })]) });
    expect(view.facts.age).toBeGreaterThanOrEqual(18);
  });

  test('the same call at 21:00 is denied (outside-calling-hours) until 08:00 the next morning', async () => {
    const view = await decideAt(new Date('2026-03-10T20:00:00Z'), pinnedPersona('phoneConsent'), advertisingCall);
    expect(view.decision).toMatchObject({ allowed: false, reasons: [{ code: 'outside-calling-hours' }], earliestAllowedAt: '2026-03-11T07:00:00.000Z' });
  });

  test('a block ending on Saturday evening allows the call only at the next calling window, Monday 08:00', async () => {
    const customerId = pinnedPersona('cardUpgrade');
    const topic = `kreditkarte-${randomUUID().slice(0, 8)}`;
    const endsAt = new Date('2026-03-14T21:00:00Z'); // Saturday 22:00 in Berlin, after the Saturday window
    await system.blocks.save(activeBlock(customerId, topic, new Date('2026-03-01T10:00:00Z'), endsAt));
    const view = await decideAt(TUESDAY_10_BERLIN, customerId, { ...advertisingCall, topic });
    expect(view.decision).toMatchObject({ allowed: false, reasons: [{ code: 'blocked', clearsAt: endsAt.toISOString() }] });
    expect(view.decision.earliestAllowedAt).toBe('2026-03-16T07:00:00.000Z');
    expect(Date.parse(view.decision.earliestAllowedAt!)).toBeGreaterThan(endsAt.getTime());
  });

  test("the policy's own input error becomes a 400 naming the query field", async () => {
    const error = await decideAt(TUESDAY_10_BERLIN, pinnedPersona('phoneConsent'), { ...advertisingCall, purpose: 'sales' as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ status: 400, fields: [{ field: 'purpose', message: expect.stringContaining('advertising') }] });
  });
});

describe('merging consents', () => {
  const at = (iso: string) => new Date(iso).toISOString();
  test('newest decision per channel wins; on equal times a refusal wins, else the evidence; undecided is no decision', () => {
    const bank = [
      { purpose: 'advertising' as const, channel: 'phone' as const, granted: true, recordedAt: '2026-01-01T10:00:00Z' },
      { purpose: 'advertising' as const, channel: 'email' as const, granted: true, recordedAt: '2026-01-01T10:00:00Z' },
      { purpose: 'advertising' as const, channel: 'letter' as const, granted: false, recordedAt: '2026-01-01T10:00:00Z' },
      { purpose: 'advertising' as const, channel: 'messenger' as const, granted: false, recordedAt: '2026-02-01T10:00:00Z' },
    ];
    const records = [
      evidence('K-1', 'withdrawn', new Date('2026-01-01T10:00:00Z')),
      { ...evidence('K-1', 'yes', new Date('2026-01-01T10:00:00Z')), channel: 'email' as const },
      { ...evidence('K-1', 'yes', new Date('2026-01-01T10:00:00Z')), channel: 'letter' as const },
      { ...evidence('K-1', 'yes', new Date('2026-01-15T10:00:00Z')), channel: 'messenger' as const },
      { ...evidence('K-1', 'undecided', new Date('2026-03-01T10:00:00Z')), channel: 'messenger' as const },
    ];
    expect(currentConsents(bank, records)).toEqual([
      { channel: 'phone', granted: false, recordedAt: at('2026-01-01T10:00:00Z'), source: 'evidence' },
      { channel: 'email', granted: true, recordedAt: at('2026-01-01T10:00:00Z'), source: 'evidence' },
      { channel: 'letter', granted: false, recordedAt: at('2026-01-01T10:00:00Z'), source: 'core-banking' },
      { channel: 'messenger', granted: false, recordedAt: at('2026-02-01T10:00:00Z'), source: 'core-banking' },
    ]);
  });
});
