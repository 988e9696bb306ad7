/**
 * Wall clock ↔ instant in the bank's time zone for the simulator's calendars. Opening and working
 * hours are wall-clock times (09:00 is 09:00 in January and in July); the instants they mean move
 * by an hour at the March and October clock changes. The zone's rules come from the platform
 * (`Intl`), through the domain's calling-hours helpers.
 */
import { BANK_TIME_ZONE, WEEKDAYS, toLocalDateTime, type Weekday } from '../../../domain/calling-hours';
import type { IsoDate } from '../../../domain/german-holidays';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The zone every branch of the simulated bank is in. */
export const SIMULATOR_TIME_ZONE = BANK_TIME_ZONE;

/**
 * The instant the wall clock of the zone shows `minuteOfDay` on `date`. Working hours never lie in
 * the hour skipped in March (02:00–03:00) nor the one repeated in October, so each wall time used
 * here names exactly one instant: the offset at the first guess corrects the guess.
 *
 * From 04:00 on, the day's offset is the one at its noon: German clocks change at 02:00/03:00, so
 * it holds from then to midnight. That offset is cached per date (Intl lookups dominate a
 * free/busy answer otherwise); earlier times are computed exactly.
 */
export function instantAt(date: IsoDate, minuteOfDay: number, timeZone = SIMULATOR_TIME_ZONE): number {
  const wall = Date.parse(`${date}T00:00:00Z`) + minuteOfDay * MINUTE_MS;
  if (minuteOfDay >= 4 * 60 && timeZone === SIMULATOR_TIME_ZONE) return wall - dayOffsetMs(date);
  return exactInstant(wall, timeZone);
}

function exactInstant(wall: number, timeZone: string): number {
  const guess = wall - toLocalDateTime(new Date(wall), timeZone).utcOffsetMinutes * MINUTE_MS;
  return wall - toLocalDateTime(new Date(guess), timeZone).utcOffsetMinutes * MINUTE_MS;
}

/** Offsets of days already asked for; a few hundred bytes per year of dates. */
const dayOffsets = new Map<IsoDate, number>();

function dayOffsetMs(date: IsoDate): number {
  let offset = dayOffsets.get(date);
  if (offset === undefined) {
    const noon = Date.parse(`${date}T12:00:00Z`);
    offset = noon - exactInstant(noon, SIMULATOR_TIME_ZONE);
    dayOffsets.set(date, offset);
  }
  return offset;
}

/** The local date of an instant. */
export function localDateOf(instant: number, timeZone = SIMULATOR_TIME_ZONE): IsoDate {
  return toLocalDateTime(new Date(instant), timeZone).date;
}

/** The weekday of a calendar date. */
export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? 'sun';
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a calendar date: a stable number to seed a day's random stream with. */
export function epochDay(date: IsoDate): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** `HH:MM` → minutes since midnight (`24:00` → 1440). */
export function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}
