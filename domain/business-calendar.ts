/**
 * The business calendar for due times (DESIGN.md "Business calendar"): working time is the time
 * inside a set of opening hours on days that are no public holiday of the given state. Built on
 * the calling-hours module, so calling hours and working hours read the same way.
 */
import { nextCallingTime, isCallingTime, type CallingHours } from './calling-hours';
import type { FederalState } from './german-holidays';

const MINUTE = 60_000;

/** The first working instant at or after `from` (`from` itself when the hours have no window). */
export function nextWorkingTime(from: Date, hours: CallingHours, state?: FederalState): Date {
  return nextCallingTime(from, hours, state) ?? from;
}

/**
 * The instant at which `minutes` of working time have passed, counted from `from` (which may lie
 * outside working hours: counting starts at the next opening). Closed evenings, weekends and
 * holidays do not count. Minute steps: due times are minutes, and SLAs are hours, not years.
 */
export function addWorkingMinutes(from: Date, minutes: number, hours: CallingHours, state?: FederalState): Date {
  let at = nextWorkingTime(from, hours, state).getTime();
  for (let left = minutes; left > 0; left--) {
    // The minute [at, at + 1 min) is working time; skip to the next opening before counting on.
    if (!isCallingTime(new Date(at), hours, state)) at = nextWorkingTime(new Date(at), hours, state).getTime();
    at += MINUTE;
  }
  return new Date(at);
}

/** True when `at` lies in working time (opening hours, no public holiday). */
export function isWorkingTime(at: Date, hours: CallingHours, state?: FederalState): boolean {
  return isCallingTime(at, hours, state);
}
