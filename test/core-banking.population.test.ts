/**
 * The simulator's synthetic population: deterministic for a seed, large enough, and a plausible
 * savings-bank customer book, with the named personas the docs and other suites rely on.
 */
import { createHash } from 'node:crypto';
import type { ConsentChannel, CustomerSegment, ProductCode } from '../adapters/core-banking/core-banking.port';
import {
  DEFAULT_PERSONAS,
  ageOn,
  customerIdAt,
  findCustomer,
  findPersonas,
  generatePopulation,
  type Population,
  type SimulatedCustomer,
} from '../adapters/core-banking/simulator/population';

const AS_OF = '2025-06-30';
let population: Population;

beforeAll(() => {
  population = generatePopulation({ seed: 42, asOf: AS_OF });
});

const share = (predicate: (customer: SimulatedCustomer) => boolean) => population.customers.filter(predicate).length / population.customers.length;
const consent = (customer: SimulatedCustomer, channel: ConsentChannel) => customer.consents.find((c) => c.channel === channel);
const age = (customer: SimulatedCustomer) => ageOn(customer.profile.birthDate, AS_OF);
/** Ids of the customers for which `broken` holds: one assertion per rule instead of one per customer keeps the suite fast. */
const violations = (broken: (customer: SimulatedCustomer) => boolean) => population.customers.filter(broken).map((c) => c.profile.customerId);

describe('determinism', () => {
  test('the same seed and day give the same customers, field for field', () => {
    const again = generatePopulation({ seed: 42, asOf: AS_OF });
    expect(JSON.stringify(again)).toBe(JSON.stringify(population));
  });

  test('another seed gives other customers', () => {
    const other = generatePopulation({ seed: 43, size: 200, asOf: AS_OF });
    const same = other.customers.filter((customer, i) => JSON.stringify(customer) === JSON.stringify(population.customers[i]));
    expect(same).toHaveLength(0);
    expect(other.customers.map((c) => c.profile.familyName)).not.toEqual(population.customers.slice(0, 200).map((c) => c.profile.familyName));
  });

  test('a smaller population is the first part of a larger one', () => {
    const small = generatePopulation({ seed: 42, size: 300, asOf: AS_OF });
    expect(small.customers).toEqual(population.customers.slice(0, 300));
    expect(small.branches).toEqual(population.branches);
  });

  test('another day moves birth dates with it but keeps every age and everything else', () => {
    const later = generatePopulation({ seed: 42, size: 300, asOf: '2031-01-15' });
    const changed = later.customers.filter((customer, i) => {
      const before = population.customers[i] as SimulatedCustomer;
      return (
        ageOn(customer.profile.birthDate, '2031-01-15') !== age(before) ||
        JSON.stringify({ ...customer.profile, birthDate: '' }) !== JSON.stringify({ ...before.profile, birthDate: '' }) ||
        JSON.stringify(customer.products.map((p) => p.product)) !== JSON.stringify(before.products.map((p) => p.product))
      );
    });
    expect(changed).toEqual([]);
    expect(later.customers[0]?.profile.birthDate).not.toBe(population.customers[0]?.profile.birthDate);
  });

  test('rejects a size or day it cannot use', () => {
    expect(() => generatePopulation({ seed: 1, size: -1 })).toThrow(RangeError);
    expect(() => generatePopulation({ seed: 1, size: 10, asOf: '30.06.2025' })).toThrow(/asOf/);
  });
});

describe('size and identity', () => {
  test('holds at least 10,000 customers numbered K-100000 upwards without gaps', () => {
    expect(population.customers.length).toBeGreaterThanOrEqual(10_000);
    expect(population.customers.filter((customer, i) => customer.profile.customerId !== customerIdAt(i))).toEqual([]);
    expect(customerIdAt(0)).toBe('K-100000');
  });

  test('finds a customer by number, and nobody for numbers it does not have', () => {
    expect(findCustomer(population, 'K-100003')?.profile.customerId).toBe('K-100003');
    expect(findCustomer(population, customerIdAt(population.customers.length))).toBeUndefined();
    expect(findCustomer(population, 'K-99999')).toBeUndefined();
    expect(findCustomer(population, 'k-100003')).toBeUndefined();
    expect(findCustomer(population, '../K-100003')).toBeUndefined();
  });
});

describe('a plausible customer book', () => {
  test('ages run from 16 to 95, with a few minors, and exactly the minors are youth', () => {
    const ages = population.customers.map(age);
    expect(Math.min(...ages)).toBe(16);
    expect(Math.max(...ages)).toBeLessThanOrEqual(95);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(90);
    const minors = share((c) => age(c) < 18);
    expect(minors).toBeGreaterThan(0.01);
    expect(minors).toBeLessThan(0.06);
    expect(violations((c) => (c.profile.segment === 'youth') !== age(c) < 18)).toEqual([]);
  });

  test('every segment is present, private customers are the majority', () => {
    const segments: CustomerSegment[] = ['youth', 'private', 'private-premium', 'wealth', 'business'];
    for (const segment of segments) expect(share((c) => c.profile.segment === segment)).toBeGreaterThan(0.01);
    expect(share((c) => c.profile.segment === 'private')).toBeGreaterThan(0.5);
    expect(share((c) => c.profile.segment === 'wealth')).toBeLessThan(0.1);
  });

  test('75 branches F-01 to F-75; advisor and deputy are two people of the customer’s branch', () => {
    expect(population.branches.map((b) => b.branchId)).toEqual(Array.from({ length: 75 }, (_, i) => `F-${String(i + 1).padStart(2, '0')}`));
    for (const branch of population.branches) expect(branch.advisors.length).toBeGreaterThanOrEqual(3);
    const advisors = new Map(population.branches.map((b) => [b.branchId, b.advisors.map((a) => JSON.stringify(a))]));
    const inBranch = (c: SimulatedCustomer, advisor: object) => advisors.get(c.profile.branchId)?.includes(JSON.stringify(advisor)) === true;
    expect(violations((c) => !inBranch(c, c.profile.advisor) || !inBranch(c, c.profile.deputy))).toEqual([]);
    expect(violations((c) => c.profile.deputy.advisorId === c.profile.advisor.advisorId)).toEqual([]);
  });

  test('most customers live in North Rhine-Westphalia, some in other federal states', () => {
    const nw = share((c) => c.profile.federalState === 'NW');
    expect(nw).toBeGreaterThan(0.75);
    expect(nw).toBeLessThan(0.95);
    const others = new Set(population.customers.map((c) => c.profile.federalState).filter((s) => s !== 'NW'));
    expect(others.size).toBeGreaterThanOrEqual(3);
    for (const state of others) expect(state).toMatch(/^[A-Z]{2}$/);
  });

  test('contact data: most have phone and email, some neither; phone numbers are E.164 and unique; mail goes to reserved domains', () => {
    expect(share((c) => !c.profile.contact.phone)).toBeGreaterThan(0.05);
    expect(share((c) => !c.profile.contact.phone)).toBeLessThan(0.2);
    expect(share((c) => !c.profile.contact.email)).toBeGreaterThan(0.1);
    expect(share((c) => !c.profile.contact.email)).toBeLessThan(0.4);
    expect(share((c) => !c.profile.contact.phone && !c.profile.contact.email)).toBeGreaterThan(0);
    const phones = population.customers.flatMap((c) => (c.profile.contact.phone ? [c.profile.contact.phone] : []));
    expect(phones.filter((phone) => !/^\+49[1-9]\d{9,11}$/.test(phone))).toEqual([]);
    expect(new Set(phones).size).toBe(phones.length);
    expect(violations((c) => c.profile.contact.email !== undefined && !/^[a-z0-9.]+@example\.(com|net|org)$/.test(c.profile.contact.email))).toEqual([]);
    expect(violations((c) => !/, \d{5} \S/.test(c.profile.contact.postalAddress ?? ''))).toEqual([]);
  });

  test('products: a current account for most, every product somewhere, no cards or credit for minors, dates in the past', () => {
    expect(share((c) => c.products.some((p) => p.product === 'current-account'))).toBeGreaterThan(0.85);
    const all: ProductCode[] = [
      'current-account', 'mastercard-classic', 'mastercard-gold', 'overnight-account', 'savings-account', 'savings-plan',
      'building-society-contract', 'household-insurance', 'overdraft', 'consumer-loan', 'mortgage', 'securities-account',
    ];
    for (const product of all) expect(share((c) => c.products.some((p) => p.product === product))).toBeGreaterThan(0.005);
    const credit: ProductCode[] = ['mastercard-classic', 'mastercard-gold', 'overdraft', 'consumer-loan', 'mortgage'];
    expect(violations((c) => age(c) < 18 && c.products.some((p) => credit.includes(p.product)))).toEqual([]);
    expect(violations((c) => c.products.filter((p) => p.product.startsWith('mastercard')).length > 1)).toEqual([]);
    expect(violations((c) => c.products.some((p) => !(p.since < AS_OF)))).toEqual([]);
    expect(violations((c) => c.products.some((p) => p.balanceCents !== undefined && !Number.isInteger(p.balanceCents)))).toEqual([]);
  });

  test('consents: phone and email granted, declined or never asked in broad shares; minors never asked; decided in the past', () => {
    const adults = population.customers.filter((c) => age(c) >= 18);
    const ofAdults = (predicate: (c: SimulatedCustomer) => boolean) => adults.filter(predicate).length / adults.length;
    expect(ofAdults((c) => consent(c, 'phone')?.granted === true)).toBeGreaterThan(0.2);
    expect(ofAdults((c) => consent(c, 'phone')?.granted === true)).toBeLessThan(0.5);
    expect(ofAdults((c) => consent(c, 'phone')?.granted === false)).toBeGreaterThan(0.05);
    expect(ofAdults((c) => consent(c, 'phone') === undefined)).toBeGreaterThan(0.3);
    expect(ofAdults((c) => consent(c, 'email')?.granted === true)).toBeGreaterThan(0.15);
    expect(ofAdults((c) => consent(c, 'email')?.granted === false)).toBeGreaterThan(0.03);
    expect(ofAdults((c) => c.consents.length === 0)).toBeGreaterThan(0.1);
    expect(violations((c) => age(c) < 18 && c.consents.length > 0)).toEqual([]);
    expect(violations((c) => !c.profile.contact.phone && consent(c, 'phone') !== undefined)).toEqual([]);
    expect(violations((c) => !c.profile.contact.email && consent(c, 'email') !== undefined)).toEqual([]);
    expect(violations((c) => new Set(c.consents.map((s) => s.channel)).size !== c.consents.length)).toEqual([]);
    expect(violations((c) => c.consents.some((s) => s.purpose !== 'advertising' || !(s.recordedAt < `${AS_OF}T00:00:00.000Z`)))).toEqual([]);
  });
});

describe('personas', () => {
  test('the default seed has the documented personas, each a different customer', () => {
    const personas = findPersonas(population);
    expect(Object.fromEntries(Object.entries(personas).map(([name, persona]) => [name, persona.customerId]))).toEqual(DEFAULT_PERSONAS);
    const ids = Object.values(DEFAULT_PERSONAS);
    expect(new Set(ids).size).toBe(ids.length);
    for (const persona of Object.values(personas)) expect(persona.description.length).toBeGreaterThan(10);
  });

  test('each persona has what its name promises', () => {
    const get = (id: string) => findCustomer(population, id) as SimulatedCustomer;
    const phoneConsent = get(DEFAULT_PERSONAS.phoneConsent);
    expect(consent(phoneConsent, 'phone')?.granted).toBe(true);
    expect(phoneConsent.products.some((p) => p.product.startsWith('mastercard'))).toBe(false);
    expect(get(DEFAULT_PERSONAS.noConsent).consents).toEqual([]);
    expect(get(DEFAULT_PERSONAS.noConsent).profile.contact.phone).toBeDefined();
    expect(consent(get(DEFAULT_PERSONAS.declined), 'phone')?.granted).toBe(false);
    expect(age(get(DEFAULT_PERSONAS.minor))).toBeLessThan(18);
    expect(get(DEFAULT_PERSONAS.minor).profile.segment).toBe('youth');
    expect(consent(get(DEFAULT_PERSONAS.emailOnly), 'email')?.granted).toBe(true);
    expect(consent(get(DEFAULT_PERSONAS.emailOnly), 'phone')?.granted).not.toBe(true);
    expect(get(DEFAULT_PERSONAS.unreachable).profile.contact).toEqual({ postalAddress: expect.any(String) });
    expect(get(DEFAULT_PERSONAS.cardUpgrade).products.map((p) => p.product)).toContain('mastercard-classic');
    expect(get(DEFAULT_PERSONAS.otherState).profile.federalState).not.toBe('NW');
  });

  test('personas stay the same customers on any day, and the minor is a minor today too', () => {
    const today = generatePopulation({ seed: 42, size: 200 });
    expect(findPersonas(today).minor.customerId).toBe(DEFAULT_PERSONAS.minor);
    expect(ageOn((findCustomer(today, DEFAULT_PERSONAS.minor) as SimulatedCustomer).profile.birthDate, today.asOf)).toBeLessThan(18);
    expect(findPersonas(generatePopulation({ seed: 42, size: 200, asOf: '2040-02-29' }))).toEqual(findPersonas(population));
  });

  test('a population too small for every persona says which are missing', () => {
    expect(() => findPersonas(generatePopulation({ seed: 42, size: 3, asOf: AS_OF }))).toThrow(/no persona .*minor/);
  });
});

describe('maturities', () => {
  const MATURING: ProductCode[] = ['savings-plan', 'building-society-contract', 'consumer-loan'];
  const holdings = () => population.customers.flatMap((c) => c.products);
  const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

  test('some savings plans, building-society contracts and consumer loans mature, after the reference day, some within 90 days', () => {
    const dated = holdings().filter((p) => p.maturesOn !== undefined);
    expect(dated.filter((p) => !MATURING.includes(p.product))).toEqual([]);
    for (const product of MATURING) {
      const all = holdings().filter((p) => p.product === product);
      const maturing = all.filter((p) => p.maturesOn !== undefined).length / all.length;
      expect(maturing).toBeGreaterThan(0.3);
      if (product !== 'consumer-loan') expect(maturing).toBeLessThan(0.9);
    }
    expect(dated.filter((p) => !/^\d{4}-\d{2}-\d{2}$/.test(p.maturesOn as string) || !((p.maturesOn as string) > AS_OF))).toEqual([]);
    const soon = dated.filter((p) => (p.maturesOn as string) <= '2025-09-28').length / dated.length;
    expect(soon).toBeGreaterThan(0.1);
    expect(soon).toBeLessThan(0.35);
  });

  test('who holds what is unchanged by maturities: the same products, dates and balances as before they existed', () => {
    // Pinned from the population as it was before maturity dates were added (seed 42, 2025-06-30).
    // Maturities come from a separate random stream; if these change, a draw of the main stream
    // moved, and with it customers that other suites and the README name.
    const withoutMaturity = population.customers.map((c) => c.products.map(({ product, since, balanceCents }) => ({ product, since, balanceCents })));
    expect(sha256(withoutMaturity)).toBe('b7e27faca972b7577d2b75f6455e744ed62830c92e9429f03a1f378c51bce979');
    expect(sha256(population.customers.map((c) => ({ profile: c.profile, consents: c.consents })))).toBe(
      '4cb95aea3670e0e08ddcf66160dc8e70af2c47ddae22d5359c3bd325dfc98c7e',
    );
    const productsOf = (id: string) => (findCustomer(population, id) as SimulatedCustomer).products;
    expect(productsOf('K-100000')).toEqual([
      { product: 'current-account', since: '2016-07-04', balanceCents: 9940665 },
      { product: 'mastercard-gold', since: '2020-02-25' },
      { product: 'mortgage', since: '2021-06-01', balanceCents: -4428800 },
    ]);
    expect(productsOf('K-100003')).toEqual([
      { product: 'current-account', since: '2011-10-28', balanceCents: 68514 },
      { product: 'building-society-contract', since: '2019-03-02', balanceCents: 123937, maturesOn: '2028-12-03' },
      { product: 'savings-plan', since: '2019-06-21', balanceCents: 14248, maturesOn: '2030-05-29' },
    ]);
    expect(productsOf('K-100018')).toEqual([
      { product: 'current-account', since: '2024-01-10', balanceCents: 68972 },
      { product: 'savings-account', since: '2024-10-23', balanceCents: 207011 },
    ]);
    expect(productsOf('K-100027')).toEqual([
      { product: 'current-account', since: '2000-12-25', balanceCents: 176787 },
      { product: 'overdraft', since: '2007-12-23' },
      { product: 'mastercard-classic', since: '2007-06-25' },
      { product: 'securities-account', since: '2005-11-10', balanceCents: 409652 },
    ]);
    expect(productsOf('K-100132')).toEqual([
      { product: 'current-account', since: '1986-01-19', balanceCents: 842195 },
      { product: 'mastercard-gold', since: '2011-07-02' },
    ]);
  });

  test('a later reference day keeps each maturity’s distance from it', () => {
    const later = generatePopulation({ seed: 42, size: 300, asOf: '2031-01-15' });
    const distance = (maturesOn: string | undefined, asOf: string) =>
      maturesOn === undefined ? undefined : (Date.parse(maturesOn) - Date.parse(asOf)) / 86_400_000;
    const moved = later.customers.filter((customer, i) => {
      const before = population.customers[i] as SimulatedCustomer;
      return JSON.stringify(customer.products.map((p) => distance(p.maturesOn, '2031-01-15'))) !== JSON.stringify(before.products.map((p) => distance(p.maturesOn, AS_OF)));
    });
    expect(moved).toEqual([]);
  });
});
