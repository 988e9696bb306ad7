/**
 * Branches, advisors and their calendars over real HTTP: the core-banking client against the
 * simulator. Listing, free/busy, hold → confirm, hold expiry (by moving the simulator's clock, not
 * by waiting), idempotent repeats and refused key reuse, move, cancel, twenty parallel holds of
 * one slot, the March and October clock-change weeks, and a restart that keeps every booking.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CalendarError, CoreBankingError, type Advisor, type CalendarErrorReason, type FreeBusy, type Interval } from '../adapters/core-banking/core-banking.port';
import { HttpCoreBanking } from '../adapters/core-banking/http-core-banking';
import { startCoreBankingSimulator, type CoreBankingSimulator, type CoreBankingSimulatorOptions } from '../adapters/core-banking/simulator/server';

const MINUTE = 60_000;
const HOLD_TTL_MS = 10 * MINUTE;
/** Population and clock pinned, so absences, busy slots and "now" are the same on every run. */
const OPTIONS: CoreBankingSimulatorOptions = { seed: 42, size: 200, asOf: '2026-03-01', clockStart: '2026-03-02T08:00:00Z', holdTtlMs: HOLD_TTL_MS };
/** A week after the clock's start: every slot in it is in the future. */
const WEEK = { from: '2026-03-09T00:00:00+01:00', to: '2026-03-14T00:00:00+01:00' };

let simulator: CoreBankingSimulator;
let client: HttpCoreBanking;
let advisors: Advisor[];
let nextAdvisorIndex = 0;
let keys = 0;

beforeAll(async () => {
  simulator = await startCoreBankingSimulator(OPTIONS);
  client = new HttpCoreBanking({ baseUrl: simulator.url, timeoutMs: 5000 });
  advisors = await client.listAdvisors();
});

afterEach(() => simulator.faults.reset());

afterAll(async () => {
  await simulator.close();
});

/** A fresh idempotency key, so tests never meet each other's keys. */
const key = (label: string) => `calendar-test-${label}-${++keys}`;

/** Consecutive slots of `minutes` in the free time of a calendar, on the quarter hour. */
function slotsIn(freeBusy: FreeBusy, minutes = 60): Interval[] {
  const slots: Interval[] = [];
  for (const free of freeBusy.free) {
    let start = Math.ceil(Date.parse(free.start) / (15 * MINUTE)) * 15 * MINUTE;
    while (start + minutes * MINUTE <= Date.parse(free.end)) {
      slots.push({ start: new Date(start).toISOString(), end: new Date(start + minutes * MINUTE).toISOString() });
      start += minutes * MINUTE;
    }
  }
  return slots;
}

/** An advisor no other test uses, with at least `count` free hours in the range, and those hours. */
async function freshAdvisor(count = 2, range = WEEK): Promise<{ advisor: Advisor; slots: Interval[] }> {
  while (nextAdvisorIndex < advisors.length) {
    const advisor = advisors[nextAdvisorIndex++] as Advisor;
    const slots = slotsIn(await client.getFreeBusy(advisor.advisorId, range));
    if (slots.length >= count) return { advisor, slots };
  }
  throw new Error('no advisor left with free time');
}

async function refusal(promise: Promise<unknown>, reason: CalendarErrorReason): Promise<CalendarError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarError);
  expect((error as CalendarError).reason).toBe(reason);
  return error as CalendarError;
}

const hold = (advisorId: string, slot: Interval, idempotencyKey = key('hold')) =>
  client.holdSlot({ advisorId, ...slot, subject: 'Beratung Baufinanzierung', customerId: 'K-100003', reference: 'appointment-1', idempotencyKey });

const busyKinds = async (advisorId: string, slot: Interval) =>
  (await client.getFreeBusy(advisorId, { from: slot.start, to: slot.end })).busy.filter((b) => b.start === slot.start).map((b) => b.kind);

const berlin = new Intl.DateTimeFormat('de-DE', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const localTime = (instant: string) => berlin.format(new Date(instant));

describe('branches and advisors', () => {
  test('75 branches F-01 to F-75 in North Rhine-Westphalia, with opening hours per weekday in Europe/Berlin', async () => {
    const branches = await client.listBranches();
    expect(branches.map((b) => b.branchId)).toEqual(Array.from({ length: 75 }, (_, i) => `F-${String(i + 1).padStart(2, '0')}`));
    expect(new Set(branches.map((b) => b.name)).size).toBe(75);
    for (const branch of branches) {
      expect(branch).toMatchObject({ federalState: 'NW', timeZone: 'Europe/Berlin', postcode: expect.stringMatching(/^\d{5}$/) });
      expect(branch.openingHours.sun).toEqual([]);
    }
    const longThursday = branches.filter((b) => {
      const end = (day: 'mon' | 'thu') => b.openingHours[day].at(-1)?.end ?? '';
      return end('thu') > end('mon');
    });
    const closedAfternoons = branches.filter((b) => b.openingHours.wed.every((window) => window.end <= '13:00'));
    expect(longThursday.length).toBeGreaterThan(30);
    expect(closedAfternoons.length).toBeGreaterThan(10);
    expect(await client.getBranch('F-07')).toEqual(branches[6]);
    expect(await client.getBranch('F-99')).toBeUndefined();
  });

  test('advisors: branch, topics, working hours, absences and a deputy of the same branch; filters by branch and topic', async () => {
    const branchIds = new Set((await client.listBranches()).map((b) => b.branchId));
    expect(advisors.length).toBeGreaterThanOrEqual(3 * 75);
    const byId = new Map(advisors.map((a) => [a.advisorId, a]));
    for (const advisor of advisors) {
      expect(branchIds.has(advisor.branchId)).toBe(true);
      expect(advisor.topics.length).toBeGreaterThan(0);
      expect(advisor.deputy.advisorId).not.toBe(advisor.advisorId);
      expect(byId.get(advisor.deputy.advisorId)?.branchId).toBe(advisor.branchId);
      for (const absence of advisor.absences) expect(absence.from <= absence.to).toBe(true);
    }
    const topics = new Set(advisors.flatMap((a) => a.topics));
    expect([...topics].sort()).toEqual(['altersvorsorge', 'baufinanzierung', 'geldanlage', 'girokonto', 'kreditkarte', 'privatkredit']);

    const ofBranch = await client.listAdvisors({ branchId: 'F-12' });
    expect(ofBranch.length).toBeGreaterThanOrEqual(3);
    expect(ofBranch.every((a) => a.branchId === 'F-12')).toBe(true);
    const mortgage = await client.listAdvisors({ topic: 'baufinanzierung' });
    expect(mortgage.length).toBeGreaterThan(10);
    expect(mortgage.every((a) => a.topics.includes('baufinanzierung'))).toBe(true);
    expect(await client.getAdvisor(mortgage[0]!.advisorId)).toEqual(mortgage[0]);
    expect(await client.getAdvisor('B-9999')).toBeUndefined();
  });
});

describe('free/busy', () => {
  test('calendars are about half booked, the same for the same seed, and free is available minus busy', async () => {
    let available = 0;
    let busy = 0;
    const sample = advisors.filter((_, i) => i % 7 === 0).slice(0, 30);
    const range = { from: '2026-04-13T00:00:00+02:00', to: '2026-04-25T00:00:00+02:00' };
    for (const advisor of sample) {
      const freeBusy = await client.getFreeBusy(advisor.advisorId, range);
      const length = (intervals: Interval[]) => intervals.reduce((sum, i) => sum + Date.parse(i.end) - Date.parse(i.start), 0);
      available += length(freeBusy.available);
      busy += length(freeBusy.available) - length(freeBusy.free);
      // Nothing free lies outside bookable time or inside a busy interval.
      for (const free of freeBusy.free) {
        expect(freeBusy.available.some((a) => a.start <= free.start && free.end <= a.end)).toBe(true);
        expect(freeBusy.busy.some((b) => b.start < free.end && free.start < b.end)).toBe(false);
      }
    }
    expect(busy / available).toBeGreaterThan(0.4);
    expect(busy / available).toBeLessThan(0.6);

    const twin = await startCoreBankingSimulator(OPTIONS);
    try {
      const again = new HttpCoreBanking({ baseUrl: twin.url });
      const someone = sample[3]!.advisorId;
      expect(await again.getFreeBusy(someone, range)).toEqual(await client.getFreeBusy(someone, range));
    } finally {
      await twin.close();
    }
  });

  test('no bookable time on public holidays of the branch’s state (Good Friday, Easter Monday) nor during an absence', async () => {
    const easter = { from: '2026-04-02T00:00:00+02:00', to: '2026-04-08T00:00:00+02:00' };
    const someone = advisors.find(
      (a) => a.workingHours.thu.length > 0 && a.workingHours.tue.length > 0 && a.absences.every((absence) => absence.to < '2026-04-01' || absence.from > '2026-04-08'),
    )!;
    const days = new Set((await client.getFreeBusy(someone.advisorId, easter)).available.map((a) => a.start.slice(0, 10)));
    // Maundy Thursday and the Tuesday after Easter are working days; Good Friday and Easter Monday are not.
    expect([...days].sort()).toEqual(['2026-04-02', '2026-04-07']);

    const away = advisors.find((a) => a.absences.some((absence) => absence.reason === 'vacation'))!;
    const vacation = away.absences.find((absence) => absence.reason === 'vacation')!;
    const around = { from: new Date(Date.parse(`${vacation.from}T12:00:00Z`) - 7 * 86_400_000).toISOString(), to: new Date(Date.parse(`${vacation.to}T12:00:00Z`) + 7 * 86_400_000).toISOString() };
    const dates = (await client.getFreeBusy(away.advisorId, around)).available.map((a) => a.start.slice(0, 10));
    expect(dates.filter((d) => d >= vacation.from && d <= vacation.to)).toEqual([]);
    expect(dates.filter((d) => d < vacation.from).length).toBeGreaterThan(0);
    expect(dates.filter((d) => d > vacation.to).length).toBeGreaterThan(0);
  });

  test('an unknown advisor is a typed, final refusal; a bad range is rejected', async () => {
    const error = await refusal(client.getFreeBusy('B-9999', WEEK), 'unknown-advisor');
    expect(error).toMatchObject({ type: 'UnknownAdvisor', retryable: false, kind: 'not-found' });
    const tooLong = await client.getFreeBusy(advisors[0]!.advisorId, { from: WEEK.from, to: '2026-05-01T00:00:00+02:00' }).catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(CoreBankingError);
    expect(tooLong).toMatchObject({ kind: 'rejected', retryable: false });
  });
});

describe('hold, confirm, move, cancel', () => {
  test('hold → confirm: the slot shows held, then as an appointment; a second hold of it is SlotTaken', async () => {
    const { advisor, slots } = await freshAdvisor();
    const slot = slots[0]!;
    const held = await hold(advisor.advisorId, slot);
    expect(held).toMatchObject({ advisorId: advisor.advisorId, ...slot, status: 'held', version: 1, subject: 'Beratung Baufinanzierung', reference: 'appointment-1' });
    expect(held).not.toHaveProperty('customerId');
    const { now } = (await (await fetch(`${simulator.url}/_sim/clock`)).json()) as { now: string };
    expect(Date.parse(held.expiresAt) - Date.parse(now)).toBeGreaterThan(HOLD_TTL_MS - MINUTE);
    expect(Date.parse(held.expiresAt) - Date.parse(now)).toBeLessThanOrEqual(HOLD_TTL_MS);
    expect(await busyKinds(advisor.advisorId, slot)).toEqual(['held']);

    const confirmed = await client.confirmBooking({ bookingId: held.bookingId, idempotencyKey: key('confirm') });
    expect(confirmed).toMatchObject({ bookingId: held.bookingId, status: 'confirmed', version: 2 });
    expect(await client.getBooking(held.bookingId)).toEqual(confirmed);
    expect(await busyKinds(advisor.advisorId, slot)).toEqual(['appointment']);

    const taken = await refusal(hold(advisor.advisorId, slot), 'slot-taken');
    expect(taken).toMatchObject({ type: 'SlotTaken', retryable: false });
    // Overlapping by half an hour is as taken as the same slot.
    const shifted = { start: new Date(Date.parse(slot.start) + 30 * MINUTE).toISOString(), end: new Date(Date.parse(slot.end) + 30 * MINUTE).toISOString() };
    await refusal(hold(advisor.advisorId, shifted), 'slot-taken');
    expect(await client.getBooking('no-such-booking')).toBeUndefined();
  });

  test('a hold not confirmed in time expires: HoldExpired on confirm, and the slot is free again', async () => {
    const { advisor, slots } = await freshAdvisor();
    const slot = slots[0]!;
    const held = await hold(advisor.advisorId, slot);
    await fetch(`${simulator.url}/_sim/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: HOLD_TTL_MS }) });
    expect((await client.getBooking(held.bookingId))?.status).toBe('expired');
    const error = await refusal(client.confirmBooking({ bookingId: held.bookingId, idempotencyKey: key('confirm') }), 'hold-expired');
    expect(error).toMatchObject({ type: 'HoldExpired', retryable: false });
    await refusal(client.moveBooking({ bookingId: held.bookingId, ...slots[1]!, idempotencyKey: key('move') }), 'hold-expired');
    expect(await busyKinds(advisor.advisorId, slot)).toEqual([]);
    expect((await hold(advisor.advisorId, slot)).status).toBe('held');
  });

  test('a repeated key answers the first answer, refusals included; the same key with another request is refused', async () => {
    const { advisor, slots } = await freshAdvisor(3);
    const [slot, other] = [slots[0]!, slots[1]!];
    const holdKey = key('repeat');
    const first = await hold(advisor.advisorId, slot, holdKey);
    // The same instants spelled with the Berlin offset are the same request.
    const berlinSpelling = { start: new Date(slot.start).toISOString().replace('Z', '+00:00'), end: slot.end };
    const again = await hold(advisor.advisorId, berlinSpelling, holdKey);
    expect(again).toEqual(first);
    await client.confirmBooking({ bookingId: first.bookingId, idempotencyKey: key('confirm') });
    // Still the first answer (held), although the booking is confirmed now: the rule is "same key, same answer".
    expect(await hold(advisor.advisorId, slot, holdKey)).toEqual(first);
    const listed = (await (await fetch(`${simulator.url}/_sim/advisors/${advisor.advisorId}/bookings`)).json()) as { bookings: unknown[] };
    expect(listed.bookings).toHaveLength(1);

    const reused = await refusal(hold(advisor.advisorId, other, holdKey), 'idempotency-key-reused');
    expect(reused).toMatchObject({ type: 'IdempotencyKeyReused', retryable: false });
    await refusal(client.cancelBooking({ bookingId: first.bookingId, idempotencyKey: holdKey }), 'idempotency-key-reused');

    // A refusal is an answer too: once the slot is free again, the old key still says "taken".
    const loserKey = key('loser');
    await refusal(hold(advisor.advisorId, slot, loserKey), 'slot-taken');
    await client.cancelBooking({ bookingId: first.bookingId, idempotencyKey: key('cancel') });
    await refusal(hold(advisor.advisorId, slot, loserKey), 'slot-taken');
    expect((await hold(advisor.advisorId, slot)).status).toBe('held');
  });

  test('move is atomic: the new slot is taken and the old one freed in one step; a taken slot leaves the booking where it was', async () => {
    const { advisor, slots } = await freshAdvisor(3);
    const [from, to] = [slots[0]!, slots[2]!];
    const booking = await hold(advisor.advisorId, from);
    await client.confirmBooking({ bookingId: booking.bookingId, idempotencyKey: key('confirm') });

    const moved = await client.moveBooking({ bookingId: booking.bookingId, ...to, idempotencyKey: key('move') });
    expect(moved).toMatchObject({ bookingId: booking.bookingId, ...to, status: 'confirmed', version: 3 });
    expect(await busyKinds(advisor.advisorId, from)).toEqual([]);
    expect(await busyKinds(advisor.advisorId, to)).toEqual(['appointment']);

    // Into an appointment already in the calendar: refused, nothing changes.
    const week = await client.getFreeBusy(advisor.advisorId, WEEK);
    const appointment = week.busy.find((b) => b.kind === 'appointment' && b.start !== to.start)!;
    const occupied = { start: appointment.start, end: new Date(Date.parse(appointment.start) + 30 * MINUTE).toISOString() };
    await refusal(client.moveBooking({ bookingId: booking.bookingId, ...occupied, idempotencyKey: key('move') }), 'slot-taken');
    expect(await client.getBooking(booking.bookingId)).toEqual(moved);

    // Outside bookable time (a Sunday): SlotUnavailable.
    const sunday = { start: '2026-03-15T10:00:00+01:00', end: '2026-03-15T11:00:00+01:00' };
    const unavailable = await refusal(client.moveBooking({ bookingId: booking.bookingId, ...sunday, idempotencyKey: key('move') }), 'slot-unavailable');
    expect(unavailable.type).toBe('SlotUnavailable');
    await refusal(client.moveBooking({ bookingId: 'no-such-booking', ...to, idempotencyKey: key('move') }), 'unknown-booking');
  });

  test('cancel frees the slot; cancelling again changes nothing; a cancelled booking cannot be confirmed or moved', async () => {
    const { advisor, slots } = await freshAdvisor();
    const booking = await hold(advisor.advisorId, slots[0]!);
    await client.confirmBooking({ bookingId: booking.bookingId, idempotencyKey: key('confirm') });
    const cancelled = await client.cancelBooking({ bookingId: booking.bookingId, idempotencyKey: key('cancel') });
    expect(cancelled).toMatchObject({ status: 'cancelled', version: 3 });
    expect(await busyKinds(advisor.advisorId, slots[0]!)).toEqual([]);
    expect(await client.cancelBooking({ bookingId: booking.bookingId, idempotencyKey: key('cancel') })).toEqual(cancelled);
    const error = await refusal(client.confirmBooking({ bookingId: booking.bookingId, idempotencyKey: key('confirm') }), 'booking-cancelled');
    expect(error).toMatchObject({ type: 'BookingCancelled', retryable: false });
    await refusal(client.moveBooking({ bookingId: booking.bookingId, ...slots[1]!, idempotencyKey: key('move') }), 'booking-cancelled');
  });

  test('twenty parallel holds of one slot over HTTP: exactly one wins, the other nineteen are SlotTaken', async () => {
    const { advisor, slots } = await freshAdvisor();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => hold(advisor.advisorId, slots[0]!, key(`race-${i}`))));
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(19);
    for (const { reason } of lost) expect(reason).toMatchObject({ name: 'CalendarError', reason: 'slot-taken', type: 'SlotTaken' });
    const listed = (await (await fetch(`${simulator.url}/_sim/advisors/${advisor.advisorId}/bookings`)).json()) as { bookings: unknown[] };
    expect(listed.bookings).toHaveLength(1);
  });

  test('an outage is a retryable CoreBankingError, not a calendar refusal; the retry with the same key holds once', async () => {
    const { advisor, slots } = await freshAdvisor();
    const retryKey = key('outage');
    simulator.faults.failNext(1);
    const outage = await hold(advisor.advisorId, slots[0]!, retryKey).catch((e: unknown) => e);
    expect(outage).not.toBeInstanceOf(CalendarError);
    expect(outage).toMatchObject({ kind: 'unavailable', retryable: true });
    const held = await hold(advisor.advisorId, slots[0]!, retryKey);
    expect(await hold(advisor.advisorId, slots[0]!, retryKey)).toEqual(held);
  });

  test('slots in the past, off the quarter hour or before opening time are refused', async () => {
    const { advisor, slots } = await freshAdvisor();
    await refusal(hold(advisor.advisorId, { start: '2026-03-02T08:00:00Z', end: '2026-03-02T09:00:00Z' }), 'slot-unavailable');
    const skewed = { start: new Date(Date.parse(slots[0]!.start) + 5 * MINUTE).toISOString(), end: slots[0]!.end };
    await expect(hold(advisor.advisorId, skewed)).rejects.toMatchObject({ kind: 'rejected' });
    const available = (await client.getFreeBusy(advisor.advisorId, WEEK)).available[0]!;
    const beforeOpening = { start: new Date(Date.parse(available.start) - 30 * MINUTE).toISOString(), end: new Date(Date.parse(available.start) + 30 * MINUTE).toISOString() };
    await refusal(hold(advisor.advisorId, beforeOpening), 'slot-unavailable');
    await refusal(hold('B-9999', slots[0]!), 'unknown-advisor');
  });
});

describe('the March and October clock changes', () => {
  /** The local (Berlin) start times of bookable time per local date, and their instants. */
  async function bookableStarts(advisorId: string, from: string, to: string): Promise<Map<string, { local: string; instant: string }>> {
    const { available } = await client.getFreeBusy(advisorId, { from, to });
    const firstPerDay = new Map<string, { local: string; instant: string }>();
    for (const interval of available) {
      const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(interval.start));
      if (!firstPerDay.has(date)) firstPerDay.set(date, { local: localTime(interval.start), instant: interval.start });
    }
    return firstPerDay;
  }

  /** Someone who works Mondays and Fridays at a branch open then, away on neither side of both changes. */
  function steadyAdvisor(): Advisor {
    const clear = (a: Advisor) => a.absences.every((absence) => !['2026-03', '2026-10'].some((month) => absence.from.startsWith(month) || absence.to.startsWith(month)));
    return advisors.find((a) => clear(a) && a.workingHours.mon.length > 0 && a.workingHours.fri.length > 0)!;
  }

  test.each([
    ['March', '2026-03-23T00:00:00+01:00', '2026-04-01T00:00:00+02:00', '2026-03-27', '2026-03-30', 60, 120],
    ['October', '2026-10-19T00:00:00+02:00', '2026-10-28T00:00:00+01:00', '2026-10-23', '2026-10-26', 120, 60],
  ])('%s: bookable time starts at the same wall-clock time before and after the change; the instants move by an hour', async (_month, from, to, friday, monday, offsetBefore, offsetAfter) => {
    const advisor = steadyAdvisor();
    const starts = await bookableStarts(advisor.advisorId, from, to);
    const before = starts.get(friday)!;
    const after = starts.get(monday)!;
    const branch = (await client.getBranch(advisor.branchId))!;
    const expected = (day: 'mon' | 'fri') => [advisor.workingHours[day][0]!.start, branch.openingHours[day][0]!.start].sort().at(-1);
    expect(before.local).toBe(expected('fri'));
    expect(after.local).toBe(expected('mon'));
    const utcMinutes = (instant: string) => new Date(instant).getUTCHours() * 60 + new Date(instant).getUTCMinutes();
    const wallMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    expect(wallMinutes(before.local) - utcMinutes(before.instant)).toBe(offsetBefore);
    expect(wallMinutes(after.local) - utcMinutes(after.instant)).toBe(offsetAfter);
    // Every bookable interval begins and ends on a wall-clock boundary of the hours, whatever the offset.
    const { available } = await client.getFreeBusy(advisor.advisorId, { from, to });
    for (const interval of available) {
      expect(localTime(interval.start)).toMatch(/^(0[89]|1\d):(00|30)$/);
      expect(localTime(interval.end)).toMatch(/^(1\d|0[89]):(00|30)$/);
    }
  });

  test('a hold given in local time with its offset lands on the right instant on both sides of each change', async () => {
    for (const [range, localSlot] of [
      [{ from: '2026-03-30T00:00:00+02:00', to: '2026-04-03T00:00:00+02:00' }, '+02:00'],
      [{ from: '2026-03-23T00:00:00+01:00', to: '2026-03-28T00:00:00+01:00' }, '+01:00'],
      [{ from: '2026-10-19T00:00:00+02:00', to: '2026-10-24T00:00:00+02:00' }, '+02:00'],
      [{ from: '2026-10-26T00:00:00+01:00', to: '2026-10-31T00:00:00+01:00' }, '+01:00'],
    ] as const) {
      const { advisor, slots } = await freshAdvisor(1, range);
      const slot = slots[0]!;
      const local = localTime(slot.start);
      const date = slot.start.slice(0, 10);
      const spelled = { start: `${date}T${local}:00${localSlot}`, end: slot.end };
      const held = await hold(advisor.advisorId, spelled);
      expect(held.start).toBe(slot.start);
      expect(localTime(held.start)).toBe(local);
    }
  });
});

describe('restart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-calendar-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('bookings, holds, cancellations and the answers to their keys survive a restart', async () => {
    const journalFile = path.join(dir, 'core-banking.jsonl');
    const first = await startCoreBankingSimulator({ ...OPTIONS, journalFile });
    const before = new HttpCoreBanking({ baseUrl: first.url });
    const advisorId = advisors[advisors.length - 1]!.advisorId;
    const slots = slotsIn(await before.getFreeBusy(advisorId, WEEK));
    const confirmedKey = key('restart-hold');
    const confirmed = await before.holdSlot({ advisorId, ...slots[0]!, subject: 'Beratung', idempotencyKey: confirmedKey });
    await before.confirmBooking({ bookingId: confirmed.bookingId, idempotencyKey: key('restart-confirm') });
    const held = await before.holdSlot({ advisorId, ...slots[1]!, subject: 'Beratung', idempotencyKey: key('restart-hold') });
    const cancelled = await before.holdSlot({ advisorId, ...slots[2]!, subject: 'Beratung', idempotencyKey: key('restart-hold') });
    await before.cancelBooking({ bookingId: cancelled.bookingId, idempotencyKey: key('restart-cancel') });
    const calendarBefore = await before.getFreeBusy(advisorId, WEEK);
    await first.close();

    const second = await startCoreBankingSimulator({ ...OPTIONS, journalFile });
    try {
      const after = new HttpCoreBanking({ baseUrl: second.url });
      expect((await after.getBooking(confirmed.bookingId))?.status).toBe('confirmed');
      expect((await after.getBooking(held.bookingId))?.status).toBe('held');
      expect((await after.getBooking(cancelled.bookingId))?.status).toBe('cancelled');
      expect(await after.getFreeBusy(advisorId, WEEK)).toEqual(calendarBefore);
      expect(await after.holdSlot({ advisorId, ...slots[0]!, subject: 'Beratung', idempotencyKey: confirmedKey })).toEqual(confirmed);
      await refusal(after.holdSlot({ advisorId, ...slots[0]!, subject: 'Beratung', idempotencyKey: key('restart-late') }), 'slot-taken');
    } finally {
      await second.close();
    }
  });
});
