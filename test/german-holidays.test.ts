import fc from 'fast-check';
import type { FederalState } from '../domain/german-holidays';
import {
  DEFAULT_FEDERAL_STATE,
  easterSunday,
  FEDERAL_STATES,
  isFederalState,
  isPublicHoliday,
  parseIsoDate,
  publicHolidayOn,
  publicHolidays,
} from '../domain/german-holidays';

/**
 * Gauss's original Easter rule with its two exceptions, written independently of the module's
 * anonymous Gregorian algorithm so that each checks the other.
 */
function gaussEaster(year: number): string {
  const a = year % 19;
  const b = year % 4;
  const c = year % 7;
  const k = Math.floor(year / 100);
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const m = (15 - p + k - q) % 30;
  const n = (4 + k - q) % 7;
  const d = (19 * a + m) % 30;
  const e = (2 * b + 4 * c + 6 * d + n) % 7;
  let marchDay = 22 + d + e;
  if (d === 29 && e === 6) marchDay = 31 + 19;
  else if (d === 28 && e === 6 && (11 * m + 11) % 30 < 19) marchDay = 31 + 18;
  const [month, day] = marchDay > 31 ? [4, marchDay - 31] : [3, marchDay];
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const NATIONWIDE = [
  'Neujahr',
  'Karfreitag',
  'Ostermontag',
  'Tag der Arbeit',
  'Christi Himmelfahrt',
  'Pfingstmontag',
  'Tag der Deutschen Einheit',
  '1. Weihnachtstag',
  '2. Weihnachtstag',
];

const holidayDates = (year: number, state: FederalState): string[] => publicHolidays(year, state).map((h) => h.date);

describe('easterSunday', () => {
  it.each([
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [1818, '1818-03-22'], // earliest possible date
    [1943, '1943-04-25'], // latest possible date
    [1981, '1981-04-19'], // Gauss's first exception (d = 29, e = 6)
    [1954, '1954-04-18'], // Gauss's second exception (d = 28, e = 6)
  ])('Easter %i falls on %s', (year, expected) => {
    expect(easterSunday(year)).toBe(expected);
  });

  it('agrees with Gauss’s rule and is a Sunday between 22 March and 25 April in every year 1583–9999', () => {
    // Exhaustive rather than sampled: all 8,417 years take a few milliseconds.
    const wrong: string[] = [];
    for (let year = 1583; year <= 9999; year++) {
      const easter = easterSunday(year);
      const sunday = new Date(`${easter}T00:00:00Z`).getUTCDay() === 0;
      const inRange = easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25';
      if (easter !== gaussEaster(year) || !sunday || !inRange) wrong.push(`${year}: ${easter} (Gauss ${gaussEaster(year)})`);
    }
    expect(wrong).toEqual([]);
  });

  it('rejects years the Gregorian computus does not cover', () => {
    expect(() => easterSunday(1582)).toThrow(RangeError);
    expect(() => easterSunday(2026.5)).toThrow(RangeError);
  });
});

describe('publicHolidays', () => {
  it('lists exactly the eleven NW holidays of 2026, including Fronleichnam and Allerheiligen', () => {
    expect(publicHolidays(2026, 'NW')).toEqual([
      { date: '2026-01-01', name: 'Neujahr' },
      { date: '2026-04-03', name: 'Karfreitag' },
      { date: '2026-04-06', name: 'Ostermontag' },
      { date: '2026-05-01', name: 'Tag der Arbeit' },
      { date: '2026-05-14', name: 'Christi Himmelfahrt' },
      { date: '2026-05-25', name: 'Pfingstmontag' },
      { date: '2026-06-04', name: 'Fronleichnam' },
      { date: '2026-10-03', name: 'Tag der Deutschen Einheit' },
      { date: '2026-11-01', name: 'Allerheiligen' },
      { date: '2026-12-25', name: '1. Weihnachtstag' },
      { date: '2026-12-26', name: '2. Weihnachtstag' },
    ]);
  });

  it('defaults to NW', () => {
    expect(DEFAULT_FEDERAL_STATE).toBe('NW');
    expect(publicHolidays(2026)).toEqual(publicHolidays(2026, 'NW'));
    expect(isPublicHoliday('2026-06-04')).toBe(true);
  });

  it.each<[FederalState, number]>([
    ['BW', 12],
    ['BY', 12],
    ['BE', 10],
    ['BB', 12],
    ['HB', 10],
    ['HH', 10],
    ['HE', 12],
    ['MV', 11],
    ['NI', 10],
    ['NW', 11],
    ['RP', 11],
    ['SL', 12],
    ['SN', 11],
    ['ST', 11],
    ['SH', 10],
    ['TH', 11],
  ])('%s has %i public holidays in 2026', (state, count) => {
    expect(publicHolidays(2026, state)).toHaveLength(count);
  });

  it.each<[string, string, FederalState[]]>([
    ['Heilige Drei Könige', '2026-01-06', ['BW', 'BY', 'ST']],
    ['Internationaler Frauentag', '2026-03-08', ['BE', 'MV']],
    ['Fronleichnam', '2026-06-04', ['BW', 'BY', 'HE', 'NW', 'RP', 'SL']],
    ['Mariä Himmelfahrt', '2026-08-15', ['SL']],
    ['Weltkindertag', '2026-09-20', ['TH']],
    ['Reformationstag', '2026-10-31', ['BB', 'HB', 'HH', 'MV', 'NI', 'SN', 'ST', 'SH', 'TH']],
    ['Allerheiligen', '2026-11-01', ['BW', 'BY', 'NW', 'RP', 'SL']],
    ['Buß- und Bettag', '2026-11-18', ['SN']],
  ])('%s (%s) is a holiday exactly in %j', (name, date, states) => {
    const holdingIn = FEDERAL_STATES.filter((state) => publicHolidayOn(date, state)?.name === name);
    expect(holdingIn).toEqual([...states].sort((a, b) => FEDERAL_STATES.indexOf(a) - FEDERAL_STATES.indexOf(b)));
  });

  it('has Internationaler Frauentag in Berlin on 2026-03-08 (a Sunday) but not in NW', () => {
    expect(publicHolidayOn('2026-03-08', 'BE')).toEqual({ date: '2026-03-08', name: 'Internationaler Frauentag' });
    expect(isPublicHoliday('2026-03-08', 'NW')).toBe(false);
  });

  it.each<[string, FederalState, boolean]>([
    ['2018-03-08', 'BE', false], // Berlin introduced it in 2019
    ['2019-03-08', 'BE', true],
    ['2022-03-08', 'MV', false], // Mecklenburg-Vorpommern in 2023
    ['2023-03-08', 'MV', true],
    ['2016-10-31', 'NI', false], // the northern states took Reformationstag in 2018
    ['2017-10-31', 'NW', true], // the 500th anniversary was a holiday everywhere
    ['2017-10-31', 'BY', true],
    ['2018-10-31', 'NW', false],
    ['2018-10-31', 'HH', true],
    ['2018-09-20', 'TH', false], // Weltkindertag since 2019
    ['2019-09-20', 'TH', true],
    ['2025-05-08', 'BE', true], // one-off: 80 years since the end of the war
    ['2026-05-08', 'BE', false],
  ])('%s in %s is a holiday: %s', (date, state, expected) => {
    expect(isPublicHoliday(date, state)).toBe(expected);
  });

  it.each([
    [2023, '2023-11-22'], // 22 November itself when it is a Wednesday
    [2024, '2024-11-20'],
    [2026, '2026-11-18'],
    [2027, '2027-11-17'],
    [2028, '2028-11-22'],
  ])('Buß- und Bettag %i is the Wednesday before 23 November: %s', (year, date) => {
    expect(publicHolidays(year, 'SN').find((h) => h.name === 'Buß- und Bettag')?.date).toBe(date);
  });

  it('places the movable feasts relative to Easter 2027 (28 March)', () => {
    const by = publicHolidays(2027, 'BY');
    const dateOf = (name: string): string | undefined => by.find((h) => h.name === name)?.date;
    expect(dateOf('Karfreitag')).toBe('2027-03-26');
    expect(dateOf('Ostermontag')).toBe('2027-03-29');
    expect(dateOf('Christi Himmelfahrt')).toBe('2027-05-06');
    expect(dateOf('Pfingstmontag')).toBe('2027-05-17');
    expect(dateOf('Fronleichnam')).toBe('2027-05-27');
  });

  it('does not treat a normal Tuesday as a holiday in any state', () => {
    for (const state of FEDERAL_STATES) {
      expect(publicHolidayOn('2026-03-10', state)).toBeUndefined();
      expect(isPublicHoliday('2026-03-10', state)).toBe(false);
    }
  });

  it('lists both holidays when two fall on one date', () => {
    // Easter 2008 was on 23 March, so Christi Himmelfahrt fell on 1 May.
    const mayDay = publicHolidays(2008, 'NW').filter((h) => h.date === '2008-05-01');
    expect(mayDay.map((h) => h.name)).toEqual(['Tag der Arbeit', 'Christi Himmelfahrt']);
    expect(publicHolidayOn('2008-05-01', 'NW')?.name).toBe('Tag der Arbeit');
  });

  it('lists, for any state and year, sorted dates of that year, each holiday once, including the nine nationwide holidays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1995, max: 2200 }), fc.constantFrom(...FEDERAL_STATES), (year, state) => {
        const holidays = publicHolidays(year, state);
        const dates = holidays.map((h) => h.date);
        expect([...dates].sort()).toEqual(dates);
        expect(new Set(holidays.map((h) => h.name)).size).toBe(holidays.length);
        expect(holidays.every((holiday) => publicHolidayOn(holiday.date, state) !== undefined)).toBe(true);
        expect(dates.every((date) => date.startsWith(`${year}-`))).toBe(true);
        expect(holidays.map((h) => h.name)).toEqual(expect.arrayContaining(NATIONWIDE));
        expect(holidayDates(year, state)).toContain(`${year}-10-03`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('date and state parsing', () => {
  it('accepts the sixteen state codes and nothing else', () => {
    expect(FEDERAL_STATES).toHaveLength(16);
    expect(FEDERAL_STATES.every(isFederalState)).toBe(true);
    expect(isFederalState('nw')).toBe(false);
    expect(isFederalState('XX')).toBe(false);
  });

  it('rejects malformed and impossible dates', () => {
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(() => parseIsoDate('2026-02-29')).toThrow(RangeError);
    expect(() => parseIsoDate('2026-13-01')).toThrow(RangeError);
    expect(() => parseIsoDate('26-01-01')).toThrow(RangeError);
    expect(() => publicHolidayOn('2026-6-4', 'NW')).toThrow(RangeError);
  });
});
