import fc from 'fast-check';
import type { CallingHours, TimeWindow, Weekday } from '../domain/calling-hours';
import {
  checkCallingTime,
  DEFAULT_CALLING_HOURS,
  formatLocalDateTime,
  InvalidCallingHoursError,
  isCallingTime,
  nextCallingTime,
  startOfLocalDay,
  toLocalDateTime,
  validateCallingHours,
} from '../domain/calling-hours';

const at = (iso: string): Date => new Date(iso);
const next = (iso: string, hours: CallingHours = DEFAULT_CALLING_HOURS, state?: 'NW' | 'BE' | 'BY'): string | undefined =>
  nextCallingTime(at(iso), hours, state)?.toISOString();

/** Calling hours with windows on Sundays only, to put windows right into the DST changes (both fall on Sundays). */
function sundayOnly(...windows: TimeWindow[]): CallingHours {
  const none: readonly TimeWindow[] = [];
  return {
    timeZone: 'Europe/Berlin',
    windows: { mon: none, tue: none, wed: none, thu: none, fri: none, sat: none, sun: windows },
  };
}

describe('toLocalDateTime in Europe/Berlin', () => {
  it.each([
    // Spring forward on 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
    ['2026-03-29T00:59:59Z', '2026-03-29', '01:59', 60],
    ['2026-03-29T01:00:00Z', '2026-03-29', '03:00', 120],
    // Fall back on 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:30 happens twice.
    ['2026-10-25T00:30:00Z', '2026-10-25', '02:30', 120],
    ['2026-10-25T01:30:00Z', '2026-10-25', '02:30', 60],
    // Local date differs from the UTC date around midnight.
    ['2026-06-30T22:30:00Z', '2026-07-01', '00:30', 120],
  ])('%s is %s %s at UTC%+i min', (instant, date, time, offset) => {
    const local = toLocalDateTime(at(instant));
    expect(local).toMatchObject({ date, time, utcOffsetMinutes: offset });
  });

  it('names the weekday and minute of day', () => {
    expect(toLocalDateTime(at('2026-03-30T06:00:00Z'))).toEqual({
      date: '2026-03-30',
      time: '08:00',
      weekday: 'mon',
      minuteOfDay: 480,
      utcOffsetMinutes: 120,
    });
    expect(formatLocalDateTime(at('2026-03-30T06:00:00Z'))).toBe('Monday 2026-03-30, 08:00 (Europe/Berlin)');
  });

  it('finds the first instant of a local day on both DST days', () => {
    expect(startOfLocalDay('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfLocalDay('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-25').toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(startOfLocalDay('2026-10-26').toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('starts the day when the clock jumps in a zone that skips midnight', () => {
    // Santiago de Chile moved its clocks from 00:00 to 01:00 on 2022-09-11; that day began at 04:00 UTC.
    expect(startOfLocalDay('2022-09-11', 'America/Santiago').toISOString()).toBe('2022-09-11T04:00:00.000Z');
  });
});

describe('checkCallingTime with the default hours (Mon–Fri 08–20, Sat 09–14, NW holidays)', () => {
  it.each([
    ['2026-03-10T07:00:00Z', true, 'Tuesday 08:00 CET opens the window'],
    ['2026-03-10T06:59:59Z', false, 'Tuesday 07:59:59 CET is before it'],
    ['2026-03-10T18:59:59Z', true, 'Tuesday 19:59:59 CET is inside'],
    ['2026-03-10T19:00:00Z', false, 'Tuesday 20:00 CET is the (excluded) end'],
    ['2026-03-28T12:59:00Z', true, 'Saturday 13:59 CET before the change'],
    ['2026-03-28T13:00:00Z', false, 'Saturday 14:00 CET'],
    ['2026-03-29T10:00:00Z', false, 'Sunday of the spring change'],
    ['2026-03-30T05:59:00Z', false, 'Monday 07:59 CEST, the first summer-time morning'],
    ['2026-03-30T06:00:00Z', true, 'Monday 08:00 CEST'],
    ['2026-10-24T11:59:00Z', true, 'Saturday 13:59 CEST before the autumn change'],
    ['2026-10-25T10:00:00Z', false, 'Sunday of the autumn change'],
    ['2026-10-26T06:30:00Z', false, 'Monday 07:30 CET, the first winter-time morning'],
    ['2026-10-26T07:00:00Z', true, 'Monday 08:00 CET'],
  ])('%s → %s (%s)', (instant, expected) => {
    expect(isCallingTime(at(instant), DEFAULT_CALLING_HOURS)).toBe(expected);
  });

  it('reports a holiday separately from the window', () => {
    const fronleichnam = checkCallingTime(at('2026-06-04T08:00:00Z'), DEFAULT_CALLING_HOURS);
    expect(fronleichnam).toMatchObject({ inWindow: true, allowed: false, holiday: { date: '2026-06-04', name: 'Fronleichnam' } });
    // Fronleichnam is no holiday in Berlin, so the customer's state changes the answer.
    expect(checkCallingTime(at('2026-06-04T08:00:00Z'), DEFAULT_CALLING_HOURS, 'BE')).toMatchObject({ inWindow: true, allowed: true });
    expect(checkCallingTime(at('2026-06-04T08:00:00Z'), DEFAULT_CALLING_HOURS, 'BE').holiday).toBeUndefined();
  });

  it('uses the calling hours’ own state when no customer state is given', () => {
    const bavarian: CallingHours = { ...DEFAULT_CALLING_HOURS, federalState: 'BY' };
    expect(isCallingTime(at('2026-01-06T10:00:00Z'), bavarian)).toBe(false); // Heilige Drei Könige
    expect(isCallingTime(at('2026-01-06T10:00:00Z'), DEFAULT_CALLING_HOURS)).toBe(true);
    expect(isCallingTime(at('2026-01-06T10:00:00Z'), bavarian, 'NW')).toBe(true);
  });
});

describe('nextCallingTime', () => {
  it.each([
    ['2026-03-10T09:00:00Z', '2026-03-10T09:00:00.000Z', 'inside a window: the instant itself'],
    ['2026-03-10T05:00:00Z', '2026-03-10T07:00:00.000Z', 'early Tuesday: 08:00 CET the same day'],
    ['2026-03-10T19:00:00Z', '2026-03-11T07:00:00.000Z', 'Tuesday 20:00: Wednesday 08:00'],
    // Across the spring change: Monday 08:00 is 06:00 UTC, not 07:00.
    ['2026-03-28T13:00:00Z', '2026-03-30T06:00:00.000Z', 'Saturday 14:00 CET → Monday 08:00 CEST'],
    ['2026-03-29T00:30:00Z', '2026-03-30T06:00:00.000Z', 'Sunday 01:30 CET, just before the jump'],
    ['2026-03-29T01:00:00Z', '2026-03-30T06:00:00.000Z', 'Sunday 03:00 CEST, just after it'],
    // Across the autumn change: Monday 08:00 is 07:00 UTC again.
    ['2026-10-23T18:00:00Z', '2026-10-24T07:00:00.000Z', 'Friday 20:00 CEST → Saturday 09:00 CEST'],
    ['2026-10-24T12:00:00Z', '2026-10-26T07:00:00.000Z', 'Saturday 14:00 CEST → Monday 08:00 CET'],
    ['2026-10-25T00:30:00Z', '2026-10-26T07:00:00.000Z', 'inside the repeated hour'],
    // Holidays are skipped like Sundays.
    ['2026-04-02T18:00:00Z', '2026-04-04T07:00:00.000Z', 'Thursday before Easter → Saturday (Karfreitag skipped)'],
    ['2026-04-04T12:00:00Z', '2026-04-07T06:00:00.000Z', 'Easter Saturday 14:00 → Tuesday (Ostermontag skipped)'],
    ['2026-12-24T19:00:00Z', '2026-12-28T07:00:00.000Z', 'Christmas Eve 20:00 → Monday (25th, 26th, Sunday skipped)'],
    ['2026-12-31T19:00:00Z', '2027-01-02T08:00:00.000Z', 'New Year’s Eve 20:00 → Saturday 2 January 09:00'],
  ])('%s → %s (%s)', (from, expected) => {
    expect(next(from)).toBe(expected);
  });

  it('skips only the customer’s state’s holidays', () => {
    expect(next('2026-06-03T18:00:00Z', DEFAULT_CALLING_HOURS, 'NW')).toBe('2026-06-05T06:00:00.000Z');
    expect(next('2026-06-03T18:00:00Z', DEFAULT_CALLING_HOURS, 'BE')).toBe('2026-06-04T06:00:00.000Z');
  });

  it('opens a window that starts in the skipped spring hour when the clock lands at 03:00', () => {
    const hours = sundayOnly({ start: '02:30', end: '04:00' });
    expect(next('2026-03-29T00:00:00Z', hours)).toBe('2026-03-29T01:00:00.000Z');
    expect(isCallingTime(at('2026-03-29T00:59:59Z'), hours)).toBe(false); // 01:59:59 CET
    expect(isCallingTime(at('2026-03-29T01:00:00Z'), hours)).toBe(true); // 03:00 CEST
  });

  it('takes the first occurrence of a window in the repeated autumn hour, and the second after the first has passed', () => {
    const hours = sundayOnly({ start: '02:15', end: '02:45' });
    expect(next('2026-10-25T00:00:00Z', hours)).toBe('2026-10-25T00:15:00.000Z'); // 02:15 CEST
    expect(next('2026-10-25T00:50:00Z', hours)).toBe('2026-10-25T01:15:00.000Z'); // 02:15 CET, the second time
    // 1 November is Allerheiligen in NW, so the window after that is a week later; in Berlin it is not.
    expect(next('2026-10-25T01:50:00Z', hours)).toBe('2026-11-08T01:15:00.000Z');
    expect(next('2026-10-25T01:50:00Z', hours, 'BE')).toBe('2026-11-01T01:15:00.000Z');
  });

  it('returns undefined when no weekday has a window', () => {
    expect(next('2026-03-10T09:00:00Z', sundayOnly())).toBeUndefined();
  });

  it('always returns an instant at or after `from` that is calling time, with no calling time skipped', () => {
    const hours = fc.constantFrom<CallingHours>(
      DEFAULT_CALLING_HOURS,
      sundayOnly({ start: '01:30', end: '02:30' }, { start: '02:45', end: '03:15' }),
      { ...DEFAULT_CALLING_HOURS, windows: { ...DEFAULT_CALLING_HOURS.windows, wed: [{ start: '00:00', end: '24:00' }] } },
    );
    const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2030, 11, 31) });
    const state = fc.constantFrom('NW', 'BE', 'BY') as fc.Arbitrary<'NW' | 'BE' | 'BY'>;
    const probes = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 20, maxLength: 20 });
    fc.assert(
      fc.property(instant, hours, state, probes, (from, h, s, fractions) => {
        const found = nextCallingTime(new Date(from), h, s);
        expect(found).toBeDefined();
        const result = (found as Date).getTime();
        expect(result).toBeGreaterThanOrEqual(from);
        expect(isCallingTime(new Date(result), h, s)).toBe(true);
        // No earlier calling time in [from, result): just before the result, and at random points.
        const before = [result - 1, result - 60_000, ...fractions.map((f) => from + Math.floor(f * (result - from)))];
        for (const probe of before.filter((p) => p >= from && p < result)) {
          expect(isCallingTime(new Date(probe), h, s)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateCallingHours', () => {
  const withMonday = (...windows: TimeWindow[]): CallingHours => ({
    ...DEFAULT_CALLING_HOURS,
    windows: { ...DEFAULT_CALLING_HOURS.windows, mon: windows },
  });

  it('accepts the defaults and a window up to 24:00', () => {
    expect(() => validateCallingHours(DEFAULT_CALLING_HOURS)).not.toThrow();
    expect(() => validateCallingHours(withMonday({ start: '00:00', end: '24:00' }))).not.toThrow();
  });

  it.each<[string, CallingHours, string]>([
    ['bad format', withMonday({ start: '8:00', end: '20:00' }), 'windows.mon[0].start'],
    ['minutes past 59', withMonday({ start: '08:60', end: '20:00' }), 'windows.mon[0].start'],
    ['after 24:00', withMonday({ start: '08:00', end: '24:01' }), 'windows.mon[0].end'],
    ['start after end', withMonday({ start: '20:00', end: '08:00' }), 'windows.mon[0]'],
    ['empty window', withMonday({ start: '08:00', end: '08:00' }), 'windows.mon[0]'],
    ['unknown zone', { ...DEFAULT_CALLING_HOURS, timeZone: 'Europe/Bonn' }, 'timeZone'],
    ['unknown state', { ...DEFAULT_CALLING_HOURS, federalState: 'XX' as 'NW' }, 'federalState'],
    [
      'missing weekday',
      { ...DEFAULT_CALLING_HOURS, windows: { ...DEFAULT_CALLING_HOURS.windows, sun: undefined as unknown as TimeWindow[] } },
      'windows.sun',
    ],
  ])('rejects %s, naming %s', (_label, hours, field) => {
    let caught: unknown;
    try {
      validateCallingHours(hours);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidCallingHoursError);
    expect((caught as InvalidCallingHoursError).field).toBe(field);
    expect(() => nextCallingTime(at('2026-03-10T09:00:00Z'), hours)).toThrow(InvalidCallingHoursError);
  });

  it('keeps the default hours immutable', () => {
    const mon = DEFAULT_CALLING_HOURS.windows.mon as TimeWindow[];
    expect(() => mon.push({ start: '00:00', end: '01:00' })).toThrow(TypeError);
    expect(Object.keys(DEFAULT_CALLING_HOURS.windows).sort()).toEqual<Weekday[]>(['fri', 'mon', 'sat', 'sun', 'thu', 'tue', 'wed']);
  });
});
