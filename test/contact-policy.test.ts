import fc from 'fast-check';
import type {
  BlockFact,
  CallingHours,
  ConsentFact,
  ContactCap,
  ContactChannel,
  ContactFact,
  ContactPolicyInput,
  ContactPurpose,
  ContactRequest,
  PolicyDecision,
  PolicyReasonCode,
} from '../domain/contact-policy';
import { adulthoodBegins, ContactPolicyInputError, DEFAULT_CALLING_HOURS, decideContact } from '../domain/contact-policy';
import type { FederalState } from '../domain/german-holidays';
import { FEDERAL_STATES, isPublicHoliday } from '../domain/german-holidays';

const DAY = 86_400_000;

/** Tuesday 2026-03-10, 10:00 in Berlin (CET): a working day inside calling hours. */
const NOW = new Date('2026-03-10T09:00:00Z');
const at = (iso: string): Date => new Date(iso);
const daysFromNow = (days: number): Date => new Date(NOW.getTime() + days * DAY);

const granted = (channel: ContactChannel, recordedAt = at('2025-01-01T10:00:00Z')): ConsentFact => ({ channel, granted: true, recordedAt });
const refused = (channel: ContactChannel, recordedAt = at('2025-01-01T10:00:00Z')): ConsentFact => ({ channel, granted: false, recordedAt });
const advertised = (when: Date, campaignId?: string): ContactFact => ({
  at: when,
  purpose: 'advertising',
  channel: 'phone',
  topic: 'kreditkarte',
  ...(campaignId === undefined ? {} : { campaignId }),
});

type Overrides = Partial<Omit<ContactPolicyInput, 'contact' | 'customer'>> & {
  contact?: Partial<ContactRequest>;
  customer?: Partial<ContactPolicyInput['customer']>;
};

/** An adult NW customer with every consent, no blocks or history; a bank-initiated advertising call about credit cards. */
function input(overrides: Overrides = {}): ContactPolicyInput {
  const { contact, customer, ...rest } = overrides;
  return {
    customer: { birthDate: '1980-05-17', federalState: 'NW', ...customer },
    consents: [granted('phone'), granted('email'), granted('messenger')],
    blocks: [],
    history: [],
    contact: { purpose: 'advertising', channel: 'phone', topic: 'kreditkarte', initiatedBy: 'bank', campaignId: 'cc-2026', ...contact },
    caps: [],
    callingHours: DEFAULT_CALLING_HOURS,
    now: NOW,
    ...rest,
  };
}

const codes = (decision: PolicyDecision): PolicyReasonCode[] => decision.reasons.map((reason) => reason.code);
const earliest = (decision: PolicyDecision): string | undefined => decision.earliestAllowedAt?.toISOString();

describe('an allowed contact', () => {
  it('carries a single `allowed` reason with a sentence and no earliest time', () => {
    const decision = decideContact(input());
    expect(decision.allowed).toBe(true);
    expect(codes(decision)).toEqual(['allowed']);
    expect(decision.reasons[0]?.message).toMatch(/^[A-Z].+\.$/);
    expect(decision.earliestAllowedAt).toBeUndefined();
  });
});

describe('rule: service contacts initiated by the customer', () => {
  const everythingAgainst = {
    customer: { birthDate: '2015-01-01', federalState: 'NW' },
    consents: [refused('phone'), refused('email'), refused('messenger')],
    blocks: [{ topic: 'all', endsAt: daysFromNow(365) }],
    history: [advertised(daysFromNow(-1))],
    caps: [{ maxContacts: 0, periodDays: 30 }],
    now: at('2026-06-04T19:30:00Z'), // Fronleichnam in NW, 21:30
  };

  it.each<ContactChannel>(['phone', 'email', 'letter', 'messenger'])('are always allowed on %s, whatever else holds', (channel) => {
    const decision = decideContact(input({ ...everythingAgainst, contact: { purpose: 'service', channel, initiatedBy: 'customer' } }));
    expect(decision).toEqual({ allowed: true, reasons: [expect.objectContaining({ code: 'customer-initiated-service' })] });
  });

  it('do not extend to advertising or care the customer initiated', () => {
    for (const purpose of ['advertising', 'care'] as const) {
      const decision = decideContact(input({ ...everythingAgainst, contact: { purpose, channel: 'email', initiatedBy: 'customer' } }));
      expect(decision.allowed).toBe(false);
      expect(codes(decision)).toContain('blocked');
    }
  });
});

describe('rule: advertising consent per channel', () => {
  it.each<[string, Partial<ContactRequest>, ConsentFact[], PolicyReasonCode[]]>([
    ['phone advertising without any consent', {}, [], ['no-phone-consent']],
    ['phone advertising with only email consent', {}, [granted('email')], ['no-phone-consent']],
    ['email advertising with only phone consent', { channel: 'email' }, [granted('phone')], ['no-email-consent']],
    ['messenger advertising with phone and email consent', { channel: 'messenger' }, [granted('phone'), granted('email')], ['no-messenger-consent']],
    ['messenger advertising with messenger consent', { channel: 'messenger' }, [granted('messenger')], ['allowed']],
    ['a letter, which needs no consent', { channel: 'letter' }, [], ['allowed']],
    ['phone advertising the customer started (still needs consent)', { initiatedBy: 'customer' }, [], ['no-phone-consent']],
    ['a bank service call, which needs no consent', { purpose: 'service' }, [], ['allowed']],
    ['a bank care call, which needs no advertising consent', { purpose: 'care' }, [], ['allowed']],
    [
      'a grant later withdrawn',
      {},
      [granted('phone', at('2025-01-01T10:00:00Z')), refused('phone', at('2026-02-01T10:00:00Z'))],
      ['no-phone-consent'],
    ],
    [
      'a refusal later turned into a grant (facts in any order)',
      {},
      [granted('phone', at('2026-02-01T10:00:00Z')), refused('phone', at('2025-01-01T10:00:00Z'))],
      ['allowed'],
    ],
    [
      'a grant and a refusal recorded at the same instant',
      {},
      [granted('phone', at('2026-02-01T10:00:00Z')), refused('phone', at('2026-02-01T10:00:00Z'))],
      ['no-phone-consent'],
    ],
  ])('%s → %j', (_label, contact, consents, expected) => {
    const decision = decideContact(input({ contact, consents }));
    expect(codes(decision)).toEqual(expected);
    expect(decision.allowed).toBe(expected[0] === 'allowed');
    // Missing consent never clears by waiting.
    expect(decision.earliestAllowedAt).toBeUndefined();
  });

  it('tells the agent whether consent is missing or was refused', () => {
    const missing = decideContact(input({ consents: [] }));
    const withdrawn = decideContact(input({ consents: [refused('phone', at('2026-02-02T09:00:00Z'))] }));
    expect(missing.reasons[0]?.message).toBe('The customer has not given consent to advertising by phone, so no offer may be made by phone.');
    expect(withdrawn.reasons[0]?.message).toContain('refused or withdrew consent to advertising by phone (recorded Monday 2026-02-02, 10:00');
  });
});

describe('rule: re-contact blocks', () => {
  const blockEnd = at('2026-04-01T10:00:00Z'); // Wednesday 12:00 CEST, inside calling hours

  it.each<[string, BlockFact[], Partial<ContactRequest>, PolicyReasonCode[], string | undefined]>([
    ['a block on the topic', [{ topic: 'kreditkarte', endsAt: blockEnd }], {}, ['blocked'], '2026-04-01T10:00:00.000Z'],
    ['a block on all topics', [{ topic: 'all', endsAt: blockEnd }], {}, ['blocked'], '2026-04-01T10:00:00.000Z'],
    ['a block on another topic', [{ topic: 'baufinanzierung', endsAt: blockEnd }], {}, ['allowed'], undefined],
    ['a block that ended exactly now', [{ topic: 'kreditkarte', endsAt: NOW }], {}, ['allowed'], undefined],
    ['a block ending one millisecond from now', [{ topic: 'all', endsAt: new Date(NOW.getTime() + 1) }], {}, ['blocked'], '2026-03-10T09:00:00.001Z'],
    [
      'a block ending Saturday 21:00: the call waits for Monday 08:00',
      [{ topic: 'kreditkarte', endsAt: at('2026-03-14T20:00:00Z') }],
      {},
      ['blocked'],
      '2026-03-16T07:00:00.000Z',
    ],
    [
      'the same block for an email: exactly at its end',
      [{ topic: 'kreditkarte', endsAt: at('2026-03-14T20:00:00Z') }],
      { channel: 'email' },
      ['blocked'],
      '2026-03-14T20:00:00.000Z',
    ],
    [
      'two blocks: the later end counts',
      [
        { topic: 'kreditkarte', endsAt: at('2026-05-05T10:00:00Z') },
        { topic: 'all', endsAt: blockEnd },
      ],
      {},
      ['blocked'],
      '2026-05-05T10:00:00.000Z',
    ],
    ['a bank service call on a blocked topic', [{ topic: 'kreditkarte', endsAt: blockEnd }], { purpose: 'service' }, ['blocked'], '2026-04-01T10:00:00.000Z'],
    ['a care call during a global block', [{ topic: 'all', endsAt: blockEnd }], { purpose: 'care' }, ['blocked'], '2026-04-01T10:00:00.000Z'],
    [
      'an offer during a customer-initiated email',
      [{ topic: 'kreditkarte', endsAt: blockEnd }],
      { initiatedBy: 'customer', channel: 'email' },
      ['blocked'],
      '2026-04-01T10:00:00.000Z',
    ],
  ])('%s → %j, earliest %s', (_label, blocks, contact, expected, expectedEarliest) => {
    const decision = decideContact(input({ blocks, contact }));
    expect(codes(decision)).toEqual(expected);
    expect(earliest(decision)).toBe(expectedEarliest);
  });

  it('names the topic and the local end of the block', () => {
    const topic = decideContact(input({ blocks: [{ topic: 'kreditkarte', endsAt: blockEnd }] }));
    expect(topic.reasons[0]).toEqual({
      code: 'blocked',
      message: 'Re-contact block: the customer must not be approached about "kreditkarte" until Wednesday 2026-04-01, 12:00 (Europe/Berlin).',
      clearsAt: blockEnd,
    });
    const all = decideContact(input({ blocks: [{ topic: 'all', endsAt: blockEnd }] }));
    expect(all.reasons[0]?.message).toContain('on any topic');
  });
});

describe('rule: contact caps', () => {
  const thirtyDays: ContactCap = { maxContacts: 3, periodDays: 30 };

  it.each<[string, ContactCap[], ContactFact[], Partial<ContactRequest>, PolicyReasonCode[], string | undefined]>([
    [
      'three advertising contacts in 30 days at a cap of 3: wait until the oldest drops out',
      [thirtyDays],
      [advertised(daysFromNow(-20)), advertised(daysFromNow(-10)), advertised(daysFromNow(-1))],
      {},
      ['contact-cap-reached'],
      '2026-03-20T09:00:00.000Z',
    ],
    ['two contacts under a cap of 3', [thirtyDays], [advertised(daysFromNow(-20)), advertised(daysFromNow(-1))], {}, ['allowed'], undefined],
    [
      'a contact exactly 30 days ago has left the window',
      [thirtyDays],
      [advertised(daysFromNow(-30)), advertised(daysFromNow(-10)), advertised(daysFromNow(-1))],
      {},
      ['allowed'],
      undefined,
    ],
    [
      'service contacts do not count',
      [thirtyDays],
      [advertised(daysFromNow(-20)), advertised(daysFromNow(-10)), { ...advertised(daysFromNow(-1)), purpose: 'service' }],
      {},
      ['allowed'],
      undefined,
    ],
    [
      'a cap of 2 with three contacts: the second-oldest must drop out',
      [{ maxContacts: 2, periodDays: 30 }],
      [advertised(daysFromNow(-25)), advertised(daysFromNow(-20)), advertised(daysFromNow(-5))],
      {},
      ['contact-cap-reached'],
      '2026-03-20T09:00:00.000Z',
    ],
    [
      'a campaign cap counts only its own campaign',
      [{ maxContacts: 1, periodDays: 90, campaignId: 'cc-2026' }],
      [advertised(daysFromNow(-5), 'bs-2026')],
      {},
      ['allowed'],
      undefined,
    ],
    [
      'a campaign cap reached by its own campaign',
      [{ maxContacts: 1, periodDays: 90, campaignId: 'cc-2026' }],
      [advertised(daysFromNow(-5), 'cc-2026')],
      {},
      ['contact-cap-reached'],
      '2026-06-03T09:00:00.000Z', // 90 × 24 hours later, so 11:00 in summer time
    ],
    [
      'a campaign cap does not limit another campaign',
      [{ maxContacts: 1, periodDays: 90, campaignId: 'bs-2026' }],
      [advertised(daysFromNow(-5), 'bs-2026')],
      {},
      ['allowed'],
      undefined,
    ],
    [
      'a cap that ends on a Sunday: an email goes out at once then',
      [{ maxContacts: 1, periodDays: 7 }],
      [advertised(at('2026-03-08T11:00:00Z'))],
      { channel: 'email' },
      ['contact-cap-reached'],
      '2026-03-15T11:00:00.000Z',
    ],
    [
      'the same cap for a call: Monday 08:00',
      [{ maxContacts: 1, periodDays: 7 }],
      [advertised(at('2026-03-08T11:00:00Z'))],
      {},
      ['contact-cap-reached'],
      '2026-03-16T07:00:00.000Z',
    ],
    ['a cap of 0 never clears', [{ maxContacts: 0, periodDays: 30 }], [], {}, ['contact-cap-reached'], undefined],
    [
      'caps do not limit service contacts',
      [{ maxContacts: 0, periodDays: 30 }],
      [advertised(daysFromNow(-1))],
      { purpose: 'service' },
      ['allowed'],
      undefined,
    ],
    [
      'two caps reached: the later clearing counts',
      [thirtyDays, { maxContacts: 1, periodDays: 14 }],
      [advertised(daysFromNow(-20)), advertised(daysFromNow(-10)), advertised(daysFromNow(-1))],
      {},
      ['contact-cap-reached', 'contact-cap-reached'],
      '2026-03-23T09:00:00.000Z',
    ],
  ])('%s → %j, earliest %s', (_label, caps, history, contact, expected, expectedEarliest) => {
    const decision = decideContact(input({ caps, history, contact }));
    expect(codes(decision)).toEqual(expected);
    expect(earliest(decision)).toBe(expectedEarliest);
  });

  it('explains the count, the limit and when the next contact is possible', () => {
    const decision = decideContact(
      input({
        caps: [{ maxContacts: 1, periodDays: 90, campaignId: 'cc-2026' }],
        history: [advertised(daysFromNow(-5), 'cc-2026')],
      }),
    );
    expect(decision.reasons[0]?.message).toBe(
      'The customer has had 1 campaign "cc-2026" contact in the last 90 days (limit 1), so the next is possible from Wednesday 2026-06-03, 11:00 (Europe/Berlin).',
    );
    expect(decision.reasons[0]?.clearsAt).toEqual(at('2026-06-03T09:00:00Z'));
  });
});

describe('rule: calling hours and public holidays for bank-initiated calls', () => {
  it.each<[string, Date, Partial<ContactRequest>, string | undefined, PolicyReasonCode[], string | undefined]>([
    ['Sunday', at('2026-03-15T10:00:00Z'), {}, 'NW', ['outside-calling-hours'], '2026-03-16T07:00:00.000Z'],
    ['Tuesday 21:00', at('2026-03-10T20:00:00Z'), {}, 'NW', ['outside-calling-hours'], '2026-03-11T07:00:00.000Z'],
    ['Saturday 14:30', at('2026-03-14T13:30:00Z'), {}, 'NW', ['outside-calling-hours'], '2026-03-16T07:00:00.000Z'],
    ['Fronleichnam 10:00 in NW', at('2026-06-04T08:00:00Z'), {}, 'NW', ['public-holiday'], '2026-06-05T06:00:00.000Z'],
    ['Fronleichnam 10:00 in Berlin (no holiday there)', at('2026-06-04T08:00:00Z'), {}, 'BE', ['allowed'], undefined],
    ['Fronleichnam in Berlin, state written in lower case', at('2026-06-04T08:00:00Z'), {}, 'be', ['allowed'], undefined],
    ['Fronleichnam for a customer without a state (NW assumed)', at('2026-06-04T08:00:00Z'), {}, undefined, ['public-holiday'], '2026-06-05T06:00:00.000Z'],
    ['Allerheiligen, a Sunday in 2026', at('2026-11-01T10:00:00Z'), {}, 'NW', ['public-holiday', 'outside-calling-hours'], '2026-11-02T07:00:00.000Z'],
    ['Whit Monday 21:00', at('2026-05-25T19:00:00Z'), {}, 'NW', ['public-holiday', 'outside-calling-hours'], '2026-05-26T06:00:00.000Z'],
    ['a bank service call on Sunday', at('2026-03-15T10:00:00Z'), { purpose: 'service' }, 'NW', ['outside-calling-hours'], '2026-03-16T07:00:00.000Z'],
    ['a care call on Sunday', at('2026-03-15T10:00:00Z'), { purpose: 'care' }, 'NW', ['outside-calling-hours'], '2026-03-16T07:00:00.000Z'],
    ['an advertising email on Sunday', at('2026-03-15T10:00:00Z'), { channel: 'email' }, 'NW', ['allowed'], undefined],
    ['an offer in a call the customer made on Sunday', at('2026-03-15T10:00:00Z'), { initiatedBy: 'customer' }, 'NW', ['allowed'], undefined],
    ['Saturday 14:00 before the spring change: Monday 08:00 CEST', at('2026-03-28T13:00:00Z'), {}, 'NW', ['outside-calling-hours'], '2026-03-30T06:00:00.000Z'],
    ['Saturday 14:00 before the autumn change: Monday 08:00 CET', at('2026-10-24T12:00:00Z'), {}, 'NW', ['outside-calling-hours'], '2026-10-26T07:00:00.000Z'],
  ])('%s → %j, earliest %s', (_label, now, contact, federalState, expected, expectedEarliest) => {
    const decision = decideContact(input({ now, contact, customer: { federalState } }));
    expect(codes(decision)).toEqual(expected);
    expect(earliest(decision)).toBe(expectedEarliest);
  });

  it('uses the calling hours’ state for a customer without one', () => {
    const bavarian: CallingHours = { ...DEFAULT_CALLING_HOURS, federalState: 'BY' };
    const epiphany = at('2026-01-06T10:00:00Z');
    expect(codes(decideContact(input({ now: epiphany, callingHours: bavarian, customer: { federalState: undefined } })))).toEqual(['public-holiday']);
    expect(codes(decideContact(input({ now: epiphany, callingHours: bavarian, customer: { federalState: 'NW' } })))).toEqual(['allowed']);
  });

  it('tells the agent which holiday it is and when calling resumes', () => {
    const decision = decideContact(input({ now: at('2026-06-04T08:00:00Z') }));
    expect(decision.reasons[0]?.message).toBe(
      '2026-06-04 is a public holiday in NW (Fronleichnam), so the customer must not be called; the next calling window opens Friday 2026-06-05, 08:00 (Europe/Berlin).',
    );
  });

  it('honours custom calling hours', () => {
    const evenings: CallingHours = {
      ...DEFAULT_CALLING_HOURS,
      windows: { ...DEFAULT_CALLING_HOURS.windows, tue: [{ start: '17:00', end: '19:00' }] },
    };
    const decision = decideContact(input({ callingHours: evenings }));
    expect(codes(decision)).toEqual(['outside-calling-hours']);
    expect(earliest(decision)).toBe('2026-03-10T16:00:00.000Z');
  });
});

describe('rule: no advertising to minors', () => {
  it.each<[string, string, Partial<ContactRequest>, PolicyReasonCode[], string | undefined]>([
    ['a 15-year-old, by email: from the 18th birthday, 00:00 Berlin', '2010-05-17', { channel: 'email' }, ['minor'], '2028-05-16T22:00:00.000Z'],
    ['a 15-year-old, by phone: 08:00 on the 18th birthday (a Wednesday)', '2010-05-17', {}, ['minor'], '2028-05-17T06:00:00.000Z'],
    ['18 from today', '2008-03-10', {}, ['allowed'], undefined],
    ['18 from tomorrow, by letter', '2008-03-11', { channel: 'letter' }, ['minor'], '2026-03-10T23:00:00.000Z'],
    ['a minor may get service calls', '2010-05-17', { purpose: 'service' }, ['allowed'], undefined],
    ['a minor may get care calls', '2010-05-17', { purpose: 'care' }, ['allowed'], undefined],
    ['a minor asking for an offer in a call', '2010-05-17', { initiatedBy: 'customer' }, ['minor'], '2028-05-16T22:00:00.000Z'],
  ])('%s → %j, earliest %s', (_label, birthDate, contact, expected, expectedEarliest) => {
    const decision = decideContact(input({ customer: { birthDate }, contact }));
    expect(codes(decision)).toEqual(expected);
    expect(earliest(decision)).toBe(expectedEarliest);
  });

  it('lets someone born on 29 February come of age on 1 March in common years', () => {
    expect(adulthoodBegins('2008-02-29').toISOString()).toBe('2026-02-28T23:00:00.000Z');
    expect(adulthoodBegins('2006-02-28').toISOString()).toBe('2024-02-27T23:00:00.000Z');
    expect(adulthoodBegins('2004-02-29').toISOString()).toBe('2022-02-28T23:00:00.000Z');
    const eve = decideContact(input({ customer: { birthDate: '2008-02-29' }, now: at('2026-02-28T22:59:59Z'), contact: { channel: 'letter' } }));
    expect(codes(eve)).toEqual(['minor']);
    expect(earliest(eve)).toBe('2026-02-28T23:00:00.000Z');
  });

  it('keeps the birthday out of the message, but in clearsAt', () => {
    const decision = decideContact(input({ customer: { birthDate: '2010-05-17' } }));
    expect(decision.reasons[0]).toEqual({
      code: 'minor',
      message: 'The customer is under 18, so no advertising may be addressed to them.',
      clearsAt: at('2028-05-16T22:00:00Z'),
    });
  });
});

describe('several rules at once', () => {
  it('reports every reason, and no earliest time when one of them never clears by waiting', () => {
    const decision = decideContact(
      input({
        customer: { birthDate: '2010-05-17' },
        consents: [],
        blocks: [{ topic: 'all', endsAt: daysFromNow(10) }],
        now: at('2026-03-15T10:00:00Z'),
      }),
    );
    expect(codes(decision)).toEqual(['no-phone-consent', 'blocked', 'minor', 'outside-calling-hours']);
    expect(decision.earliestAllowedAt).toBeUndefined();
    // The time-bound reasons still say when they would clear on their own.
    expect(decision.reasons.find((r) => r.code === 'blocked')?.clearsAt).toEqual(at('2026-03-20T09:00:00Z'));
    expect(decision.reasons.find((r) => r.code === 'no-phone-consent')?.clearsAt).toBeUndefined();
  });

  it('combines a block, a cap and calling hours into the first instant that satisfies all', () => {
    const decision = decideContact(
      input({
        blocks: [{ topic: 'kreditkarte', endsAt: at('2026-03-14T14:00:00Z') }], // Saturday 15:00, after the window
        caps: [{ maxContacts: 1, periodDays: 7 }],
        history: [advertised(at('2026-03-09T05:00:00Z'))], // leaves the window Monday 06:00
      }),
    );
    expect(codes(decision)).toEqual(['blocked', 'contact-cap-reached']);
    expect(earliest(decision)).toBe('2026-03-16T07:00:00.000Z'); // Monday 08:00
  });

  it('combines the 18th birthday with a block ending later that day, then with calling hours', () => {
    const decision = decideContact(
      input({
        customer: { birthDate: '2008-03-14' }, // 18 on Saturday 2026-03-14
        blocks: [{ topic: 'all', endsAt: at('2026-03-14T12:30:00Z') }], // 13:30, half an hour before the window closes
      }),
    );
    expect(codes(decision)).toEqual(['blocked', 'minor']);
    expect(earliest(decision)).toBe('2026-03-14T12:30:00.000Z');
  });

  it('re-checks the cap after moving to the next calling window', () => {
    // A contact already recorded for Sunday counts from then on: after the first contact leaves the
    // window on Saturday afternoon and the call waits for Monday, the Sunday one fills the cap again.
    const decision = decideContact(
      input({
        caps: [{ maxContacts: 1, periodDays: 7 }],
        history: [advertised(at('2026-03-07T14:00:00Z')), advertised(at('2026-03-15T10:00:00Z'))],
      }),
    );
    expect(codes(decision)).toEqual(['contact-cap-reached']);
    expect(earliest(decision)).toBe('2026-03-23T07:00:00.000Z');
  });
});

describe('malformed input', () => {
  it.each<[string, Overrides, string]>([
    ['an impossible birth date', { customer: { birthDate: '2001-02-29' } }, 'customer.birthDate'],
    ['an unknown state', { customer: { federalState: 'Bayern' } }, 'customer.federalState'],
    ['an invalid now', { now: new Date(Number.NaN) }, 'now'],
    ['an invalid consent time', { consents: [granted('phone', new Date(Number.NaN))] }, 'consents[0].recordedAt'],
    ['an invalid block end', { blocks: [{ topic: 'all', endsAt: new Date('tomorrow') }] }, 'blocks[0].endsAt'],
    ['an unknown history purpose', { history: [{ ...advertised(NOW), purpose: 'Advertising' as ContactPurpose }] }, 'history[0].purpose'],
    ['a negative cap', { caps: [{ maxContacts: -1, periodDays: 30 }] }, 'caps[0].maxContacts'],
    ['a cap without period', { caps: [{ maxContacts: 1, periodDays: 0 }] }, 'caps[0].periodDays'],
    ['an unknown contact purpose', { contact: { purpose: 'marketing' as ContactPurpose } }, 'contact.purpose'],
    [
      'broken calling hours',
      { callingHours: { ...DEFAULT_CALLING_HOURS, windows: { ...DEFAULT_CALLING_HOURS.windows, fri: [{ start: '18:00', end: '09:00' }] } } },
      'callingHours.windows.fri[0]',
    ],
  ])('rejects %s, naming the field %s', (_label, overrides, field) => {
    let caught: unknown;
    try {
      decideContact(input(overrides));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContactPolicyInputError);
    expect(caught).toBeInstanceOf(RangeError);
    expect((caught as ContactPolicyInputError).field).toBe(field);
  });

  it('does not repeat a birth date in the error message', () => {
    expect(() => decideContact(input({ customer: { birthDate: '1980-02-30' } }))).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('1980') }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const TIME_BOUND: ReadonlySet<PolicyReasonCode> = new Set(['blocked', 'contact-cap-reached', 'minor', 'outside-calling-hours', 'public-holiday']);
const CHANNELS: ContactChannel[] = ['phone', 'email', 'letter', 'messenger'];
const PURPOSES: ContactPurpose[] = ['service', 'advertising', 'care'];
const CONTACT_TOPICS = ['kreditkarte', 'baufinanzierung'];
const CAMPAIGNS = ['cc-2026', 'bs-2026'];

const optionalCampaign = fc.option(fc.constantFrom(...CAMPAIGNS), { nil: undefined });
/** Offsets from now, with exact zero (boundary of blocks and windows) drawn often. */
const offset = (minDays: number, maxDays: number): fc.Arbitrary<number> =>
  fc.oneof({ weight: 5, arbitrary: fc.integer({ min: minDays * DAY, max: maxDays * DAY }) }, { weight: 1, arbitrary: fc.constant(0) });

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Birth dates of all ages, many within days of the 18th birthday, and leap-day births. */
const birthDateFor = (now: number): fc.Arbitrary<string> => {
  const today = new Date(now);
  const eighteenYearsAgo = Date.UTC(today.getUTCFullYear() - 18, today.getUTCMonth(), today.getUTCDate());
  return fc.oneof(
    fc.integer({ min: -90 * 365, max: -5 * 365 }).map((days) => isoDate(now + days * DAY)),
    fc.integer({ min: -3, max: 3 }).map((days) => isoDate(eighteenYearsAgo + days * DAY)),
    fc.constantFrom('2004-02-29', '2008-02-29', '2012-02-29'),
  );
};

const withOptionalCampaign = <T extends object>(value: T, campaignId: string | undefined): T =>
  campaignId === undefined ? value : { ...value, campaignId };

/** Instants in 2024–2030: uniform, or (as often) at daytime UTC hours, mostly inside calling hours. */
const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) }),
  fc
    .tuple(fc.integer({ min: Date.UTC(2024, 0, 1) / DAY, max: Date.UTC(2030, 11, 31) / DAY }), fc.integer({ min: 7 * 60, max: 18 * 60 }))
    .map(([day, minute]) => day * DAY + minute * 60_000),
);

const scenario = (contactArb: fc.Arbitrary<ContactRequest>): fc.Arbitrary<ContactPolicyInput> =>
  instant.chain((now) =>
    fc.record({
      customer: fc.record({
        birthDate: birthDateFor(now),
        federalState: fc.option(fc.constantFrom<string>(...FEDERAL_STATES), { nil: undefined }),
      }),
      consents: fc.array(
        fc.record({ channel: fc.constantFrom(...CHANNELS), granted: fc.boolean(), recordedAt: offset(-400, 5).map((o) => new Date(now + o)) }),
        { maxLength: 6 },
      ),
      blocks: fc.array(
        fc.record({ topic: fc.constantFrom(...CONTACT_TOPICS, 'all'), endsAt: offset(-30, 30).map((o) => new Date(now + o)) }),
        { maxLength: 3 },
      ),
      history: fc.array(
        fc
          .tuple(
            offset(-60, 3),
            fc.constantFrom(...PURPOSES),
            fc.constantFrom(...CHANNELS),
            fc.constantFrom(...CONTACT_TOPICS),
            optionalCampaign,
          )
          .map(([o, purpose, channel, topic, campaignId]) =>
            withOptionalCampaign<ContactFact>({ at: new Date(now + o), purpose, channel, topic }, campaignId),
          ),
        { maxLength: 12 },
      ),
      caps: fc.array(
        fc
          .tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 1, max: 45 }), optionalCampaign)
          .map(([maxContacts, periodDays, campaignId]) => withOptionalCampaign<ContactCap>({ maxContacts, periodDays }, campaignId)),
        { maxLength: 3 },
      ),
      contact: contactArb,
      callingHours: fc.constant(DEFAULT_CALLING_HOURS),
      now: fc.constant(new Date(now)),
    }),
  );

const anyContact: fc.Arbitrary<ContactRequest> = fc
  .tuple(
    fc.constantFrom(...PURPOSES),
    fc.constantFrom(...CHANNELS),
    fc.constantFrom(...CONTACT_TOPICS),
    fc.constantFrom<'customer' | 'bank'>('customer', 'bank'),
    optionalCampaign,
  )
  .map(([purpose, channel, topic, initiatedBy, campaignId]) => withOptionalCampaign<ContactRequest>({ purpose, channel, topic, initiatedBy }, campaignId));

const bankAdvertisingCall: fc.Arbitrary<ContactRequest> = fc
  .tuple(fc.constantFrom(...CONTACT_TOPICS), optionalCampaign)
  .map(([topic, campaignId]) => withOptionalCampaign<ContactRequest>({ purpose: 'advertising', channel: 'phone', topic, initiatedBy: 'bank' }, campaignId));

/**
 * Random facts deny a bank call most of the time; to test the "allowed otherwise" direction often
 * enough, half the scenarios get a newest phone grant and half lose their blocks.
 */
const oftenFavourable = (facts: fc.Arbitrary<ContactPolicyInput>): fc.Arbitrary<ContactPolicyInput> =>
  fc.tuple(facts, fc.boolean(), fc.boolean()).map(([f, grant, unblock]) => {
    const newest = Math.max(f.now.getTime(), ...f.consents.map((c) => c.recordedAt.getTime()));
    return {
      ...f,
      consents: grant ? [...f.consents, { channel: 'phone' as const, granted: true, recordedAt: new Date(newest + 1) }] : f.consents,
      blocks: unblock ? [] : f.blocks,
    };
  });

// Oracles: the rules restated as plainly as possible, independently of the module's code paths.

const berlin = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  hourCycle: 'h23',
  weekday: 'short',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
});

function berlinClock(instant: Date): { date: string; weekday: string; minutes: number; year: number; month: number; day: number } {
  const parts = Object.fromEntries(berlin.formatToParts(instant).map((p) => [p.type, p.value]));
  const [year, month, day] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: String(parts.weekday),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
    year,
    month,
    day,
  };
}

function oracle(input: ContactPolicyInput) {
  const now = input.now.getTime();
  const { contact } = input;
  const phoneFacts = input.consents.filter((c) => c.channel === 'phone');
  const newest = Math.max(...phoneFacts.map((c) => c.recordedAt.getTime()));
  const phoneConsent = phoneFacts.length > 0 && phoneFacts.filter((c) => c.recordedAt.getTime() === newest).every((c) => c.granted);
  const blocked = input.blocks.some((b) => (b.topic === contact.topic || b.topic === 'all') && b.endsAt.getTime() > now);
  const capped = input.caps
    .filter((cap) => cap.campaignId === undefined || cap.campaignId === contact.campaignId)
    .some((cap) => {
      const counted = input.history.filter(
        (h) =>
          h.purpose === 'advertising' &&
          (cap.campaignId === undefined || h.campaignId === cap.campaignId) &&
          h.at.getTime() <= now &&
          h.at.getTime() > now - cap.periodDays * DAY,
      );
      return counted.length >= cap.maxContacts;
    });
  const clock = berlinClock(input.now);
  const inWindow =
    (['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].includes(clock.weekday) && clock.minutes >= 480 && clock.minutes < 1200) ||
    (clock.weekday === 'Sat' && clock.minutes >= 540 && clock.minutes < 840);
  const holiday = isPublicHoliday(clock.date, (input.customer.federalState ?? 'NW') as FederalState);
  const [by, bm, bd] = input.customer.birthDate.split('-').map(Number) as [number, number, number];
  const birthdayPassed = clock.month > bm || (clock.month === bm && clock.day >= bd);
  const minor = clock.year - by - (birthdayPassed ? 0 : 1) < 18;
  return { phoneConsent, blocked, capped, inWindow, holiday, minor };
}

describe('properties', () => {
  it('never allows a bank advertising call without phone consent, during a block, at a cap, outside calling hours, on a holiday or to a minor — and allows it otherwise', () => {
    fc.assert(
      fc.property(oftenFavourable(scenario(bankAdvertisingCall)), (facts) => {
        const decision = decideContact(facts);
        const o = oracle(facts);
        const got = new Set(codes(decision));
        expect(got.has('no-phone-consent')).toBe(!o.phoneConsent);
        expect(got.has('blocked')).toBe(o.blocked);
        expect(got.has('contact-cap-reached')).toBe(o.capped);
        expect(got.has('outside-calling-hours')).toBe(!o.inWindow);
        expect(got.has('public-holiday')).toBe(o.holiday);
        expect(got.has('minor')).toBe(o.minor);
        const mayCall = o.phoneConsent && !o.blocked && !o.capped && o.inWindow && !o.holiday && !o.minor;
        expect(decision.allowed).toBe(mayCall);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the earliest allowed instant exactly: allowed there with no time-bound reason left, denied a millisecond before', () => {
    fc.assert(
      fc.property(scenario(anyContact), (facts) => {
        const decision = decideContact(facts);
        expect(decideContact(facts)).toEqual(decision); // deterministic
        expect(decision.reasons.length).toBeGreaterThan(0);
        if (decision.allowed) {
          expect(decision.earliestAllowedAt).toBeUndefined();
          expect(codes(decision)).toHaveLength(1);
          return;
        }
        const now = facts.now.getTime();
        expect(codes(decision)).not.toContain('allowed');
        for (const reason of decision.reasons) {
          if (reason.clearsAt) expect(reason.clearsAt.getTime()).toBeGreaterThan(now);
        }
        const permanent = decision.reasons.some((reason) => reason.clearsAt === undefined);
        expect(decision.earliestAllowedAt === undefined).toBe(permanent);
        if (decision.earliestAllowedAt === undefined) return;
        const earliestAt = decision.earliestAllowedAt.getTime();
        expect(earliestAt).toBeGreaterThan(now);
        for (const reason of decision.reasons) expect(reason.clearsAt?.getTime()).toBeLessThanOrEqual(earliestAt);
        const then = decideContact({ ...facts, now: new Date(earliestAt) });
        expect(codes(then).filter((code) => TIME_BOUND.has(code))).toEqual([]);
        expect(then.allowed).toBe(true);
        expect(decideContact({ ...facts, now: new Date(earliestAt - 1) }).allowed).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
