/**
 * The business calendar's due times: working minutes count only inside opening hours on days
 * that are no public holiday of the state; table tests on known dates (Berlin time) and a
 * property over random instants.
 */
import fc from 'fast-check';
import { addWorkingMinutes, isWorkingTime, nextWorkingTime } from '../domain/business-calendar';
import { DIREKTBERATUNG_HOURS } from '../domain/callback';
import { toLocalDateTime } from '../domain/calling-hours';

const MINUTE = 60_000;
/** A Berlin wall-clock time as an instant (winter: UTC+1, summer: UTC+2). */
const berlin = (iso: string, offset: '+01:00' | '+02:00' = '+01:00') => new Date(`${iso}${offset}`);
const local = (at: Date) => `${toLocalDateTime(at).date} ${toLocalDateTime(at).time}`;

describe('addWorkingMinutes with the Direktberatung hours (Mon–Fri 08:00–18:00, Berlin)', () => {
  test.each([
    ['inside a working day', '2026-11-26T10:00', 120, '2026-11-26 12:00'],
    ['running past the evening into the next morning', '2026-11-26T17:00', 120, '2026-11-27 09:00'],
    ['Friday evening: the weekend does not count', '2026-11-27T17:30', 120, '2026-11-30 09:30'],
    ['asked on a Saturday: counted from Monday 08:00', '2026-11-28T11:00', 120, '2026-11-30 10:00'],
    ['before opening: counted from 08:00', '2026-11-26T06:15', 30, '2026-11-26 08:30'],
    ['Christmas Eve evening: the 25th, 26th and the weekend do not count', '2026-12-24T17:30', 120, '2026-12-28 09:30'],
    ['New Year’s Eve: New Year’s Day does not count', '2026-12-31T17:00', 120, '2027-01-04 09:00'],
  ])('%s', (_name, from, minutes, expected) => {
    expect(local(addWorkingMinutes(berlin(from), minutes, DIREKTBERATUNG_HOURS, 'NW'))).toBe(expected);
  });

  test('a holiday of one state only counts where it is one: Reformation Day (31 Oct) in Saxony, not in NRW', () => {
    const from = berlin('2025-10-30T17:00');
    expect(local(addWorkingMinutes(from, 120, DIREKTBERATUNG_HOURS, 'NW'))).toBe('2025-10-31 09:00');
    expect(local(addWorkingMinutes(from, 120, DIREKTBERATUNG_HOURS, 'SN'))).toBe('2025-11-03 09:00');
  });

  test('across the clock change in March the working day still has its hours (summer time from Sunday 29 March 2026)', () => {
    expect(local(addWorkingMinutes(berlin('2026-03-27T17:00'), 120, DIREKTBERATUNG_HOURS, 'NW'))).toBe('2026-03-30 09:00');
    expect(addWorkingMinutes(berlin('2026-03-27T17:00'), 120, DIREKTBERATUNG_HOURS, 'NW').toISOString()).toBe(berlin('2026-03-30T09:00', '+02:00').toISOString());
  });

  test('zero minutes: the next working instant', () => {
    expect(local(addWorkingMinutes(berlin('2026-11-28T11:00'), 0, DIREKTBERATUNG_HOURS))).toBe('2026-11-30 08:00');
    expect(nextWorkingTime(berlin('2026-11-26T10:00'), DIREKTBERATUNG_HOURS).toISOString()).toBe(berlin('2026-11-26T10:00').toISOString());
  });

  test('property: the due time lies in working time (its last minute), and never earlier than the plain clock time', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }), fc.integer({ min: 1, max: 600 }), (offsetMinutes, minutes) => {
        const from = new Date(start + offsetMinutes * MINUTE);
        const due = addWorkingMinutes(from, minutes, DIREKTBERATUNG_HOURS, 'BY');
        expect(isWorkingTime(new Date(due.getTime() - MINUTE), DIREKTBERATUNG_HOURS, 'BY')).toBe(true);
        expect(due.getTime()).toBeGreaterThanOrEqual(from.getTime() + minutes * MINUTE);
      }),
      { numRuns: 150 },
    );
  });
});
