/**
 * The campaign criteria (issue 11, sections 1–2): every kind holds or fails with its German reason
 * and its path in the rule, all/any/not combine as documented, ages count in the bank's calendar,
 * the schema refuses bad rules with their path, and the rules read as German sentences.
 */
import fc from 'fast-check';
import { describeCriterion, evaluateCriterion, type CustomerFacts } from '../domain/campaign-criteria';
import { CriterionSchema, FEDERAL_STATES, MAX_CRITERION_DEPTH, PRODUCT_CODES, SEGMENTS, type Criterion } from '../domain/campaign-criteria.schema';

/** 30 June 2025, noon in Berlin (summer time, UTC+2). */
const AT = '2025-06-30T10:00:00.000Z';

/** A private customer of 45 in NW with a current account and a MasterCard Classic, phone consent only. */
function facts(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    at: AT,
    birthDate: '1980-05-01',
    segment: 'private',
    federalState: 'NW',
    branchId: 'F-01',
    products: [{ product: 'current-account', balanceCents: 250_000 }, { product: 'mastercard-classic' }],
    lastContactByTopic: {},
    consents: { phone: true, email: false },
    interests: [],
    ...overrides,
  };
}

const holds = (criterion: Criterion, customer: CustomerFacts = facts()) => evaluateCriterion(criterion, customer).holds;
/** The reasons as `path: text`, which is what an auditor reads. */
const reasons = (criterion: Criterion, customer: CustomerFacts = facts()) =>
  evaluateCriterion(criterion, customer).reasons.map((reason) => `${reason.path}|${reason.kind}|${reason.text}`);

/** The seed's credit-card upgrade ("Pilotierungsbeispiel Up-Selling Kreditkarte"). */
const CARD_UPGRADE: Criterion = {
  kind: 'all',
  rules: [
    { kind: 'owns', products: ['mastercard-classic'] },
    { kind: 'not', rule: { kind: 'owns', products: ['mastercard-gold'] } },
    { kind: 'age', min: 18 },
  ],
};

describe('each kind holds, or fails with its reason', () => {
  test('segment', () => {
    expect(holds({ kind: 'segment', in: ['private', 'private-premium'] })).toBe(true);
    expect(reasons({ kind: 'segment', in: ['private-premium', 'wealth'] }, facts({ segment: 'youth' }))).toEqual([
      '|segment|Segment Jugend (gefordert: Privatkunde Premium oder Vermögenskunde)',
    ]);
  });

  test('age: at least, at most, a range', () => {
    expect(holds({ kind: 'age', min: 18 })).toBe(true);
    expect(holds({ kind: 'age', min: 18, max: 45 })).toBe(true);
    expect(reasons({ kind: 'age', min: 18 }, facts({ birthDate: '2008-01-15' }))).toEqual(['|age|Alter 17 liegt unter 18']);
    expect(reasons({ kind: 'age', max: 44 })).toEqual(['|age|Alter 45 liegt über 44']);
    expect(reasons({ kind: 'age', min: 50, max: 65 })).toEqual(['|age|Alter 45 liegt unter 50']);
  });

  test('federal state, by its German name', () => {
    expect(holds({ kind: 'federal-state', in: ['NW'] })).toBe(true);
    expect(reasons({ kind: 'federal-state', in: ['NW', 'HE'] }, facts({ federalState: 'NI' }))).toEqual([
      '|federal-state|Bundesland Niedersachsen (gefordert: Nordrhein-Westfalen oder Hessen)',
    ]);
  });

  test('branch', () => {
    expect(holds({ kind: 'branch', in: ['F-01', 'F-02'] })).toBe(true);
    expect(reasons({ kind: 'branch', in: ['F-02', 'F-03', 'F-04'] })).toEqual(['|branch|Filiale F-01 (gefordert: F-02, F-03 oder F-04)']);
  });

  test('owns: one of the products', () => {
    expect(holds({ kind: 'owns', products: ['mastercard-gold', 'mastercard-classic'] })).toBe(true);
    expect(reasons({ kind: 'owns', products: ['mastercard-gold'] })).toEqual(['|owns|besitzt Mastercard Gold nicht']);
    expect(reasons({ kind: 'owns', products: ['savings-plan', 'building-society-contract'] })).toEqual([
      '|owns|besitzt keines der Produkte Sparplan, Bausparvertrag',
    ]);
  });

  describe('balance-above: euros against the sum of cents', () => {
    const savings = (...cents: number[]) => facts({ products: cents.map((balanceCents) => ({ product: 'savings-account', balanceCents })) });

    test('strictly above: 5,000.00 € is not above 5,000, one cent more is', () => {
      expect(reasons({ kind: 'balance-above', euros: 5000, products: ['savings-account'] }, savings(500_000))).toEqual([
        '|balance-above|Saldo Sparkonto 5.000 € liegt nicht über 5.000 €',
      ]);
      expect(holds({ kind: 'balance-above', euros: 5000, products: ['savings-account'] }, savings(500_001))).toBe(true);
    });

    test('the named products are added up, also two holdings of one product', () => {
      const customer = facts({
        products: [
          { product: 'savings-account', balanceCents: 300_000 },
          { product: 'savings-account', balanceCents: 150_050 },
          { product: 'overnight-account', balanceCents: 100_000 },
          { product: 'current-account', balanceCents: 9_999_999 },
        ],
      });
      expect(holds({ kind: 'balance-above', euros: 5500, products: ['savings-account', 'overnight-account'] }, customer)).toBe(true);
      expect(reasons({ kind: 'balance-above', euros: 5500.5, products: ['savings-account', 'overnight-account'] }, customer)).toEqual([
        '|balance-above|Saldo Sparkonto und Tagesgeldkonto zusammen 5.500,50 € liegt nicht über 5.500,50 €',
      ]);
    });

    test('without named products: everything, debts negative', () => {
      const customer = facts({
        products: [
          { product: 'current-account', balanceCents: 1_200_000 },
          { product: 'consumer-loan', balanceCents: -1_000_000 },
          { product: 'mastercard-classic' },
        ],
      });
      expect(reasons({ kind: 'balance-above', euros: 2000 }, customer)).toEqual(['|balance-above|Gesamtsaldo aller Produkte 2.000 € liegt nicht über 2.000 €']);
      expect(holds({ kind: 'balance-above', euros: 1999.99 }, customer)).toBe(true);
    });

    test('cents are exact where euros in floating point are not (0.29 € is 29 cents)', () => {
      expect(holds({ kind: 'balance-above', euros: 0.29, products: ['savings-account'] }, savings(29))).toBe(false);
      expect(holds({ kind: 'balance-above', euros: 0.29, products: ['savings-account'] }, savings(30))).toBe(true);
    });

    test('a product not held counts 0, and the reason says so', () => {
      expect(reasons({ kind: 'balance-above', euros: 0, products: ['securities-account'] })).toEqual([
        '|balance-above|Saldo Depot 0 € liegt nicht über 0 € (kein solches Produkt)',
      ]);
    });
  });

  describe('maturity-within: from the day of `at` to that day + days, both included', () => {
    const maturing = (product: 'savings-plan' | 'consumer-loan', maturesOn: string) =>
      facts({ products: [{ product: 'current-account', balanceCents: 1 }, { product, maturesOn }] });

    test('today and the last day of the window count; the day after and yesterday do not', () => {
      const rule: Criterion = { kind: 'maturity-within', days: 30 };
      expect(holds(rule, maturing('savings-plan', '2025-06-30'))).toBe(true);
      expect(holds(rule, maturing('savings-plan', '2025-07-30'))).toBe(true);
      expect(reasons(rule, maturing('savings-plan', '2025-07-31'))).toEqual(['|maturity-within|kein Produkt wird bis 30.07.2025 fällig (gefordert: innerhalb von 30 Tagen)']);
      expect(holds(rule, maturing('savings-plan', '2025-06-29'))).toBe(false);
      expect(holds({ kind: 'maturity-within', days: 0 }, maturing('savings-plan', '2025-06-30'))).toBe(true);
    });

    test('only the named products count', () => {
      const rule: Criterion = { kind: 'maturity-within', days: 90, products: ['savings-plan', 'building-society-contract'] };
      expect(holds(rule, maturing('savings-plan', '2025-08-01'))).toBe(true);
      expect(reasons(rule, maturing('consumer-loan', '2025-08-01'))).toEqual([
        '|maturity-within|kein Produkt (Sparplan oder Bausparvertrag) wird bis 28.09.2025 fällig (gefordert: innerhalb von 90 Tagen)',
      ]);
    });

    test('"today" is the bank’s day: 22:30 UTC on 30 June is already 1 July in Berlin', () => {
      const customer = { ...maturing('savings-plan', '2025-06-30'), at: '2025-06-30T22:30:00.000Z' };
      expect(holds({ kind: 'maturity-within', days: 10 }, customer)).toBe(false);
    });
  });

  describe('last-contact-older-than', () => {
    const contacted = (when: string) => facts({ lastContactByTopic: { kreditkarte: when, girokonto: '2020-01-01T10:00:00.000Z' } });

    test('no contact on the topic: holds', () => {
      expect(holds({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 })).toBe(true);
      expect(holds({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 }, facts({ lastContactByTopic: { girokonto: AT } }))).toBe(true);
    });

    test('12 days ago, 90 required: fails with both numbers', () => {
      expect(reasons({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 }, contacted('2025-06-18T15:00:00.000Z'))).toEqual([
        '|last-contact-older-than|letzter Kontakt zum Thema kreditkarte vor 12 Tagen (gefordert: mehr als 90)',
      ]);
    });

    test('more than the days: exactly 90 days ago is not more than 90, 91 is', () => {
      expect(holds({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 }, contacted('2025-04-01T08:00:00.000Z'))).toBe(false);
      expect(holds({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 90 }, contacted('2025-03-31T08:00:00.000Z'))).toBe(true);
    });

    test('days are Berlin calendar days: 00:30 Berlin on 30 June is today', () => {
      expect(reasons({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 0 }, contacted('2025-06-29T22:30:00.000Z'))).toEqual([
        '|last-contact-older-than|letzter Kontakt zum Thema kreditkarte heute (gefordert: mehr als 0)',
      ]);
      expect(reasons({ kind: 'last-contact-older-than', topic: 'kreditkarte', days: 5 }, contacted('2025-06-29T21:30:00.000Z'))).toEqual([
        '|last-contact-older-than|letzter Kontakt zum Thema kreditkarte vor 1 Tag (gefordert: mehr als 5)',
      ]);
    });
  });

  test('consent', () => {
    expect(holds({ kind: 'consent', channel: 'phone' })).toBe(true);
    expect(reasons({ kind: 'consent', channel: 'email' })).toEqual(['|consent|keine Werbeeinwilligung für E-Mail']);
  });

  test('interest', () => {
    expect(holds({ kind: 'interest', in: ['immobilienkauf', 'kind-schule'] }, facts({ interests: ['kind-schule'] }))).toBe(true);
    expect(reasons({ kind: 'interest', in: ['immobilienkauf'] })).toEqual(['|interest|Interesse nicht erwähnt: „plant Immobilienkauf“']);
    expect(reasons({ kind: 'interest', in: ['immobilienkauf', 'kind-schule'] }, facts({ interests: ['altersvorsorge'] }))).toEqual([
      '|interest|keines der Interessen erwähnt: „plant Immobilienkauf“, „Kind kommt in die Schule“',
    ]);
  });
});

describe('all, any and not, with paths', () => {
  test('the seed’s upgrade rule holds for a card holder and names the Gold card of one who has it', () => {
    expect(evaluateCriterion(CARD_UPGRADE, facts())).toEqual({ holds: true, reasons: [] });
    const gold = facts({ products: [{ product: 'mastercard-classic' }, { product: 'mastercard-gold' }] });
    expect(reasons(CARD_UPGRADE, gold)).toEqual(['rules.1|not|hat bereits Mastercard Gold']);
  });

  test('all: every failing rule is a reason, not only the first', () => {
    const minorWithGold = facts({ birthDate: '2009-03-01', products: [{ product: 'mastercard-gold' }] });
    expect(reasons(CARD_UPGRADE, minorWithGold)).toEqual([
      'rules.0|owns|besitzt Mastercard Classic nicht',
      'rules.1|not|hat bereits Mastercard Gold',
      'rules.2|age|Alter 16 liegt unter 18',
    ]);
  });

  test('any: holds with one rule; fails with the reasons of all its rules, paths through the nesting', () => {
    const rule: Criterion = {
      kind: 'all',
      rules: [
        { kind: 'age', min: 18 },
        {
          kind: 'any',
          rules: [
            { kind: 'segment', in: ['wealth'] },
            { kind: 'all', rules: [{ kind: 'consent', channel: 'email' }, { kind: 'branch', in: ['F-01'] }] },
            { kind: 'not', rule: { kind: 'owns', products: ['mastercard-classic'] } },
          ],
        },
      ],
    };
    expect(reasons(rule)).toEqual([
      'rules.1.rules.0|segment|Segment Privatkunde (gefordert: Vermögenskunde)',
      'rules.1.rules.1.rules.0|consent|keine Werbeeinwilligung für E-Mail',
      'rules.1.rules.2|not|hat bereits Mastercard Classic',
    ]);
    expect(holds(rule, facts({ consents: { phone: false, email: true } }))).toBe(true);
  });

  test('not: one reason at its own path, saying what held inside', () => {
    const rule: Criterion = { kind: 'not', rule: { kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'segment', in: ['private'] }] } };
    expect(reasons(rule)).toEqual(['|not|Alter 45 liegt im Bereich ab 18 und Segment ist Privatkunde']);
    const either: Criterion = { kind: 'not', rule: { kind: 'any', rules: [{ kind: 'branch', in: ['F-09'] }, { kind: 'federal-state', in: ['NW'] }] } };
    expect(reasons(either)).toEqual(['|not|wohnt in Nordrhein-Westfalen']);
    expect(reasons({ kind: 'all', rules: [{ kind: 'not', rule: { kind: 'not', rule: { kind: 'owns', products: ['mastercard-gold'] } } }] })).toEqual([
      'rules.0|not|besitzt Mastercard Gold nicht',
    ]);
  });

  test('not: what held reads with the customer’s value for each kind', () => {
    const negated = (rule: Criterion, customer = facts()) => reasons({ kind: 'not', rule }, customer)[0];
    expect(negated({ kind: 'age', min: 40, max: 50 })).toBe('|not|Alter 45 liegt im Bereich 40 bis 50');
    expect(negated({ kind: 'branch', in: ['F-01'] })).toBe('|not|gehört zur Filiale F-01');
    expect(negated({ kind: 'balance-above', euros: 1000, products: ['current-account'] })).toBe('|not|Saldo Girokonto 2.500 € liegt über 1.000 €');
    expect(negated({ kind: 'maturity-within', days: 30 }, facts({ products: [{ product: 'consumer-loan', maturesOn: '2025-07-04' }] }))).toBe(
      '|not|Privatkredit wird am 04.07.2025 fällig',
    );
    expect(negated({ kind: 'last-contact-older-than', topic: 'sparen', days: 30 })).toBe('|not|noch kein Kontakt zum Thema sparen');
    expect(negated({ kind: 'consent', channel: 'phone' })).toBe('|not|Werbeeinwilligung für Telefon liegt vor');
    expect(negated({ kind: 'interest', in: ['immobilienkauf'] }, facts({ interests: ['immobilienkauf'] }))).toBe('|not|Interesse erwähnt: „plant Immobilienkauf“');
  });
});

describe('age in the bank’s calendar', () => {
  const adult: Criterion = { kind: 'age', min: 18 };

  test('18 on the birthday in Berlin, 17 the moment before', () => {
    const born = facts({ birthDate: '2007-07-01' });
    // 23:59:59 on 30 June in Berlin, although UTC already shows 30 June 21:59.
    expect(reasons(adult, { ...born, at: '2025-06-30T21:59:59.000Z' })).toEqual(['|age|Alter 17 liegt unter 18']);
    // Midnight in Berlin: UTC still shows 30 June.
    expect(holds(adult, { ...born, at: '2025-06-30T22:00:00.000Z' })).toBe(true);
    expect(reasons(adult, { ...born, at: '2025-06-30T12:00:00.000Z' })).toEqual(['|age|Alter 17 liegt unter 18']);
  });

  test('born on 29 February: a year older on 1 March in common years, on 29 February in leap years', () => {
    const leapling = facts({ birthDate: '2008-02-29' });
    expect(reasons(adult, { ...leapling, at: '2026-02-28T12:00:00.000Z' })).toEqual(['|age|Alter 17 liegt unter 18']);
    expect(holds(adult, { ...leapling, at: '2026-03-01T12:00:00.000Z' })).toBe(true);
    expect(reasons({ kind: 'age', min: 20 }, { ...leapling, at: '2028-02-28T12:00:00.000Z' })).toEqual(['|age|Alter 19 liegt unter 20']);
    expect(holds({ kind: 'age', min: 20 }, { ...leapling, at: '2028-02-29T12:00:00.000Z' })).toBe(true);
  });

  test('broken facts are refused, not judged', () => {
    expect(() => evaluateCriterion(adult, facts({ at: 'yesterday' }))).toThrow(/facts\.at/);
    expect(() => evaluateCriterion(adult, facts({ birthDate: '2007-02-30' }))).toThrow(/facts\.birthDate/);
    expect(() => evaluateCriterion({ kind: 'maturity-within', days: 5 }, facts({ products: [{ product: 'savings-plan', maturesOn: '31.12.2025' }] }))).toThrow(
      /maturesOn of savings-plan/,
    );
  });
});

describe('the schema refuses bad rules with their path', () => {
  const issues = (input: unknown) => {
    const result = CriterionSchema.safeParse(input);
    expect(result.success).toBe(false);
    return result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
  };

  test('an age range the wrong way round, an age without bounds', () => {
    expect(issues({ kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'age', min: 30, max: 20 }] })).toEqual(['rules.1.min: must not be above max']);
    expect(issues({ kind: 'any', rules: [{ kind: 'segment', in: ['private'] }, { kind: 'age' }] })).toEqual(['rules.1.min: needs min, max or both']);
  });

  test('unknown kinds, products and keys; empty lists', () => {
    expect(issues({ kind: 'all', rules: [{ kind: 'shoe-size', min: 42 }] })[0]).toMatch(/^rules\.0\.kind: /);
    expect(issues({ kind: 'not', rule: { kind: 'owns', products: ['gold-bars'] } })[0]).toMatch(/^rule\.products\.0: /);
    expect(issues({ kind: 'all', rules: [{ kind: 'consent', channel: 'phone', granted: true }] })[0]).toMatch(/^rules\.0: .*granted/);
    expect(issues({ kind: 'any', rules: [] })[0]).toMatch(/^rules: /);
  });

  test('amounts in whole cents, days and topics', () => {
    expect(issues({ kind: 'all', rules: [{ kind: 'age', min: 18 }, { kind: 'age', max: 80 }, { kind: 'balance-above', euros: 10.005 }] })).toEqual([
      'rules.2.euros: at most two decimal places (whole cents)',
    ]);
    expect(CriterionSchema.safeParse({ kind: 'balance-above', euros: 1234567.89 }).success).toBe(true);
    expect(issues({ kind: 'last-contact-older-than', topic: 'Kreditkarte', days: -1 }).map((issue) => issue.split(':')[0])).toEqual(['topic', 'days']);
  });

  test(`rules nest at most ${MAX_CRITERION_DEPTH} deep, and a very deep one is refused, not a stack overflow`, () => {
    const nested = (levels: number): unknown => {
      let rule: unknown = { kind: 'age', min: 18 };
      for (let level = 1; level < levels; level++) rule = { kind: 'not', rule };
      return rule;
    };
    expect(CriterionSchema.safeParse(nested(MAX_CRITERION_DEPTH)).success).toBe(true);
    expect(issues(nested(MAX_CRITERION_DEPTH + 1))).toEqual([`${Array(MAX_CRITERION_DEPTH).fill('rule').join('.')}: rules nest deeper than ${MAX_CRITERION_DEPTH} levels`]);
    expect(issues({ kind: 'all', rules: [{ kind: 'age', min: 1 }, nested(10_000)] })[0]).toMatch(/^rules\.1\.rule\.rule.*deeper than/);
  });
});

describe('describeCriterion', () => {
  test('the seed’s credit-card upgrade rule', () => {
    expect(describeCriterion(CARD_UPGRADE)).toBe('alle der folgenden: besitzt Mastercard Classic; besitzt nicht Mastercard Gold; Alter ab 18');
  });

  test('every kind, negations, and nested lists in parentheses', () => {
    const rule: Criterion = {
      kind: 'all',
      rules: [
        { kind: 'segment', in: ['private', 'private-premium'] },
        { kind: 'not', rule: { kind: 'segment', in: ['business'] } },
        { kind: 'age', min: 18, max: 65 },
        { kind: 'federal-state', in: ['NW', 'NI'] },
        { kind: 'branch', in: ['F-01'] },
        {
          kind: 'any',
          rules: [
            { kind: 'balance-above', euros: 5000, products: ['current-account'] },
            { kind: 'balance-above', euros: 25000.5 },
            { kind: 'maturity-within', days: 60, products: ['savings-plan', 'building-society-contract'] },
          ],
        },
        { kind: 'last-contact-older-than', topic: 'sparen', days: 90 },
        { kind: 'consent', channel: 'phone' },
        { kind: 'not', rule: { kind: 'owns', products: ['savings-plan', 'building-society-contract'] } },
        { kind: 'not', rule: { kind: 'any', rules: [{ kind: 'interest', in: ['immobilienkauf'] }, { kind: 'age', max: 25 }] } },
      ],
    };
    expect(describeCriterion(rule)).toBe(
      'alle der folgenden: Segment Privatkunde oder Privatkunde Premium; Segment nicht Geschäftskunde; Alter 18 bis 65; ' +
        'Bundesland Nordrhein-Westfalen oder Niedersachsen; Filiale F-01; ' +
        '(mindestens eine der folgenden: Saldo Girokonto über 5.000 €; Gesamtsaldo aller Produkte über 25.000,50 €; Sparplan oder Bausparvertrag wird innerhalb von 60 Tagen fällig); ' +
        'letzter Kontakt zum Thema sparen mehr als 90 Tage her (oder noch keiner); Werbeeinwilligung für Telefon liegt vor; ' +
        'besitzt keines der Produkte Sparplan, Bausparvertrag; keine der folgenden: Interesse erwähnt: „plant Immobilienkauf“; Alter bis 25',
    );
    expect(describeCriterion({ kind: 'not', rule: { kind: 'age', max: 17 } })).toBe('nicht (Alter bis 17)');
    expect(describeCriterion({ kind: 'maturity-within', days: 0 })).toBe('ein Produkt wird heute fällig');
  });
});

describe('properties over random rules and facts', () => {
  const products = fc.uniqueArray(fc.constantFrom(...PRODUCT_CODES), { minLength: 1, maxLength: 3 });
  const topics = fc.constantFrom('kreditkarte', 'sparen', 'girokonto');
  const leaf: fc.Arbitrary<Criterion> = fc.oneof(
    fc.record({ kind: fc.constant('segment' as const), in: fc.uniqueArray(fc.constantFrom(...SEGMENTS), { minLength: 1, maxLength: 3 }) }),
    fc
      .tuple(fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }), fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }))
      .filter(([min, max]) => (min !== undefined || max !== undefined) && (min === undefined || max === undefined || min <= max))
      .map(([min, max]) => ({ kind: 'age' as const, ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) })),
    fc.record({ kind: fc.constant('federal-state' as const), in: fc.uniqueArray(fc.constantFrom(...FEDERAL_STATES), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('branch' as const), in: fc.uniqueArray(fc.constantFrom('F-01', 'F-02', 'F-03'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ kind: fc.constant('owns' as const), products }),
    fc.record({ kind: fc.constant('balance-above' as const), euros: fc.integer({ min: 0, max: 5_000_000 }).map((cents) => cents / 100), products }, { requiredKeys: ['kind', 'euros'] }),
    fc.record({ kind: fc.constant('maturity-within' as const), days: fc.integer({ min: 0, max: 400 }), products }, { requiredKeys: ['kind', 'days'] }),
    fc.record({ kind: fc.constant('last-contact-older-than' as const), topic: topics, days: fc.integer({ min: 0, max: 400 }) }),
    fc.record({ kind: fc.constant('consent' as const), channel: fc.constantFrom('phone' as const, 'email' as const) }),
    fc.record({ kind: fc.constant('interest' as const), in: fc.uniqueArray(fc.constantFrom('immobilienkauf', 'kind-schule'), { minLength: 1, maxLength: 2 }) }),
  );
  const { rule } = fc.letrec<{ rule: Criterion }>((tie) => ({
    rule: fc.oneof(
      // Deep enough for nesting of every kind, and within what the schema allows.
      { depthSize: 'small', maxDepth: MAX_CRITERION_DEPTH - 5, withCrossShrink: true },
      leaf,
      fc.record({ kind: fc.constant('all' as const), rules: fc.array(tie('rule'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('any' as const), rules: fc.array(tie('rule'), { minLength: 1, maxLength: 4 }) }),
      fc.record({ kind: fc.constant('not' as const), rule: tie('rule') }),
    ),
  }));
  const day = fc.integer({ min: 0, max: 3 * 365 }).map((offset) => new Date(Date.UTC(2024, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10));
  const customer: fc.Arbitrary<CustomerFacts> = fc.record({
    at: fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString()),
    birthDate: fc.integer({ min: 0, max: 90 * 365 }).map((offset) => new Date(Date.UTC(1936, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10)),
    segment: fc.constantFrom(...SEGMENTS),
    federalState: fc.constantFrom(...FEDERAL_STATES),
    branchId: fc.constantFrom('F-01', 'F-02', 'F-03'),
    products: fc.array(
      fc.record(
        { product: fc.constantFrom(...PRODUCT_CODES), balanceCents: fc.integer({ min: -5_000_000, max: 5_000_000 }), maturesOn: day },
        { requiredKeys: ['product'] },
      ),
      { maxLength: 5 },
    ),
    lastContactByTopic: fc.dictionary(topics, fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 11, 31) }).map((ms) => new Date(ms).toISOString())),
    consents: fc.record({ phone: fc.boolean(), email: fc.boolean() }),
    interests: fc.uniqueArray(fc.constantFrom('immobilienkauf', 'kind-schule', 'altersvorsorge'), { maxLength: 2 }),
  });

  /** The node at a reason's path. */
  const nodeAt = (root: Criterion, path: string): Criterion =>
    path === '' ? root : (path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], root) as Criterion);

  test('a rule holds exactly when there is no reason; each reason points at a criterion of its kind', () => {
    fc.assert(
      fc.property(rule, customer, (criterion, person) => {
        expect(CriterionSchema.safeParse(criterion).success).toBe(true);
        const verdict = evaluateCriterion(criterion, person);
        expect(verdict.holds).toBe(verdict.reasons.length === 0);
        for (const reason of verdict.reasons) {
          expect(nodeAt(criterion, reason.path).kind).toBe(reason.kind);
          expect(reason.text.length).toBeGreaterThan(0);
        }
        expect(evaluateCriterion({ kind: 'not', rule: criterion }, person).holds).toBe(!verdict.holds);
        expect(describeCriterion(criterion).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  test('any is the negation of all of the negations (De Morgan), reasons aside', () => {
    fc.assert(
      fc.property(fc.array(rule, { minLength: 1, maxLength: 4 }), customer, (rules, person) => {
        const any = evaluateCriterion({ kind: 'any', rules }, person).holds;
        const noneFails = evaluateCriterion({ kind: 'all', rules: rules.map((r): Criterion => ({ kind: 'not', rule: r })) }, person).holds;
        expect(any).toBe(!noneFails);
      }),
      { numRuns: 300 },
    );
  });
});
