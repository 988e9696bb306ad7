/**
 * Slot search for appointments with branch advisors (issue 10, section 2): pure, so the API, the
 * booking check and the tests share one rule. A slot is offered only when it lies
 * - inside the branch's opening hours and the advisor's working hours on that local day,
 * - on no public holiday of the branch's federal state and on no day of the advisor's absence,
 * - inside the calendar's own bookable time (`available`), and
 * - with the configured buffer free before and after it (nothing busy overlaps it).
 *
 * Wall-clock rules are read in the branch's zone (Europe/Berlin): a slot at 09:00 stays 09:00
 * across the March and October clock changes; the instant moves with the offset.
 */
import type { TimeWindow, Weekday } from './calling-hours';
import { toLocalDateTime } from './calling-hours';
import { isFederalState, isPublicHoliday, type IsoDate } from './german-holidays';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A branch as the slot search needs it. */
export interface SlotBranch {
  branchId: string;
  federalState: string;
  timeZone: string;
  openingHours: Readonly<Record<Weekday, readonly TimeWindow[]>>;
}

/** An advisor as the slot search needs it. */
export interface SlotAdvisor {
  advisorId: string;
  name: string;
  branchId: string;
  workingHours: Readonly<Record<Weekday, readonly TimeWindow[]>>;
  absences: ReadonlyArray<{ from: IsoDate; to: IsoDate }>;
}

/** The advisor's calendar between two instants (the core-banking port's free/busy). */
export interface SlotCalendar {
  available: ReadonlyArray<{ start: string; end: string }>;
  busy: ReadonlyArray<{ start: string; end: string }>;
}

/** How slots are cut. */
export interface SlotRules {
  /** Length of an appointment, in minutes. */
  lengthMinutes: number;
  /** Free time kept before and after every appointment, in minutes. */
  bufferMinutes: number;
  /** Slots start on this grid of the local clock, counted from the window's opening (minutes). */
  stepMinutes: number;
  /** A slot must start at least this many minutes after now. */
  leadMinutes: number;
}

/** An offered slot. */
export interface Slot {
  advisorId: string;
  advisorName: string;
  branchId: string;
  /** Instants, ISO 8601 UTC. */
  start: string;
  end: string;
}

export interface SlotSearch {
  candidates: ReadonlyArray<{ branch: SlotBranch; advisor: SlotAdvisor; calendar: SlotCalendar }>;
  /** The range searched, as instants: slots lie inside `[from, to)`. */
  from: Date;
  to: Date;
  now: Date;
  rules: SlotRules;
  limit: number;
  /** Offer slots whether or not the calendar is busy then (tells "not a slot" from "taken"). */
  ignoreBusy?: boolean;
}

/** Free slots of all candidates, soonest first (then by advisor), at most `limit`. */
export function findSlots(search: SlotSearch): Slot[] {
  const slots: Slot[] = [];
  for (const candidate of search.candidates) slots.push(...slotsOf(candidate, search));
  slots.sort((a, b) => a.start.localeCompare(b.start) || a.advisorId.localeCompare(b.advisorId));
  return slots.slice(0, search.limit);
}

function slotsOf({ branch, advisor, calendar }: SlotSearch['candidates'][number], search: SlotSearch): Slot[] {
  const { rules } = search;
  const zone = branch.timeZone;
  const length = rules.lengthMinutes * MINUTE;
  const buffer = rules.bufferMinutes * MINUTE;
  const earliest = Math.max(search.from.getTime(), search.now.getTime() + rules.leadMinutes * MINUTE);
  const available = calendar.available.map(toMs);
  const busy = search.ignoreBusy ? [] : calendar.busy.map(toMs);
  const slots: Slot[] = [];
  for (const date of localDates(search.from, search.to, zone)) {
    if (isFederalState(branch.federalState) && isPublicHoliday(date, branch.federalState)) continue;
    if (advisor.absences.some((absence) => absence.from <= date && date <= absence.to)) continue;
    const weekday = toLocalDateTime(instantAt(date, 12 * 60, zone), zone).weekday;
    for (const window of intersect(branch.openingHours[weekday] ?? [], advisor.workingHours[weekday] ?? [])) {
      for (let minute = window.start; minute + rules.lengthMinutes <= window.end; minute += rules.stepMinutes) {
        const start = instantAt(date, minute, zone).getTime();
        const end = start + length;
        if (start < earliest || end > search.to.getTime()) continue;
        if (!available.some((free) => free.start <= start && end <= free.end)) continue;
        if (busy.some((taken) => taken.start < end + buffer && start - buffer < taken.end)) continue;
        slots.push({ advisorId: advisor.advisorId, advisorName: advisor.name, branchId: branch.branchId, start: new Date(start).toISOString(), end: new Date(end).toISOString() });
      }
    }
  }
  return slots;
}

const toMs = (interval: { start: string; end: string }) => ({ start: Date.parse(interval.start), end: Date.parse(interval.end) });

/** `HH:MM` → minutes since midnight. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** The overlap of two lists of wall-clock windows, in minutes since midnight. */
function intersect(a: readonly TimeWindow[], b: readonly TimeWindow[]): Array<{ start: number; end: number }> {
  const result: Array<{ start: number; end: number }> = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(minutesOf(x.start), minutesOf(y.start));
      const end = Math.min(minutesOf(x.end), minutesOf(y.end));
      if (start < end) result.push({ start, end });
    }
  }
  return result.sort((p, q) => p.start - q.start);
}

/** Every local date whose day overlaps `[from, to)`, in order. */
export function localDates(from: Date, to: Date, zone: string): IsoDate[] {
  const dates: IsoDate[] = [];
  let date = toLocalDateTime(from, zone).date;
  const last = toLocalDateTime(new Date(to.getTime() - 1), zone).date;
  while (date <= last) {
    dates.push(date);
    date = new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  }
  return dates;
}

/**
 * The instant at which the wall clock of `zone` shows `minuteOfDay` on `date`. Opening hours never
 * lie in the hour the clock skips or repeats (02:00–03:00 in Berlin); should one, the earlier
 * reading counts.
 */
export function instantAt(date: IsoDate, minuteOfDay: number, zone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * MINUTE;
  const offsets = [wall - DAY / 2, wall + DAY / 2].map((probe) => toLocalDateTime(new Date(probe), zone).utcOffsetMinutes * MINUTE);
  const readings = offsets.map((offset) => wall - offset).filter((at) => at + toLocalDateTime(new Date(at), zone).utcOffsetMinutes * MINUTE === wall);
  return new Date(readings.length > 0 ? Math.min(...readings) : wall - Math.max(...offsets));
}
