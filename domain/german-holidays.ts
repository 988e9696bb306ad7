/**
 * Public holidays (gesetzliche Feiertage) per German federal state, computed rather than listed so
 * that no table runs out in some future year. Pure and deterministic: workflows use it as well as
 * the API.
 *
 * Scope: state-wide holidays under the current holiday laws, including the changes since 2017
 * (Reformationstag, Internationaler Frauentag, Weltkindertag). Holidays that hold only in some
 * municipalities (Augsburger Friedensfest, Mariä Himmelfahrt in Catholic Bavarian communities,
 * Fronleichnam in parts of Saxony and Thuringia) are not holidays of the whole state and are left
 * out; so is the history before 1995, when Buß- und Bettag was still a holiday everywhere.
 */

/** A civil calendar date `YYYY-MM-DD`, without time or time zone. */
export type IsoDate = string;

/** The sixteen federal states by their two-letter codes. */
export const FEDERAL_STATES = [
  'BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH',
] as const;

/** A German federal state's two-letter code, e.g. `NW` for Nordrhein-Westfalen. */
export type FederalState = (typeof FEDERAL_STATES)[number];

/** The state assumed when a customer's state is unknown: the bank is in Nordrhein-Westfalen. */
export const DEFAULT_FEDERAL_STATE: FederalState = 'NW';

/** A public holiday on one date, with its German name (what agents and customers call it). */
export interface PublicHoliday {
  date: IsoDate;
  name: string;
}

/** True when `value` is one of the sixteen state codes (exact, upper case). */
export function isFederalState(value: string): value is FederalState {
  return (FEDERAL_STATES as readonly string[]).includes(value);
}

/**
 * Easter Sunday of a Gregorian year, by the anonymous Gregorian algorithm (Meeus/Jones/Butcher),
 * the closed form of Gauss's Easter rule that needs no exception table.
 */
export function easterSunday(year: number): IsoDate {
  return isoDateFromEpochDay(easterEpochDay(year));
}

/** All public holidays of `state` in `year`, in date order. Two holidays may share a date (1 May 2008 was also Christi Himmelfahrt). */
export function publicHolidays(year: number, state: FederalState = DEFAULT_FEDERAL_STATE): PublicHoliday[] {
  const easter = easterEpochDay(year);
  return HOLIDAY_RULES.filter((rule) => rule.appliesIn(state, year))
    .map((rule) => ({ day: rule.day(year, easter), name: rule.name }))
    .sort((a, b) => a.day - b.day)
    .map(({ day, name }) => ({ date: isoDateFromEpochDay(day), name }));
}

/**
 * The public holiday of `state` on `date`, or undefined on an ordinary day. When two holidays fall
 * on one date (1 May and Christi Himmelfahrt in 2008), the one listed first by `publicHolidays`.
 */
export function publicHolidayOn(date: IsoDate, state: FederalState = DEFAULT_FEDERAL_STATE): PublicHoliday | undefined {
  const { year, month, day } = parseIsoDate(date);
  // Compared as day numbers: calling-hours searches ask this for every day, so skip building the list.
  const target = epochDay(year, month, day);
  const easter = easterEpochDay(year);
  const rule = HOLIDAY_RULES.find((r) => r.appliesIn(state, year) && r.day(year, easter) === target);
  return rule ? { date, name: rule.name } : undefined;
}

/** True when `date` is a public holiday in `state`. */
export function isPublicHoliday(date: IsoDate, state: FederalState = DEFAULT_FEDERAL_STATE): boolean {
  return publicHolidayOn(date, state) !== undefined;
}

/**
 * Parses a strict `YYYY-MM-DD` date, rejecting impossible ones such as 2026-02-30 (which
 * `Date.UTC` would silently roll over into March).
 */
export function parseIsoDate(date: IsoDate): { year: number; month: number; day: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (isoDateFromEpochDay(epochDay(year, month, day)) !== date) {
    throw new RangeError(`"${date}" is not a calendar date`);
  }
  return { year, month, day };
}

// ---------------------------------------------------------------------------------------------
// Rules

interface HolidayRule {
  name: string;
  /** The holiday's day as days since 1970-01-01, given the year and that year's Easter Sunday. */
  day: (year: number, easter: number) => number;
  appliesIn: (state: FederalState, year: number) => boolean;
}

const everywhere = (): boolean => true;
const inStates =
  (...states: FederalState[]) =>
  (state: FederalState): boolean =>
    states.includes(state);
const fixed =
  (month: number, day: number) =>
  (year: number): number =>
    epochDay(year, month, day);
const afterEaster =
  (days: number) =>
  (_year: number, easter: number): number =>
    easter + days;

/** Reformationstag: the five eastern states always; 2017 (500 years) everywhere; four northern states since 2018. */
function reformationDayApplies(state: FederalState, year: number): boolean {
  if (inStates('BB', 'MV', 'SN', 'ST', 'TH')(state)) return true;
  if (year === 2017) return true;
  return year >= 2018 && inStates('HB', 'HH', 'NI', 'SH')(state);
}

/** Buß- und Bettag: the last Wednesday before 23 November (so between 16 and 22 November). */
function dayOfRepentance(year: number): number {
  const november22 = epochDay(year, 11, 22);
  const wednesday = 3;
  return november22 - ((weekdayOfEpochDay(november22) - wednesday + 7) % 7);
}

const HOLIDAY_RULES: readonly HolidayRule[] = [
  { name: 'Neujahr', day: fixed(1, 1), appliesIn: everywhere },
  { name: 'Heilige Drei Könige', day: fixed(1, 6), appliesIn: inStates('BW', 'BY', 'ST') },
  {
    name: 'Internationaler Frauentag',
    day: fixed(3, 8),
    // Berlin since 2019, Mecklenburg-Vorpommern since 2023.
    appliesIn: (state, year) => (state === 'BE' && year >= 2019) || (state === 'MV' && year >= 2023),
  },
  { name: 'Karfreitag', day: afterEaster(-2), appliesIn: everywhere },
  // Easter and Whit Sunday are statutory holidays only in these two states; elsewhere they are
  // "just" Sundays. It matters only for calling hours configured with Sunday windows.
  { name: 'Ostersonntag', day: afterEaster(0), appliesIn: inStates('BB', 'HE') },
  { name: 'Ostermontag', day: afterEaster(1), appliesIn: everywhere },
  { name: 'Tag der Arbeit', day: fixed(5, 1), appliesIn: everywhere },
  {
    name: 'Tag der Befreiung',
    day: fixed(5, 8),
    // One-off holidays in Berlin for the 75th and 80th anniversaries of the end of the war.
    appliesIn: (state, year) => state === 'BE' && (year === 2020 || year === 2025),
  },
  { name: 'Christi Himmelfahrt', day: afterEaster(39), appliesIn: everywhere },
  { name: 'Pfingstsonntag', day: afterEaster(49), appliesIn: inStates('BB', 'HE') },
  { name: 'Pfingstmontag', day: afterEaster(50), appliesIn: everywhere },
  { name: 'Fronleichnam', day: afterEaster(60), appliesIn: inStates('BW', 'BY', 'HE', 'NW', 'RP', 'SL') },
  { name: 'Mariä Himmelfahrt', day: fixed(8, 15), appliesIn: inStates('SL') },
  { name: 'Weltkindertag', day: fixed(9, 20), appliesIn: (state, year) => state === 'TH' && year >= 2019 },
  { name: 'Tag der Deutschen Einheit', day: fixed(10, 3), appliesIn: everywhere },
  { name: 'Reformationstag', day: fixed(10, 31), appliesIn: reformationDayApplies },
  { name: 'Allerheiligen', day: fixed(11, 1), appliesIn: inStates('BW', 'BY', 'NW', 'RP', 'SL') },
  { name: 'Buß- und Bettag', day: dayOfRepentance, appliesIn: inStates('SN') },
  { name: '1. Weihnachtstag', day: fixed(12, 25), appliesIn: everywhere },
  { name: '2. Weihnachtstag', day: fixed(12, 26), appliesIn: everywhere },
];

// ---------------------------------------------------------------------------------------------
// Civil-date arithmetic on whole days since 1970-01-01 (UTC is used only as a calendar here).

const MS_PER_DAY = 86_400_000;

function easterEpochDay(year: number): number {
  // The Gregorian computus is defined from 1583; beyond 9999 ISO dates get a fifth digit.
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new RangeError(`year ${year} is outside 1583..9999`);
  }
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return epochDay(year, month, day);
}

function epochDay(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** 0 = Sunday … 6 = Saturday; 1970-01-01 was a Thursday. */
function weekdayOfEpochDay(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function isoDateFromEpochDay(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}
