/**
 * The core-banking HTTP client against the simulator over real HTTP on 127.0.0.1: reads, the
 * idempotent consent write, and how each kind of failure reaches the caller.
 */
import { CoreBankingError, type CoreBankingErrorKind, type RecordConsentCommand } from '../adapters/core-banking/core-banking.port';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { findCustomer, findPersonas, type Persona, type PersonaName, type SimulatedCustomer } from '../adapters/core-banking/simulator/population';
import { startCoreBankingSimulator, type CoreBankingSimulator } from '../adapters/core-banking/simulator/server';

let simulator: CoreBankingSimulator;
let client: HttpCoreBanking;
let personas: Record<PersonaName, Persona>;

beforeAll(async () => {
  simulator = await startCoreBankingSimulator({ seed: 42 });
  client = new HttpCoreBanking({ baseUrl: simulator.url, timeoutMs: 2000 });
  personas = findPersonas(simulator.population);
});

afterEach(() => simulator.faults.reset());

afterAll(async () => {
  await simulator.close();
});

const customer = (name: PersonaName) => findCustomer(simulator.population, personas[name].customerId) as SimulatedCustomer;

let keys = 0;
/** A command with a fresh idempotency key, so tests do not see each other's writes. */
function command(customerId: string, overrides: Partial<RecordConsentCommand> = {}): RecordConsentCommand {
  keys += 1;
  return {
    customerId,
    purpose: 'advertising',
    channel: 'phone',
    granted: true,
    decidedAt: '2025-11-03T10:15:00.000Z',
    evidenceId: `evidence-${keys}`,
    idempotencyKey: `http-test-${keys}`,
    ...overrides,
  };
}

async function writesOf(customerId: string): Promise<unknown[]> {
  const response = await fetch(`${simulator.url}/_sim/consents/${customerId}/writes`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { writes: unknown[] }).writes;
}

/** The error a call fails with; fails the test if the call succeeds. */
async function failure(call: Promise<unknown>): Promise<CoreBankingError> {
  const error = await call.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(CoreBankingError);
  return error as CoreBankingError;
}

async function expectKind(call: Promise<unknown>, kind: CoreBankingErrorKind): Promise<CoreBankingError> {
  const error = await failure(call);
  expect(error.kind).toBe(kind);
  return error;
}

describe('reads', () => {
  test('a customer’s profile, products and consents are what core banking holds', async () => {
    const held = customer('phoneConsent');
    const id = held.profile.customerId;
    expect(await client.getCustomer(id)).toEqual(held.profile);
    // This customer's savings plan and building-society contract mature: the dates come through too.
    expect(held.products.filter((p) => p.maturesOn !== undefined)).not.toEqual([]);
    expect(await client.getProducts(id)).toEqual(held.products);
    expect(await client.getConsents(id)).toEqual(held.consents);
    expect(held.consents).toContainEqual(expect.objectContaining({ channel: 'phone', granted: true }));
  });

  test('a customer never asked has no consents; a minor is youth', async () => {
    expect(await client.getConsents(personas.noConsent.customerId)).toEqual([]);
    expect((await client.getCustomer(personas.minor.customerId))?.segment).toBe('youth');
  });

  test('an unknown customer is undefined, with no products and no consents', async () => {
    expect(await client.getCustomer('K-999999')).toBeUndefined();
    expect(await client.getProducts('K-999999')).toEqual([]);
    expect(await client.getConsents('K-999999')).toEqual([]);
  });

  test('an id that is not a path stays one path segment', async () => {
    expect(await client.getCustomer('../customers/K-100003')).toBeUndefined();
  });
});

describe('selectCustomers', () => {
  test('pages through the whole base once, in customer-number order, with what selection needs and no names or contact details', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.selectCustomers({ limit: 1_000, ...(cursor === undefined ? {} : { cursor }) });
      seen.push(...page.customers.map((c) => c.customerId));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor !== undefined);
    expect(seen).toEqual(simulator.population.customers.map((c) => c.profile.customerId));
    expect(pages).toBe(Math.ceil(simulator.population.customers.length / 1_000));

    const first = (await client.selectCustomers({ limit: 3 })).customers[0]!;
    const simulated = simulator.population.customers[0]!;
    expect(first).toEqual({
      customerId: simulated.profile.customerId,
      birthDate: simulated.profile.birthDate,
      segment: simulated.profile.segment,
      federalState: simulated.profile.federalState,
      branchId: simulated.profile.branchId,
      reachable: { phone: Boolean(simulated.profile.contact.phone), email: Boolean(simulated.profile.contact.email) },
      products: await client.getProducts(simulated.profile.customerId),
      consents: await client.getConsents(simulated.profile.customerId),
    });
    expect(JSON.stringify(first)).not.toContain(simulated.profile.familyName);
  });

  test('narrowed to segments on the gateway; a consent recorded meanwhile is in the next read', async () => {
    const page = await client.selectCustomers({ limit: 200, segments: ['wealth', 'private-premium'] });
    expect(page.customers.length).toBeGreaterThan(0);
    expect(new Set(page.customers.map((c) => c.segment))).toEqual(new Set(['wealth', 'private-premium']));

    // Not a persona: the other tests read those.
    const personaIds = new Set(Object.values(personas).map((persona) => persona.customerId));
    const target = page.customers.find((c) => !personaIds.has(c.customerId) && !c.consents.some((consent) => consent.channel === 'email'))!;
    await client.recordConsent(command(target.customerId, { channel: 'email', granted: true }));
    const again = await client.selectCustomers({ limit: 200, segments: ['wealth', 'private-premium'] });
    expect(again.customers.find((c) => c.customerId === target.customerId)!.consents).toContainEqual(expect.objectContaining({ channel: 'email', granted: true }));
  });

  test('a cursor or limit the gateway does not take is rejected', async () => {
    await expectKind(client.selectCustomers({ limit: 10, cursor: 'abc' }), 'rejected');
    await expectKind(client.selectCustomers({ limit: 5_000 }), 'rejected');
  });
});

describe('recordConsent', () => {
  test('a recorded consent is what getConsents then reports', async () => {
    const id = personas.noConsent.customerId;
    const result = await client.recordConsent(command(id, { decidedAt: '2025-11-03T10:15:00.000Z' }));
    expect(result).toEqual({ consentId: expect.any(String), duplicate: false });
    expect(await client.getConsents(id)).toEqual([{ purpose: 'advertising', channel: 'phone', granted: true, recordedAt: '2025-11-03T10:15:00.000Z' }]);
    expect(await writesOf(id)).toEqual([expect.objectContaining({ consentId: result.consentId, channel: 'phone', granted: true })]);
  });

  test('the same key again answers duplicate with the same consent, and there is exactly one write', async () => {
    const id = personas.cardUpgrade.customerId;
    const write = command(id, { channel: 'email', granted: false });
    const first = await client.recordConsent(write);
    const second = await client.recordConsent(write);
    const third = await client.recordConsent({ ...write });
    expect(first.duplicate).toBe(false);
    expect(second).toEqual({ consentId: first.consentId, duplicate: true });
    expect(third).toEqual({ consentId: first.consentId, duplicate: true });
    expect(await writesOf(id)).toHaveLength(1);
  });

  test('the same key with another decision is rejected and changes nothing', async () => {
    const id = personas.otherState.customerId;
    const write = command(id, { channel: 'phone', granted: false, decidedAt: new Date().toISOString() });
    await client.recordConsent(write);
    const consentsBefore = await client.getConsents(id);
    const error = await expectKind(client.recordConsent({ ...write, granted: true }), 'rejected');
    expect(error.message).toContain('422');
    await expectKind(client.recordConsent({ ...write, customerId: personas.declined.customerId }), 'rejected');
    expect(await client.getConsents(id)).toEqual(consentsBefore);
    expect(await writesOf(id)).toHaveLength(1);
    expect(await writesOf(personas.declined.customerId)).toEqual([]);
  });

  test('a withdrawal takes effect; a late retry of an older decision does not undo it', async () => {
    const id = personas.phoneConsent.customerId;
    await client.recordConsent(command(id, { granted: false, decidedAt: '2025-11-05T09:00:00.000Z' }));
    expect(await client.getConsents(id)).toContainEqual(expect.objectContaining({ channel: 'phone', granted: false }));
    await client.recordConsent(command(id, { granted: true, decidedAt: '2025-11-04T09:00:00.000Z' }));
    expect(await client.getConsents(id)).toContainEqual({ purpose: 'advertising', channel: 'phone', granted: false, recordedAt: '2025-11-05T09:00:00.000Z' });
  });

  test('a consent for an unknown customer is not-found', async () => {
    await expectKind(client.recordConsent(command('K-999999')), 'not-found');
  });

  test('a malformed decision or idempotency key is rejected', async () => {
    await expectKind(client.recordConsent(command(personas.emailOnly.customerId, { decidedAt: 'yesterday' })), 'rejected');
    await expectKind(client.recordConsent(command(personas.emailOnly.customerId, { idempotencyKey: 'Schlüssel mit Leerzeichen' })), 'rejected');
    expect(await writesOf(personas.emailOnly.customerId)).toEqual([]);
  });
});

describe('failures', () => {
  test('an injected 503 is unavailable, and only the injected number of calls fail', async () => {
    simulator.faults.failNext(2);
    await expectKind(client.getCustomer(personas.phoneConsent.customerId), 'unavailable');
    await expectKind(client.getConsents(personas.phoneConsent.customerId), 'unavailable');
    expect(await client.getCustomer(personas.phoneConsent.customerId)).toBeDefined();
  });

  test('error messages name the request without the customer number (they end up in logs)', async () => {
    simulator.faults.failNext(1, 422);
    const error = await client.getConsents(personas.phoneConsent.customerId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CoreBankingError);
    expect((error as Error).message).toBe('GET /customers/{customer}/consents: gateway answered 422 simulated-fault');
    expect((error as Error).message).not.toContain(personas.phoneConsent.customerId);
  });

  test('faults set over HTTP: 500 and 429 are unavailable, 400 is rejected; DELETE clears them', async () => {
    const setFaults = (body: object) =>
      fetch(`${simulator.url}/_sim/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await setFaults({ failNext: 1, status: 500 })).status).toBe(200);
    await expectKind(client.getProducts(personas.phoneConsent.customerId), 'unavailable');
    await setFaults({ failNext: 1, status: 429 });
    await expectKind(client.getProducts(personas.phoneConsent.customerId), 'unavailable');
    await setFaults({ failNext: 1, status: 400 });
    await expectKind(client.getProducts(personas.phoneConsent.customerId), 'rejected');
    expect((await setFaults({ failNext: -1 })).status).toBe(400);

    await setFaults({ failNext: 5 });
    const cleared = await fetch(`${simulator.url}/_sim/faults`, { method: 'DELETE' });
    expect(await cleared.json()).toEqual({ failNext: 0, status: 503, delayMs: 0 });
    expect(await client.getProducts(personas.phoneConsent.customerId)).not.toEqual([]);
  });

  test('a failed write wrote nothing; the retry with the same key writes once', async () => {
    const id = personas.unreachable.customerId;
    const write = command(id, { channel: 'letter' });
    simulator.faults.failNext(1);
    await expectKind(client.recordConsent(write), 'unavailable');
    expect(await writesOf(id)).toEqual([]);
    expect((await client.recordConsent(write)).duplicate).toBe(false);
    expect(await writesOf(id)).toHaveLength(1);
  });

  test('an answer slower than timeoutMs is a timeout', async () => {
    const impatient = new HttpCoreBanking({ baseUrl: simulator.url, timeoutMs: 100 });
    simulator.faults.delay(1500);
    const error = await expectKind(impatient.getCustomer(personas.phoneConsent.customerId), 'timeout');
    expect(error.message).toContain('100 ms');
  });

  test('a stopped gateway is unavailable', async () => {
    const stopped = await startCoreBankingSimulator({ size: 10 });
    const doomed = new HttpCoreBanking({ baseUrl: stopped.url, timeoutMs: 2000 });
    expect(await doomed.getCustomer('K-100001')).toBeDefined();
    await stopped.close();
    const error = await expectKind(doomed.getCustomer('K-100001'), 'unavailable');
    // The request is named, the customer is not: error messages reach logs.
    expect(error.message).toContain('GET /customers/{customer}');
    expect(error.message).not.toContain('K-100001');
  });

  test('a 404 that is not "customer not found" (wrong base path) is rejected, not an unknown customer', async () => {
    const misconfigured = new HttpCoreBanking({ baseUrl: `${simulator.url}/core/v1` });
    await expectKind(misconfigured.getCustomer(personas.phoneConsent.customerId), 'rejected');
    await expectKind(misconfigured.getConsents(personas.phoneConsent.customerId), 'rejected');
  });
});

describe('contract checks (fetch injected)', () => {
  const answering =
    (status: number, body: unknown): typeof fetch =>
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  test('products the port does not know are left out', async () => {
    const gateway = new HttpCoreBanking({
      baseUrl: 'http://gateway.invalid',
      fetch: answering(200, {
        customerId: 'K-1',
        products: [
          { product: 'current-account', since: '2020-01-02', balanceCents: 100 },
          { product: 'gold-bars', since: '2021-01-02' },
        ],
      }),
    });
    expect(await gateway.getProducts('K-1')).toEqual([{ product: 'current-account', since: '2020-01-02', balanceCents: 100 }]);
  });

  test('maturity dates pass through as sent; a holding without one has none', async () => {
    const gateway = new HttpCoreBanking({
      baseUrl: 'http://gateway.invalid',
      fetch: answering(200, {
        customerId: 'K-1',
        products: [
          { product: 'savings-plan', since: '2020-01-02', balanceCents: 100, maturesOn: '2027-03-31' },
          { product: 'consumer-loan', since: '2021-01-02', maturesOn: '2026-01-15' },
          { product: 'current-account', since: '2019-01-02' },
        ],
      }),
    });
    expect(await gateway.getProducts('K-1')).toEqual([
      { product: 'savings-plan', since: '2020-01-02', balanceCents: 100, maturesOn: '2027-03-31' },
      { product: 'consumer-loan', since: '2021-01-02', maturesOn: '2026-01-15' },
      { product: 'current-account', since: '2019-01-02' },
    ]);
    expect((await gateway.getProducts('K-1'))[2]).not.toHaveProperty('maturesOn');
    const broken = new HttpCoreBanking({
      baseUrl: 'http://gateway.invalid',
      fetch: answering(200, { customerId: 'K-1', products: [{ product: 'savings-plan', since: '2020-01-02', maturesOn: '31.03.2027' }] }),
    });
    await expectKind(broken.getProducts('K-1'), 'unavailable');
  });

  test('an answer that does not follow the API is unavailable', async () => {
    const broken = new HttpCoreBanking({ baseUrl: 'http://gateway.invalid', fetch: answering(200, '<html>maintenance</html>') });
    await expectKind(broken.getConsents('K-1'), 'unavailable');
    const incomplete = new HttpCoreBanking({ baseUrl: 'http://gateway.invalid', fetch: answering(200, { customerId: 'K-1', givenName: 'Erika' }) });
    await expectKind(incomplete.getCustomer('K-1'), 'unavailable');
  });

  test('error messages carry the gateway’s code but never its message or the request’s personal data', async () => {
    const gateway = new HttpCoreBanking({
      baseUrl: 'http://gateway.invalid',
      fetch: answering(500, { code: 'db-down', message: 'lookup of Erika Mustermann, Hauptstraße 1 failed' }),
    });
    const read = await expectKind(gateway.getCustomer('K-1'), 'unavailable');
    expect(read.message).toContain('db-down');
    expect(read.message).not.toMatch(/Erika|Mustermann|Hauptstraße/);
    const write = await expectKind(gateway.recordConsent(command('K-1', { evidenceId: 'evidence-of-Erika' })), 'unavailable');
    expect(write.message).not.toContain('Erika');
  });

  test('the base URL must be a URL and the timeout positive', () => {
    expect(() => new HttpCoreBanking({ baseUrl: 'not a url' })).toThrow();
    expect(() => new HttpCoreBanking({ baseUrl: 'http://gateway.invalid', timeoutMs: 0 })).toThrow(RangeError);
  });
});
