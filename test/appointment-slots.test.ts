/**
 * The pure appointment rules: slots within opening and working hours, never on a public holiday
 * of the branch's state nor in an absence, the buffer around busy time, the grid, sorting and the
 * limit, the March and October clock changes; the reminder time (none for a late booking); the
 * outcome task's due time (the next business day); the query's 400s naming the field.
 */
import fc from 'fast-check';
import { findSlots, instantAt, type SlotAdvisor, type SlotBranch, type SlotCalendar, type SlotRules } from '../domain/appointment-slots';
import { germanDateTime, outcomeDueAt, reminderAt, SlotQuerySchema, type AppointmentBranch } from '../domain/appointment';
import { toLocalDateTime } from '../domain/calling-hours';

const week = (hours: Array<{ start: string; end: string }>, saturday: Array<{ start: string; end: string }> = []) => ({
  mon: hours,
  tue: hours,
  wed: hours,
  thu: hours,
  fri: hours,
  sat: saturday,
  sun: [],
});

const branch: SlotBranch & AppointmentBranch = {
  branchId: 'F-01',
  name: 'Filiale Paderborn Hauptstelle',
  town: 'Paderborn',
  federalState: 'NW',
  timeZone: 'Europe/Berlin',
  openingHours: week([{ start: '09:00', end: '18:00' }], [{ start: '10:00', end: '13:00' }]),
};
const advisor: SlotAdvisor = {
  advisorId: 'B-0101',
  name: 'Finn Kemper',
  branchId: 'F-01',
  workingHours: week([{ start: '08:00', end: '12:30' }, { start: '13:30', end: '17:00' }]),
  absences: [],
};
const rules: SlotRules = { lengthMinutes: 60, bufferMinutes: 15, stepMinutes: 30, leadMinutes: 60 };
/** Bookable all day long: the rules under test decide alone. */
const open = (from: string, to: string): SlotCalendar => ({ available: [{ start: from, end: to }], busy: [] });
const now = new Date('2026-11-26T10:00:00Z');

function search(from: string, to: string, calendar: SlotCalendar = open(from, to), overrides: Partial<Parameters<typeof findSlots>[0]> = {}) {
  return findSlots({ candidates: [{ branch, advisor, calendar }], from: new Date(from), to: new Date(to), now, rules, limit: 500, ...overrides });
}

const local = (iso: string) => {
  const at = toLocalDateTime(new Date(iso));
  return `${at.date} ${at.time}`;
};

test('slots lie within opening hours and working hours, on the grid, an hour long', () => {
  // Tuesday 1 December 2026: working 08:00–12:30 and 13:30–17:00, open 09:00–18:00.
  const slots = search('2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z');
  expect(slots.map((slot) => local(slot.start).slice(11))).toEqual(['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00']);
  for (const slot of slots) expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(60 * 60_000);
});

test('the buffer keeps free time before and after busy time', () => {
  const calendar: SlotCalendar = { available: [{ start: '2026-11-30T23:00:00Z', end: '2026-12-01T23:00:00Z' }], busy: [{ start: '2026-12-01T10:00:00Z', end: '2026-12-01T11:00:00Z' }] };
  const starts = search('2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z', calendar).map((slot) => local(slot.start).slice(11));
  // Busy 11:00–12:00 local: 09:30–10:30 keeps 30 minutes before it, 10:00–11:00 none.
  expect(starts).toContain('09:30');
  expect(starts).not.toContain('10:00'); // ends 11:00, no buffer left
  expect(starts).not.toContain('11:00');
  expect(starts).not.toContain('11:30'); // would need working time until 12:30 and 15 minutes after 12:00
  const none = search('2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z', calendar, { rules: { ...rules, bufferMinutes: 0 } }).map((slot) => local(slot.start).slice(11));
  expect(none).toContain('10:00');
});

test('only inside the calendar\'s own bookable time; not before now plus the lead time', () => {
  const calendar: SlotCalendar = { available: [{ start: '2026-12-01T12:00:00Z', end: '2026-12-01T15:00:00Z' }], busy: [] };
  expect(search('2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z', calendar).map((slot) => local(slot.start).slice(11))).toEqual(['13:30', '14:00', '14:30', '15:00']);
  const soon = search('2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z', undefined, { now: new Date('2026-12-01T09:10:00Z') });
  expect(local(soon[0]!.start)).toBe('2026-12-01 11:30');
});

test('no slots on a public holiday of the branch\'s state, nor in an absence, nor on Sunday', () => {
  // Corpus Christi 27 May 2027: a holiday in NW, not in Berlin.
  const day = ['2027-05-26T22:00:00Z', '2027-05-27T22:00:00Z'] as const;
  expect(search(...day)).toEqual([]);
  expect(findSlots({ candidates: [{ branch: { ...branch, federalState: 'BE' }, advisor, calendar: open(...day) }], from: new Date(day[0]), to: new Date(day[1]), now, rules, limit: 50 })).not.toEqual([]);
  const away = { ...advisor, absences: [{ from: '2026-12-01', to: '2026-12-02' }] };
  expect(findSlots({ candidates: [{ branch, advisor: away, calendar: open('2026-11-30T23:00:00Z', '2026-12-02T23:00:00Z') }], from: new Date('2026-11-30T23:00:00Z'), to: new Date('2026-12-02T23:00:00Z'), now, rules, limit: 50 })).toEqual([]);
  expect(search('2026-12-05T23:00:00Z', '2026-12-06T23:00:00Z')).toEqual([]);
});

test('the March clock change: 09:00 stays 09:00 local, the instant moves an hour', () => {
  // Easter 2027: Good Friday 26 and Easter Monday 29 March are holidays everywhere; the clocks
  // change on Sunday 28. Slots on Thursday before and Tuesday after.
  const slots = search('2027-03-24T23:00:00Z', '2027-03-30T22:00:00Z');
  const firsts = new Map<string, string>();
  for (const slot of slots) if (!firsts.has(local(slot.start).slice(0, 10))) firsts.set(local(slot.start).slice(0, 10), slot.start);
  expect([...firsts.keys()]).toEqual(['2027-03-25', '2027-03-30']);
  expect(firsts.get('2027-03-25')).toBe('2027-03-25T08:00:00.000Z');
  expect(firsts.get('2027-03-30')).toBe('2027-03-30T07:00:00.000Z');
});

test('the October clock change: Friday before at 07:00Z, Tuesday after (All Saints\' Day in NW) at 08:00Z', () => {
  const slots = search('2027-10-28T22:00:00Z', '2027-11-02T23:00:00Z');
  const days = [...new Set(slots.map((slot) => local(slot.start).slice(0, 10)))];
  expect(days).toEqual(['2027-10-29', '2027-11-02']);
  expect(slots[0]!.start).toBe('2027-10-29T07:00:00.000Z');
  expect(slots.find((slot) => slot.start.startsWith('2027-11-02'))!.start).toBe('2027-11-02T08:00:00.000Z');
  expect(instantAt('2027-10-31', 9 * 60, 'Europe/Berlin').toISOString()).toBe('2027-10-31T08:00:00.000Z');
});

test('several advisors: sorted by start, then advisor; limited', () => {
  const second = { ...advisor, advisorId: 'B-0102', name: 'Tobias Baumann' };
  const range = ['2026-11-30T23:00:00Z', '2026-12-01T23:00:00Z'] as const;
  const slots = findSlots({ candidates: [{ branch, advisor: second, calendar: open(...range) }, { branch, advisor, calendar: open(...range) }], from: new Date(range[0]), to: new Date(range[1]), now, rules, limit: 3 });
  expect(slots.map((slot) => [local(slot.start).slice(11), slot.advisorId])).toEqual([['09:00', 'B-0101'], ['09:00', 'B-0102'], ['09:30', 'B-0101']]);
});

test('property: every slot lies in opening hours, away from busy time by the buffer', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 13 * 24 * 4 }), fc.integer({ min: 1, max: 12 })), { maxLength: 30 }), (busySpecs) => {
      const from = Date.parse('2027-03-22T00:00:00+01:00');
      const busy = busySpecs.map(([quarter, length]) => ({ start: new Date(from + quarter * 15 * 60_000).toISOString(), end: new Date(from + (quarter + length) * 15 * 60_000).toISOString() }));
      const to = new Date(from + 14 * 24 * 3600_000).toISOString();
      const slots = search(new Date(from).toISOString(), to, { available: [{ start: new Date(from).toISOString(), end: to }], busy });
      for (const slot of slots) {
        const start = toLocalDateTime(new Date(slot.start));
        const end = toLocalDateTime(new Date(slot.end));
        expect(start.date).toBe(end.date);
        expect(start.minuteOfDay).toBeGreaterThanOrEqual(9 * 60);
        expect(end.minuteOfDay).toBeLessThanOrEqual(17 * 60);
        for (const taken of busy) {
          const clear = Date.parse(slot.end) + 15 * 60_000 <= Date.parse(taken.start) || Date.parse(taken.end) <= Date.parse(slot.start) - 15 * 60_000;
          expect(clear).toBe(true);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('the reminder: a day before, none for a booking later than that, and across the clock change', () => {
  const policy = { reminderHours: 24 };
  // 09:00 CEST on Monday 29 March 2027; 24 hours before is 07:00Z on the Sunday of the change,
  // six hours after the clocks went forward: 09:00 CEST as well.
  const start = new Date('2027-03-29T07:00:00Z');
  expect(reminderAt(start, new Date('2027-03-20T10:00:00Z'), policy)?.toISOString()).toBe('2027-03-28T07:00:00.000Z');
  expect(local('2027-03-28T07:00:00.000Z')).toBe('2027-03-28 09:00');
  expect(reminderAt(start, new Date('2027-03-28T08:00:00Z'), policy)).toBeUndefined();
  expect(reminderAt(start, new Date('2027-03-20T10:00:00Z'), { reminderHours: 0 })).toBeUndefined();
});

test('the outcome task is due at the close of the branch\'s next business day', () => {
  // Thursday 25 March 2027 → Good Friday → Saturday 27 March, open until 13:00 CET.
  expect(outcomeDueAt(new Date('2027-03-25T10:00:00Z'), branch).toISOString()).toBe('2027-03-27T12:00:00.000Z');
  // Saturday → (Sunday, Easter Monday) → Tuesday 30 March, after the change: close 18:00 CEST.
  expect(outcomeDueAt(new Date('2027-03-27T10:00:00Z'), branch).toISOString()).toBe('2027-03-30T16:00:00.000Z');
});

test('German date and time for emails and pages', () => {
  expect(germanDateTime('2027-03-29T08:00:00Z')).toBe('Montag, 29. März 2027, 10:00 Uhr');
  expect(germanDateTime('2027-03-26T08:00:00Z')).toBe('Freitag, 26. März 2027, 09:00 Uhr');
});

test.each([
  [{ topic: 'baufinanzierung', from: '2027-03-01', to: '2027-03-05' }, 'branchId'],
  [{ topic: 'baufinanzierung', branchId: 'F-01', from: '2027-03-05', to: '2027-03-01' }, 'to'],
  [{ topic: 'baufinanzierung', branchId: 'F-01', from: '2027-03-01', to: '2027-03-31' }, 'to'],
  [{ topic: 'Bau Finanzierung', branchId: 'F-01', from: '2027-03-01', to: '2027-03-05' }, 'topic'],
  [{ topic: 'baufinanzierung', branchId: 'F-01', from: '1. März', to: '2027-03-05' }, 'from'],
  [{ topic: 'baufinanzierung', branchId: 'F-01', from: '2027-03-01', to: '2027-03-05', channel: 'fax' }, 'channel'],
])('a bad slot query names the field: %j', (query, field) => {
  const parsed = SlotQuerySchema.safeParse(query);
  expect(parsed.success).toBe(false);
  expect(parsed.error!.issues.map((issue) => issue.path.join('.'))).toContain(field);
});
