/**
 * When an advisor can be booked and which appointments the calendar already holds, computed per
 * local day and never stored: bookable time is the advisor's working hours within the branch's
 * opening hours, on days that are neither an absence nor a public holiday of the branch's state.
 * The appointments booked before the simulation are drawn per advisor and day from the seed, so
 * about half of the bookable time is taken and any range asked for looks the same every time.
 */
import { isFederalState, isPublicHoliday, type IsoDate } from '../../../domain/german-holidays';
import type { Advisor, TimeWindow } from '../calendar.port';
import type { BranchDirectory } from './branch-directory';
import { epochDay, instantAt, minutesOf, weekdayOf } from './local-time';
import { createRng, mixSeed } from './prng';

/** `[start, end)` in ms since the epoch. */
export type Span = readonly [number, number];

/** Appointments booked before the simulation start on this grid (minutes). */
const GRID_MINUTES = 30;
/** Chance that an appointment starts at a free grid point; with 30–90 minutes each, about half is busy. */
const START_CHANCE = 1 / 3;
const LENGTHS_MINUTES = [30, 60, 60, 90] as const;

/** Bookable and pre-booked time of advisors, from the directory and the seed. */
export class Availability {
  constructor(
    private readonly seed: number,
    private readonly directory: BranchDirectory,
  ) {}

  /** Bookable spans of the advisor on a local date, in order. */
  bookable(advisor: Advisor, date: IsoDate): Span[] {
    return this.bookableMinutes(advisor, date).map(([start, end]) => [instantAt(date, start), instantAt(date, end)] as const);
  }

  /** The appointments the calendar held before the simulation, on a local date, in order. */
  seededAppointments(advisor: Advisor, date: IsoDate): Span[] {
    const rng = createRng(mixSeed(this.seed, hashId(advisor.advisorId), epochDay(date), 0xca1));
    const appointments: Span[] = [];
    for (const [from, to] of this.bookableMinutes(advisor, date)) {
      let at = Math.ceil(from / GRID_MINUTES) * GRID_MINUTES;
      while (at + GRID_MINUTES <= to) {
        if (!rng.chance(START_CHANCE)) {
          at += GRID_MINUTES;
          continue;
        }
        const end = Math.min(at + rng.pick(LENGTHS_MINUTES), to);
        appointments.push([instantAt(date, at), instantAt(date, end)]);
        at = end;
      }
    }
    return appointments;
  }

  private bookableMinutes(advisor: Advisor, date: IsoDate): Array<[number, number]> {
    const branch = this.directory.branch(advisor.branchId);
    if (!branch) return [];
    if (isFederalState(branch.federalState) && isPublicHoliday(date, branch.federalState)) return [];
    if (advisor.absences.some((absence) => absence.from <= date && date <= absence.to)) return [];
    const weekday = weekdayOf(date);
    return intersect(advisor.workingHours[weekday], branch.openingHours[weekday]);
  }
}

/** Where two lists of windows overlap, in minutes of the day. */
function intersect(a: readonly TimeWindow[], b: readonly TimeWindow[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(minutesOf(x.start), minutesOf(y.start));
      const end = Math.min(minutesOf(x.end), minutesOf(y.end));
      if (start < end) spans.push([start, end]);
    }
  }
  return spans.sort((p, q) => p[0] - q[0]);
}

/** A stable number for an id, to seed its stream with. */
function hashId(id: string): number {
  return mixSeed(...Array.from(id, (char) => char.codePointAt(0) ?? 0));
}

/** `spans` minus `taken`, both sorted or not; the result is sorted. */
export function subtract(spans: readonly Span[], taken: readonly Span[]): Span[] {
  const sortedTaken = [...taken].sort((p, q) => p[0] - q[0]);
  const result: Span[] = [];
  for (const [start, end] of [...spans].sort((p, q) => p[0] - q[0])) {
    let cursor = start;
    for (const [takenStart, takenEnd] of sortedTaken) {
      if (takenEnd <= cursor || takenStart >= end) continue;
      if (takenStart > cursor) result.push([cursor, takenStart]);
      cursor = Math.max(cursor, takenEnd);
    }
    if (cursor < end) result.push([cursor, end]);
  }
  return result;
}

/** Whether `[start, end)` and `[otherStart, otherEnd)` share any time. */
export function overlaps([start, end]: Span, [otherStart, otherEnd]: Span): boolean {
  return start < otherEnd && otherStart < end;
}
