import { addCalendarMonths } from '../domain/calendar-months';

test.each([
  ['2026-01-15T10:00:00.000Z', 6, '2026-07-15T10:00:00.000Z'],
  ['2026-01-31T10:00:00.000Z', 1, '2026-02-28T10:00:00.000Z'],
  ['2028-01-31T10:00:00.000Z', 1, '2028-02-29T10:00:00.000Z'],
  ['2026-08-31T23:30:00.000Z', 6, '2027-02-28T23:30:00.000Z'],
  ['2026-11-25T08:00:00.000Z', 14, '2028-01-25T08:00:00.000Z'],
])('%s plus %i months is %s', (from, months, expected) => {
  expect(addCalendarMonths(new Date(from), months).toISOString()).toBe(expected);
});
