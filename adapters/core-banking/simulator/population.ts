/**
 * The synthetic customer population the core-banking simulator serves: deterministic for a seed,
 * realistic enough that eligibility rules, contact policy and campaigns meet the cases they meet
 * in a savings bank (minors, customers without phone, declined consents, premium customers with
 * a card to upgrade, customers living in other federal states).
 *
 * Every customer is fictitious. Phone numbers look German but are drawn at random; mail addresses
 * use the reserved example domains.
 */
import type {
  AdvisorRef,
  ConsentChannel,
  ConsentStatus,
  CustomerProfile,
  CustomerSegment,
  ProductCode,
  ProductHolding,
} from '../core-banking.port';
import {
  AREA_CODES,
  BANK_MAIL_DOMAIN,
  BRANCH_SITES,
  FAMILY_NAMES,
  GIVEN_NAMES,
  MAIL_DOMAINS,
  MOBILE_PREFIXES,
  STREETS,
  TOWNS_ELSEWHERE,
  TOWNS_NW,
  mailLocalPart,
  type Town,
} from './german-data';
import { createRng, mixSeed, type Rng } from './prng';

/** Customer numbers start here: customer `i` (from 0) is `K-${100000 + i}`. */
export const FIRST_CUSTOMER_NUMBER = 100_000;

/** A branch (Filiale) with its advisors; each advisor's deputy is the next advisor of the branch. */
export interface Branch {
  branchId: string;
  name: string;
  advisors: readonly AdvisorRef[];
}

/** Everything core banking holds about one customer. */
export interface SimulatedCustomer {
  profile: CustomerProfile;
  products: ProductHolding[];
  /** Advertising consents per channel as recorded before the simulation starts; absent = never asked. */
  consents: ConsentStatus[];
}

export interface Population {
  seed: number;
  /** The day the population is "as of" (YYYY-MM-DD): ages, product dates and consent dates count back from it. */
  asOf: string;
  branches: readonly Branch[];
  customers: readonly SimulatedCustomer[];
}

export interface PopulationOptions {
  seed: number;
  /** Number of customers; 10,000 unless given. */
  size?: number;
  /**
   * Reference day (YYYY-MM-DD); today (UTC) unless given. Who is a minor and which customer is which
   * persona depend on the seed only: the ages are drawn, and birth dates count back from this day,
   * so a 16-year-old stays 16 whenever the simulator starts. Pass it to pin every date.
   */
  asOf?: string;
}

const DAY_MS = 86_400_000;

/** The customer number of the customer at `index`. */
export function customerIdAt(index: number): string {
  return `K-${FIRST_CUSTOMER_NUMBER + index}`;
}

/** The customer with this number, or undefined; constant time, because the number is the index. */
export function findCustomer(population: Population, customerId: string): SimulatedCustomer | undefined {
  const match = /^K-(\d{6,9})$/.exec(customerId);
  if (!match) return undefined;
  return population.customers[Number(match[1]) - FIRST_CUSTOMER_NUMBER];
}

/** Full years between `birthDate` and `on` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, on: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * Generates the population. Same seed, size and `asOf` → the same customers, field for field.
 * Each customer has its own random stream (seeded from the seed and its index), so a smaller
 * population is a prefix of a larger one and the personas do not move when the size changes.
 */
export function generatePopulation({ seed, size = 10_000, asOf = todayUtc() }: PopulationOptions): Population {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`size must be a non-negative integer, got ${size}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(Date.parse(asOf))) throw new RangeError(`asOf must be YYYY-MM-DD, got ${asOf}`);
  const branches = generateBranches(createRng(mixSeed(seed, 0x6272)));
  const customers: SimulatedCustomer[] = [];
  for (let index = 0; index < size; index++) {
    // Maturity dates come from a stream of their own: added after the rest of the population
    // existed, they must not shift a single draw of the customer's main stream (and with it who
    // holds what, the personas and every suite that names a customer).
    const customer = generateCustomer(createRng(mixSeed(seed, index, 0x6b)), index, branches, asOf);
    customer.products = drawMaturities(createRng(mixSeed(seed, index, MATURITY_STREAM)), customer.products, asOf);
    customers.push(customer);
  }
  return { seed, asOf, branches, customers };
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

function generateBranches(rng: Rng): Branch[] {
  return BRANCH_SITES.map((site, b) => {
    const branchId = `F-${String(b + 1).padStart(2, '0')}`;
    const count = rng.int(3, 5);
    const advisors: AdvisorRef[] = [];
    for (let a = 0; a < count; a++) {
      const female = rng.chance(0.5);
      const era = rng.chance(0.5) ? GIVEN_NAMES.from1960 : GIVEN_NAMES.from1990;
      const givenName = rng.pick(female ? era.female : era.male);
      const familyName = rng.pick(FAMILY_NAMES);
      advisors.push({
        advisorId: `B-${String(b + 1).padStart(2, '0')}${String(a + 1).padStart(2, '0')}`,
        name: `${givenName} ${familyName}`,
        email: `${mailLocalPart(givenName)}.${mailLocalPart(familyName)}@${BANK_MAIL_DOMAIN}`,
      });
    }
    return { branchId, name: site.name, advisors };
  });
}

function generateCustomer(rng: Rng, index: number, branches: readonly Branch[], asOf: string): SimulatedCustomer {
  const customerId = customerIdAt(index);
  const age = drawAge(rng);
  const birthDate = addDays(yearsBefore(asOf, age), -rng.int(0, 364));
  const segment = drawSegment(rng, age);
  const female = rng.chance(0.51);
  // The name's era follows the drawn age, not the birth year, so names do not change with `asOf`.
  const era = age >= 65 ? GIVEN_NAMES.before1960 : age >= 36 ? GIVEN_NAMES.from1960 : GIVEN_NAMES.from1990;
  const givenName = rng.pick(female ? era.female : era.male);
  const familyName = rng.pick(FAMILY_NAMES);

  const branchIndex = rng.int(0, branches.length - 1);
  const branch = branches[branchIndex] as Branch;
  const advisorIndex = rng.int(0, branch.advisors.length - 1);
  const advisor = branch.advisors[advisorIndex] as AdvisorRef;
  const deputy = branch.advisors[(advisorIndex + 1) % branch.advisors.length] as AdvisorRef;

  const { federalState, town } = drawResidence(rng, (BRANCH_SITES[branchIndex] as { town: Town }).town);
  const contact: CustomerProfile['contact'] = {
    postalAddress: `${rng.pick(STREETS)} ${rng.int(1, 140)}, ${town.postcode} ${town.city}`,
  };
  if (rng.chance(phoneShare(age))) contact.phone = drawPhone(rng, age, index);
  if (rng.chance(emailShare(age))) {
    contact.email = `${mailLocalPart(givenName)}.${mailLocalPart(familyName)}${index % 1000}@${rng.pick(MAIL_DOMAINS)}`;
  }

  // A customer since some day after turning 14 (youth accounts), at most 40 years back.
  const customerDays = Math.max(60, Math.min(age - 14, 40) * 365);
  const customerSince = addDays(asOf, -rng.int(30, customerDays));

  const profile: CustomerProfile = {
    customerId,
    givenName,
    familyName,
    birthDate,
    segment,
    federalState,
    branchId: branch.branchId,
    advisor,
    deputy,
    contact,
  };
  return {
    profile,
    products: drawProducts(rng, age, segment, customerSince, asOf),
    consents: drawConsents(rng, age, contact, customerSince, asOf),
  };
}

/** 3 % minors (16, 17); adults weighted by age band roughly like a regional savings bank's book. */
function drawAge(rng: Rng): number {
  const band = rng.weighted({ minor: 3, young: 16, early: 23, middle: 27, senior: 20, old: 11 });
  switch (band) {
    case 'minor':
      return rng.int(16, 17);
    case 'young':
      return rng.int(18, 29);
    case 'early':
      return rng.int(30, 44);
    case 'middle':
      return rng.int(45, 59);
    case 'senior':
      return rng.int(60, 74);
    case 'old':
      return rng.int(75, 95);
  }
}

function drawSegment(rng: Rng, age: number): CustomerSegment {
  if (age < 18) return 'youth';
  if (age < 25) return rng.weighted({ private: 90, 'private-premium': 8, business: 2 });
  if (age < 40) return rng.weighted({ private: 70, 'private-premium': 18, wealth: 1, business: 11 });
  if (age < 65) return rng.weighted({ private: 60, 'private-premium': 22, wealth: 6, business: 12 });
  return rng.weighted({ private: 66, 'private-premium': 24, wealth: 8, business: 2 });
}

/** Mostly North Rhine-Westphalia near the branch; some across the state borders or moved away. */
function drawResidence(rng: Rng, branchTown: Town): { federalState: string; town: Town } {
  const where = rng.weighted({ branchTown: 72, elsewhereNw: 16, otherState: 12 });
  if (where === 'branchTown') return { federalState: 'NW', town: branchTown };
  if (where === 'elsewhereNw') return { federalState: 'NW', town: rng.pick(TOWNS_NW) };
  const federalState = rng.weighted({ NI: 40, HE: 30, BY: 7, BE: 7, HH: 6, BW: 6, SN: 4 });
  return { federalState, town: rng.pick(TOWNS_ELSEWHERE[federalState] ?? TOWNS_NW) };
}

function phoneShare(age: number): number {
  return age < 30 ? 0.93 : age < 75 ? 0.88 : 0.8;
}

function emailShare(age: number): number {
  return age < 30 ? 0.92 : age < 60 ? 0.85 : age < 75 ? 0.6 : 0.3;
}

/**
 * E.164. Younger customers mostly give a mobile number, older ones a landline. The last digits
 * come from the customer index, so no two customers share a number (inbound calls identify
 * customers by it).
 */
function drawPhone(rng: Rng, age: number, index: number): string {
  const suffix = String(index).padStart(5, '0');
  if (rng.chance(age < 50 ? 0.8 : 0.35)) return `+49${rng.pick(MOBILE_PREFIXES)}${rng.int(10, 99)}${suffix}`;
  return `+49${rng.pick(AREA_CODES)}${rng.int(1, 9)}${suffix}`;
}

type Segmented = Readonly<Record<CustomerSegment, number>>;

/** Chance per segment of holding a product. */
const HOLDING_SHARES: Readonly<Partial<Record<ProductCode, Segmented>>> = {
  'overnight-account': { youth: 0.05, private: 0.18, 'private-premium': 0.35, wealth: 0.5, business: 0.2 },
  'savings-plan': { youth: 0.25, private: 0.2, 'private-premium': 0.3, wealth: 0.25, business: 0.05 },
  'household-insurance': { youth: 0, private: 0.14, 'private-premium': 0.22, wealth: 0.2, business: 0.05 },
  'securities-account': { youth: 0.03, private: 0.12, 'private-premium': 0.35, wealth: 0.85, business: 0.15 },
};

/** Typical balances in euro: [low, high] before a random spread. */
const BALANCE_EURO: Readonly<Record<CustomerSegment, readonly [number, number]>> = {
  youth: [0, 1_500],
  private: [200, 8_000],
  'private-premium': [2_000, 30_000],
  wealth: [20_000, 250_000],
  business: [5_000, 120_000],
};

function drawProducts(rng: Rng, age: number, segment: CustomerSegment, customerSince: string, asOf: string): ProductHolding[] {
  const products: ProductHolding[] = [];
  const sinceSpan = Math.max(1, daysBetween(customerSince, asOf) - 1);
  const since = () => addDays(customerSince, rng.int(0, sinceSpan));
  const balance = (factor = 1) => {
    const [low, high] = BALANCE_EURO[segment];
    return Math.round(rng.int(low, high) * factor * 100) + rng.int(0, 99);
  };
  const minor = age < 18;
  const add = (product: ProductCode, balanceCents?: number, opened = since()) =>
    products.push(balanceCents === undefined ? { product, since: opened } : { product, since: opened, balanceCents });

  const hasCurrent = segment === 'business' || rng.chance(minor ? 0.85 : 0.93);
  if (hasCurrent) {
    const overdraft = !minor && rng.chance(0.35);
    // With an overdraft facility a current account is sometimes in the red.
    const current = overdraft && rng.chance(0.3) ? -rng.int(50, 3_000) * 100 : balance(0.5);
    add('current-account', current, customerSince);
    if (overdraft) add('overdraft');
    if (!minor) {
      const gold = { youth: 0, private: 0.04, 'private-premium': 0.35, wealth: 0.6, business: 0.25 }[segment];
      const classic = { youth: 0, private: 0.28, 'private-premium': 0.3, wealth: 0.15, business: 0.3 }[segment];
      if (rng.chance(gold)) add('mastercard-gold');
      else if (rng.chance(classic)) add('mastercard-classic');
    }
  }
  if (rng.chance(minor ? 0.6 : age >= 65 ? 0.6 : 0.35)) add('savings-account', balance(1.5));
  if (rng.chance(age < 46 ? 0.22 : 0.12)) add('building-society-contract', balance(0.8));
  for (const [product, shares] of Object.entries(HOLDING_SHARES) as Array<[ProductCode, Segmented]>) {
    if (!rng.chance(shares[segment])) continue;
    add(product, product === 'overnight-account' || product === 'securities-account' ? balance(2) : product === 'savings-plan' ? balance(0.3) : undefined);
  }
  if (!minor && age <= 70 && rng.chance(segment === 'private' ? 0.1 : 0.06)) add('consumer-loan', -rng.int(2_000, 40_000) * 100);
  if (age >= 28 && age <= 70) {
    const mortgage = { youth: 0, private: 0.09, 'private-premium': 0.2, wealth: 0.15, business: 0.1 }[segment];
    if (rng.chance(mortgage)) add('mortgage', -rng.int(40_000, 450_000) * 100);
  }
  return products;
}

/** Tags the per-customer stream of maturity dates (ASCII "mat"). */
const MATURITY_STREAM = 0x6d6174;

/**
 * Chance that a holding has a fixed end date core banking reports. Consumer loans always end;
 * many savings plans run for a fixed term; a building-society contract reports the day it is
 * expected to be allocated once its savings target is in sight.
 */
const MATURITY_SHARES: Readonly<Partial<Record<ProductCode, number>>> = {
  'savings-plan': 0.7,
  'building-society-contract': 0.5,
  'consumer-loan': 1,
};

/**
 * Gives some savings plans, building-society contracts and consumer loans a maturity date after
 * `asOf`: about a fifth within the next 90 days (so that `maturity-within` campaigns and
 * maturity events find customers), the rest up to eight years ahead. Counted from `asOf` like
 * every other date, so a later reference day keeps each customer's distance to maturity.
 */
function drawMaturities(rng: Rng, products: ProductHolding[], asOf: string): ProductHolding[] {
  return products.map((holding) => {
    const share = MATURITY_SHARES[holding.product];
    if (share === undefined || !rng.chance(share)) return holding;
    const days = rng.chance(0.2) ? rng.int(1, 90) : rng.int(91, 8 * 365);
    return { ...holding, maturesOn: addDays(asOf, days) };
  });
}

/**
 * Advertising consents: phone and email asked of many adults (granted, declined, or never asked),
 * messenger granted by a few younger ones. Minors are never asked: advertising to them is not
 * allowed anyway. A channel without a contact detail was never asked.
 */
function drawConsents(rng: Rng, age: number, contact: CustomerProfile['contact'], customerSince: string, asOf: string): ConsentStatus[] {
  if (age < 18) return [];
  const consents: ConsentStatus[] = [];
  const record = (channel: ConsentChannel, granted: boolean) => {
    // Decided on a working-hours moment between becoming a customer and yesterday.
    const day = addDays(customerSince, rng.int(0, Math.max(0, daysBetween(customerSince, asOf) - 1)));
    const at = Date.parse(`${day}T00:00:00Z`) + rng.int(7 * 3600, 17 * 3600) * 1000;
    consents.push({ purpose: 'advertising', channel, granted, recordedAt: new Date(at).toISOString() });
  };
  if (contact.phone) {
    const phone = rng.weighted({ granted: 38, declined: 14, never: 48 });
    if (phone !== 'never') record('phone', phone === 'granted');
  }
  if (contact.email) {
    const email = rng.weighted({ granted: 32, declined: 10, never: 58 });
    if (email !== 'never') record('email', email === 'granted');
  }
  if (contact.phone && age < 50 && rng.chance(0.05)) record('messenger', true);
  return consents;
}

function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  // 29 February in a year without one becomes 28 February, never 1 March (that would be a day younger).
  const day = Math.min(d, new Date(Date.UTC(y - years, m, 0)).getUTCDate());
  return new Date(Date.UTC(y - years, m - 1, day)).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The seed the simulator uses unless told otherwise; {@link DEFAULT_PERSONAS} are its personas. */
export const DEFAULT_SEED = 42;

/** Named customers for docs, demos and tests; see {@link findPersonas}. */
export type PersonaName =
  | 'phoneConsent'
  | 'noConsent'
  | 'declined'
  | 'minor'
  | 'emailOnly'
  | 'unreachable'
  | 'cardUpgrade'
  | 'otherState';

export interface Persona {
  customerId: string;
  /** What makes this customer the persona. */
  description: string;
}

/**
 * The personas of the default seed (42), for docs and demos against the simulator:
 *
 * | persona | customer | |
 * | --- | --- | --- |
 * | phoneConsent | K-100003 | private adult, phone consent granted, current account, no credit card |
 * | noConsent | K-100000 | adult with phone, never asked for consent |
 * | declined | K-100002 | declined phone advertising |
 * | minor | K-100018 | under 18, youth segment |
 * | emailOnly | K-100010 | email consent, no phone consent |
 * | unreachable | K-100011 | neither phone nor email |
 * | cardUpgrade | K-100027 | MasterCard Classic, phone consent granted |
 * | otherState | K-100009 | lives outside NW, phone consent granted |
 *
 * `test/core-banking.population.test.ts` checks that {@link findPersonas} still finds exactly these.
 */
export const DEFAULT_PERSONAS: Readonly<Record<PersonaName, string>> = {
  phoneConsent: 'K-100003',
  noConsent: 'K-100000',
  declined: 'K-100002',
  minor: 'K-100018',
  emailOnly: 'K-100010',
  unreachable: 'K-100011',
  cardUpgrade: 'K-100027',
  otherState: 'K-100009',
};

interface PersonaRule {
  description: string;
  matches(customer: SimulatedCustomer, asOf: string): boolean;
}

const consentOf = (customer: SimulatedCustomer, channel: ConsentChannel) => customer.consents.find((c) => c.channel === channel);
const holds = (customer: SimulatedCustomer, product: ProductCode) => customer.products.some((p) => p.product === product);
const adult = (customer: SimulatedCustomer, asOf: string) => ageOn(customer.profile.birthDate, asOf) >= 18;

const PERSONA_RULES: Readonly<Record<PersonaName, PersonaRule>> = {
  phoneConsent: {
    description: 'private adult in NW with phone and email, phone advertising consent granted, current account, no credit card (a credit-card offer may be made by phone)',
    matches: (c, asOf) =>
      adult(c, asOf) &&
      c.profile.segment === 'private' &&
      c.profile.federalState === 'NW' &&
      !!c.profile.contact.phone &&
      !!c.profile.contact.email &&
      consentOf(c, 'phone')?.granted === true &&
      holds(c, 'current-account') &&
      !holds(c, 'mastercard-classic') &&
      !holds(c, 'mastercard-gold'),
  },
  noConsent: {
    description: 'adult with a phone number who was never asked for any advertising consent (the agent should ask)',
    matches: (c, asOf) => adult(c, asOf) && !!c.profile.contact.phone && c.consents.length === 0,
  },
  declined: {
    description: 'adult with a phone number who declined phone advertising (no offer by phone)',
    matches: (c, asOf) => adult(c, asOf) && !!c.profile.contact.phone && consentOf(c, 'phone')?.granted === false,
  },
  minor: {
    description: 'a minor (youth segment): never a target of advertising',
    matches: (c, asOf) => !adult(c, asOf) && !!c.profile.contact.phone,
  },
  emailOnly: {
    description: 'adult with email advertising consent but no phone consent (care call falls back to email)',
    matches: (c, asOf) => adult(c, asOf) && consentOf(c, 'email')?.granted === true && consentOf(c, 'phone')?.granted !== true,
  },
  unreachable: {
    description: 'adult with neither phone number nor email address (letters only)',
    matches: (c, asOf) => adult(c, asOf) && !c.profile.contact.phone && !c.profile.contact.email,
  },
  cardUpgrade: {
    description: 'holds a MasterCard Classic and granted phone consent (pilot process 10: upgrade to Gold)',
    matches: (c, asOf) => adult(c, asOf) && holds(c, 'mastercard-classic') && consentOf(c, 'phone')?.granted === true,
  },
  otherState: {
    description: 'lives outside North Rhine-Westphalia, phone consent granted (other public holidays)',
    matches: (c, asOf) => adult(c, asOf) && c.profile.federalState !== 'NW' && consentOf(c, 'phone')?.granted === true,
  },
};

/**
 * The first customer (by number) who fits each persona; no customer is two personas. Depends on the seed only, not on the
 * size (beyond having enough customers) nor on `asOf`. Throws when a population is too small to
 * hold one of them.
 */
export function findPersonas(population: Population): Record<PersonaName, Persona> {
  const found: Partial<Record<PersonaName, Persona>> = {};
  const names = Object.keys(PERSONA_RULES) as PersonaName[];
  for (const customer of population.customers) {
    // One persona per customer, so a test that changes one persona's consents leaves the others alone.
    const name = names.find((candidate) => !found[candidate] && PERSONA_RULES[candidate].matches(customer, population.asOf));
    if (name) found[name] = { customerId: customer.profile.customerId, description: PERSONA_RULES[name].description };
    if (names.every((candidate) => found[candidate])) {
      return Object.fromEntries(names.map((candidate) => [candidate, found[candidate]])) as Record<PersonaName, Persona>;
    }
  }
  const missing = names.filter((name) => !found[name]);
  throw new Error(`population of ${population.customers.length} customers has no persona ${missing.join(', ')}`);
}
