/**
 * Calling hours: when the bank may phone a customer, as windows of local wall-clock time per
 * weekday, never on the customer's state's public holidays. Pure and deterministic ("now" is always
 * a parameter): workflows use it as well as the API.
 *
 * Local time comes from `Intl.DateTimeFormat` with the configured IANA zone, so daylight-saving
 * changes are handled by the platform's time-zone data rather than by rules of our own.
 */
import type { FederalState, IsoDate, PublicHoliday } from './german-holidays';
import { DEFAULT_FEDERAL_STATE, isFederalState, isPublicHoliday, publicHolidayOn } from './german-holidays';

/** Weekday keys, in the order of `Date#getUTCDay` (Sunday first). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** A weekday key, `mon` … `sun`. */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A window of local wall-clock time, `HH:MM` to `HH:MM`, start included and end excluded (so
 * 08:00–20:00 allows 19:59 but not 20:00). `end` may be `24:00`; a window never spans midnight.
 */
export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

/** When the bank may phone customers. */
export interface CallingHours {
  /** IANA time zone the windows are read in; the bank's is `Europe/Berlin`. */
  readonly timeZone: string;
  /** Windows per weekday in local time; an empty list means no calls on that weekday. */
  readonly windows: Readonly<Record<Weekday, readonly TimeWindow[]>>;
  /**
   * Whose public holidays apply when the customer's own state is not known. Defaults to
   * {@link DEFAULT_FEDERAL_STATE}. The customer's state, when known, takes precedence.
   */
  readonly federalState?: FederalState;
}

/** The bank's time zone. */
export const BANK_TIME_ZONE = 'Europe/Berlin';

/** Mon–Fri 08:00–20:00, Sat 09:00–14:00, never on Sundays or public holidays (NW unless the customer's state is known). */
export const DEFAULT_CALLING_HOURS: CallingHours = Object.freeze({
  timeZone: BANK_TIME_ZONE,
  windows: Object.freeze({
    mon: Object.freeze([{ start: '08:00', end: '20:00' }]),
    tue: Object.freeze([{ start: '08:00', end: '20:00' }]),
    wed: Object.freeze([{ start: '08:00', end: '20:00' }]),
    thu: Object.freeze([{ start: '08:00', end: '20:00' }]),
    fri: Object.freeze([{ start: '08:00', end: '20:00' }]),
    sat: Object.freeze([{ start: '09:00', end: '14:00' }]),
    sun: Object.freeze([]),
  }),
  federalState: DEFAULT_FEDERAL_STATE,
});

/** Thrown for malformed calling hours; `field` names the offending part, e.g. `windows.mon[0].end`. */
export class InvalidCallingHoursError extends RangeError {
  override readonly name = 'InvalidCallingHoursError';
  constructor(
    readonly field: string,
    /** What is wrong, without the field name. */
    readonly detail: string,
  ) {
    super(`${field}: ${detail}`);
  }
}

/**
 * Calling hours written the way a process owner says them, for configuration:
 * `mon-fri 08:00-20:00; sat 09:00-14:00` (days or day ranges, then one or more windows; days not
 * named have no calls). Public holidays stay excluded. In the bank's time zone.
 *
 * @throws {InvalidCallingHoursError} naming `field` and what is wrong.
 */
export function callingHoursFromSpec(spec: string, field = 'callingHours'): CallingHours {
  const windows: Record<Weekday, TimeWindow[]> = { sun: [], mon: [], tue: [], wed: [], thu: [], fri: [], sat: [] };
  const entries = spec.split(';').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new InvalidCallingHoursError(field, 'names no days (e.g. "mon-fri 08:00-20:00; sat 09:00-14:00")');
  for (const entry of entries) {
    const [days, ...spans] = entry.split(/\s+/);
    const range = /^(sun|mon|tue|wed|thu|fri|sat)(?:-(sun|mon|tue|wed|thu|fri|sat))?$/.exec(days ?? '');
    if (!range) throw new InvalidCallingHoursError(field, `"${entry}" does not start with a day or a range of days like mon-fri`);
    const first = WEEKDAYS.indexOf(range[1] as Weekday);
    const last = WEEKDAYS.indexOf((range[2] ?? range[1]) as Weekday);
    // Monday-first ranges as people say them: mon-sun covers the whole week.
    const order = (day: number) => (day + 6) % 7;
    if (order(last) < order(first)) throw new InvalidCallingHoursError(field, `"${days}" runs backwards`);
    if (spans.length === 0) throw new InvalidCallingHoursError(field, `"${entry}" names no window like 08:00-20:00`);
    const parsed = spans.map((span) => {
      const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(span);
      if (!match) throw new InvalidCallingHoursError(field, `"${span}" is not a window like 08:00-20:00`);
      return { start: match[1]!, end: match[2]! };
    });
    for (let day = order(first); day <= order(last); day++) windows[WEEKDAYS[(day + 1) % 7]!].push(...parsed);
  }
  const hours: CallingHours = { timeZone: BANK_TIME_ZONE, windows, federalState: DEFAULT_FEDERAL_STATE };
  try {
    validateCallingHours(hours);
  } catch (error) {
    if (error instanceof InvalidCallingHoursError) throw new InvalidCallingHoursError(field, error.message);
    throw error;
  }
  return hours;
}

/** An instant as a wall clock in some zone shows it. */
export interface LocalDateTime {
  /** Local calendar date. */
  date: IsoDate;
  /** Local time `HH:MM` (seconds dropped). */
  time: string;
  weekday: Weekday;
  /** Minutes since local midnight, 0 … 1439. */
  minuteOfDay: number;
  /** Local time minus UTC, in minutes (60 in winter and 120 in summer for Berlin). */
  utcOffsetMinutes: number;
}

/** The result of checking one instant against calling hours. */
export interface CallingTimeCheck {
  local: LocalDateTime;
  /** The local time lies inside one of that weekday's windows. */
  inWindow: boolean;
  /** The public holiday of that local date, when it is one. */
  holiday?: PublicHoliday;
  /** A call is allowed: inside a window and not on a public holiday. */
  allowed: boolean;
}

/** Reads `instant` on the wall clock of `timeZone`. */
export function toLocalDateTime(instant: Date, timeZone: string = BANK_TIME_ZONE): LocalDateTime {
  const at = instant.getTime();
  const offset = offsetAt(at, timeZone);
  return describeWallClock(at + offset, offset);
}

/**
 * The first instant of a local calendar day. Midnight exists in Berlin every day, but in zones that
 * switch at midnight it may not; then the day starts when the clock jumps.
 */
export function startOfLocalDay(date: IsoDate, timeZone: string = BANK_TIME_ZONE): Date {
  const key = `${timeZone} ${date}`;
  const known = daysStarts.get(key);
  if (known !== undefined) return new Date(known);
  const wall = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(wall)) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  const start = firstInstantAtWallClock(wall, timeZone);
  if (daysStarts.size >= MAX_REMEMBERED_DAYS) daysStarts.clear();
  daysStarts.set(key, start);
  return new Date(start);
}

/**
 * Days' first instants, a pure cache: a campaign's selection asks it for every customer's 18th
 * birthday (the minors rule), and a century has only some 36,500 days.
 */
const daysStarts = new Map<string, number>();
const MAX_REMEMBERED_DAYS = 50_000;

/** Formats an instant for people: `Monday 2026-03-30, 08:00 (Europe/Berlin)`. */
export function formatLocalDateTime(instant: Date, timeZone: string = BANK_TIME_ZONE): string {
  const local = toLocalDateTime(instant, timeZone);
  return `${WEEKDAY_NAMES[local.weekday]} ${local.date}, ${local.time} (${timeZone})`;
}

/**
 * Throws {@link InvalidCallingHoursError} when `hours` is malformed: an unknown time zone or state,
 * a window that is not `HH:MM`–`HH:MM` with start before end.
 */
export function validateCallingHours(hours: CallingHours): void {
  parseCallingHours(hours);
}

/**
 * Checks whether the bank may phone at `instant`. `federalState` is the customer's state; without
 * it the calling hours' own state (default NW) decides which days are public holidays.
 */
export function checkCallingTime(instant: Date, hours: CallingHours, federalState?: FederalState): CallingTimeCheck {
  const parsed = parseCallingHours(hours);
  const local = toLocalDateTime(instant, parsed.timeZone);
  const holiday = publicHolidayOn(local.date, federalState ?? parsed.federalState);
  const windows = parsed.days[WEEKDAYS.indexOf(local.weekday)] ?? [];
  const inWindow = windows.some((w) => w.start <= local.minuteOfDay && local.minuteOfDay < w.end);
  return { local, inWindow, ...(holiday ? { holiday } : {}), allowed: inWindow && !holiday };
}

/** True when the bank may phone at `instant` (see {@link checkCallingTime}). */
export function isCallingTime(instant: Date, hours: CallingHours, federalState?: FederalState): boolean {
  return checkCallingTime(instant, hours, federalState).allowed;
}

/**
 * The earliest instant at or after `from` at which the bank may phone: `from` itself when it is
 * calling time, else the opening of the next window on a working day that is no public holiday.
 * Undefined when the calling hours have no window at all (within a search horizon of 400 days).
 *
 * Across a daylight-saving change the local clock jumps; a window opening in the skipped hour
 * opens when the clock lands after the jump, and in the repeated hour the first occurrence counts.
 */
export function nextCallingTime(from: Date, hours: CallingHours, federalState?: FederalState): Date | undefined {
  const parsed = parseCallingHours(hours);
  const state = federalState ?? parsed.federalState;
  // Walk stretches of constant UTC offset: inside one, wall clock = instant + offset exactly, so
  // the search can run on the wall clock alone. If the found opening lies beyond an offset change,
  // restart the search from that change with the new offset.
  let at = from.getTime();
  for (let stretch = 0; stretch < MAX_OFFSET_STRETCHES; stretch++) {
    const offset = offsetAt(at, parsed.timeZone);
    const wall = nextWallClockInWindow(at + offset, parsed, state);
    if (wall === undefined) return undefined;
    const candidate = wall - offset;
    const change = firstOffsetChange(at, candidate, offset, parsed.timeZone);
    if (change === undefined) return new Date(candidate);
    at = change;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface MinuteWindow {
  start: number;
  end: number;
}

interface ParsedCallingHours {
  timeZone: string;
  /** Windows in minutes since midnight, indexed like {@link WEEKDAYS}, sorted by start. */
  days: readonly (readonly MinuteWindow[])[];
  federalState: FederalState;
}

function parseCallingHours(hours: CallingHours): ParsedCallingHours {
  assertTimeZone(hours.timeZone);
  const federalState = hours.federalState ?? DEFAULT_FEDERAL_STATE;
  if (!isFederalStateValue(federalState)) {
    throw new InvalidCallingHoursError('federalState', `"${String(federalState)}" is not a German state code`);
  }
  const days = WEEKDAYS.map((weekday) => parseDay(weekday, hours.windows?.[weekday]));
  return { timeZone: hours.timeZone, days, federalState };
}

function parseDay(weekday: Weekday, windows: readonly TimeWindow[] | undefined): MinuteWindow[] {
  if (!Array.isArray(windows)) throw new InvalidCallingHoursError(`windows.${weekday}`, 'must be a list of windows');
  return windows
    .map((window, index) => parseWindow(`windows.${weekday}[${index}]`, window))
    .sort((a, b) => a.start - b.start);
}

function parseWindow(field: string, window: TimeWindow): MinuteWindow {
  const start = parseTimeOfDay(`${field}.start`, window.start);
  const end = parseTimeOfDay(`${field}.end`, window.end);
  if (start >= end) throw new InvalidCallingHoursError(field, `start ${window.start} must be before end ${window.end}`);
  return { start, end };
}

function parseTimeOfDay(field: string, value: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > MINUTES_PER_DAY) {
    throw new InvalidCallingHoursError(field, `"${value}" is not a time HH:MM between 00:00 and 24:00`);
  }
  return minutes;
}

function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new InvalidCallingHoursError('timeZone', `"${timeZone}" is not a known IANA time zone`);
  }
}

// Configuration may come from JSON, so the state is checked at run time despite its type.
function isFederalStateValue(value: unknown): value is FederalState {
  return typeof value === 'string' && isFederalState(value);
}

// ---------------------------------------------------------------------------------------------
// Wall-clock search. A "wall" value is the local wall-clock reading encoded as if it were UTC
// milliseconds, so calendar arithmetic on it needs no time zone.

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const MINUTES_PER_DAY = 1_440;
/** Longer than any run of days without a window that real calling hours and holidays produce. */
const SEARCH_DAYS = 400;
/** A 400-day search crosses at most a handful of offset changes. */
const MAX_OFFSET_STRETCHES = 16;
/** Offset changes in real zones are months apart, so probing weekly cannot step over two. */
const OFFSET_PROBE_MS = 7 * MS_PER_DAY;

const WEEKDAY_NAMES: Readonly<Record<Weekday, string>> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

/** The earliest wall-clock reading at or after `wall` inside a window on a non-holiday. */
function nextWallClockInWindow(wall: number, hours: ParsedCallingHours, state: FederalState): number | undefined {
  if (hours.days.every((windows) => windows.length === 0)) return undefined;
  const firstDay = Math.floor(wall / MS_PER_DAY);
  for (let day = firstDay; day < firstDay + SEARCH_DAYS; day++) {
    const found = firstInDay(wall, day, hours, state);
    if (found !== undefined) return found;
  }
  return undefined;
}

function firstInDay(wall: number, day: number, hours: ParsedCallingHours, state: FederalState): number | undefined {
  const dayStart = day * MS_PER_DAY;
  const windows = hours.days[new Date(dayStart).getUTCDay()] ?? [];
  if (windows.length === 0 || isPublicHoliday(isoDateOfWall(dayStart), state)) return undefined;
  for (const window of windows) {
    const start = Math.max(wall, dayStart + window.start * MS_PER_MINUTE);
    if (start < dayStart + window.end * MS_PER_MINUTE) return start;
  }
  return undefined;
}

function describeWallClock(wall: number, offset: number): LocalDateTime {
  const date = new Date(wall);
  const minuteOfDay = date.getUTCHours() * 60 + date.getUTCMinutes();
  return {
    date: isoDateOfWall(wall),
    time: date.toISOString().slice(11, 16),
    weekday: WEEKDAYS[date.getUTCDay()] ?? 'sun',
    minuteOfDay,
    utcOffsetMinutes: offset / MS_PER_MINUTE,
  };
}

function isoDateOfWall(wall: number): IsoDate {
  return new Date(wall).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// UTC offsets from Intl

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Formatters are costly to build and immutable, so one per zone is kept (a pure cache). */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const OFFSET_HOUR_MS = 3_600_000;
const MAX_REMEMBERED_HOURS = 20_000;
const offsetsByHour = new Map<string, Map<number, number>>();

/**
 * Local wall clock minus UTC at `instant`, in milliseconds. Asking Intl costs microseconds and a
 * launch asks it millions of times for the same few hours (every customer's decision at the same
 * "now", every probe of {@link firstOffsetChange}, the days around every customer's 18th birthday),
 * so the offset of a whole UTC hour is kept once Intl gives the same offset at its first and its
 * last millisecond (no zone changes its offset twice within an hour); an hour with a change is
 * always asked exactly. A pure cache, bounded.
 */
function offsetAt(instant: number, timeZone: string): number {
  let hours = offsetsByHour.get(timeZone);
  if (!hours) {
    hours = new Map();
    offsetsByHour.set(timeZone, hours);
  }
  const hour = Math.floor(instant / OFFSET_HOUR_MS);
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const first = hour * OFFSET_HOUR_MS;
  const atFirst = exactOffsetAt(first, timeZone);
  if (atFirst !== exactOffsetAt(first + OFFSET_HOUR_MS - 1, timeZone)) return exactOffsetAt(instant, timeZone);
  if (hours.size >= MAX_REMEMBERED_HOURS) hours.clear();
  hours.set(hour, atFirst);
  return atFirst;
}

/** {@link offsetAt} asked of Intl. */
function exactOffsetAt(instant: number, timeZone: string): number {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  // The formatter drops milliseconds, so compare against the instant truncated to the second.
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The first instant in (`from`, `to`] whose offset differs from `offset`, or undefined when the
 * offset stays the same throughout.
 */
function firstOffsetChange(from: number, to: number, offset: number, timeZone: string): number | undefined {
  let previous = from;
  while (previous < to) {
    const probe = Math.min(previous + OFFSET_PROBE_MS, to);
    if (offsetAt(probe, timeZone) !== offset) return bisectOffsetChange(previous, probe, offset, timeZone);
    previous = probe;
  }
  return undefined;
}

/** Narrows (`low`, `high`] to the exact millisecond at which the offset stops being `offset`. */
function bisectOffsetChange(low: number, high: number, offset: number, timeZone: string): number {
  while (high - low > 1) {
    const middle = low + Math.floor((high - low) / 2);
    if (offsetAt(middle, timeZone) === offset) low = middle;
    else high = middle;
  }
  return high;
}

/**
 * The first instant whose wall clock reads `wall`; in the hour skipped by a spring-forward change,
 * the instant the clock jumps past it.
 */
function firstInstantAtWallClock(wall: number, timeZone: string): number {
  const offsetBefore = offsetAt(wall - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(wall + MS_PER_DAY, timeZone);
  const readings = [wall - offsetBefore, wall - offsetAfter].filter((at) => at + offsetAt(at, timeZone) === wall);
  if (readings.length > 0) return Math.min(...readings);
  const low = Math.min(wall - offsetBefore, wall - offsetAfter);
  const high = Math.max(wall - offsetBefore, wall - offsetAfter);
  return bisectOffsetChange(low, high, offsetAt(low, timeZone), timeZone);
}
