/**
 * The simulator's branches and advisors with what appointments need: opening hours per weekday
 * (main offices open all day, many small branches closed in the afternoons except a long
 * Thursday), the advisors' topics, working hours, absences and deputies. Deterministic for the
 * population's seed and reference day; the advisors are the population's (same ids and names as
 * the customers' advisors), enriched from streams of their own so the customers do not change.
 */
import type { Absence, Advisor, Branch, TimeWindow, WeeklyHours } from '../calendar.port';
import { BRANCH_SITES } from './german-data';
import { addDays } from './local-time';
import type { Population } from './population';
import { createRng, mixSeed, type Rng } from './prng';
import { SIMULATOR_TIME_ZONE } from './local-time';

/** Topics advisors advise on, as Drehscheibe's processes name them. */
export const ADVISORY_TOPICS = ['girokonto', 'kreditkarte', 'geldanlage', 'altersvorsorge', 'baufinanzierung', 'privatkredit'] as const;

/** Branches and advisors, with lookups by id. */
export interface BranchDirectory {
  branches: readonly Branch[];
  advisors: readonly Advisor[];
  branch(branchId: string): Branch | undefined;
  advisor(advisorId: string): Advisor | undefined;
}

const w = (start: string, end: string): TimeWindow => ({ start, end });
const week = (days: Partial<WeeklyHours>): WeeklyHours => ({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [], ...days });

/** Opening hours as savings-bank branches in the region keep them. */
export const OPENING_HOURS = {
  /** Main offices: all day, Thursday until seven, Saturday morning. */
  main: week({ mon: [w('09:00', '18:00')], tue: [w('09:00', '18:00')], wed: [w('09:00', '18:00')], thu: [w('09:00', '19:00')], fri: [w('09:00', '18:00')], sat: [w('10:00', '13:00')] }),
  /** Lunch break, Wednesday afternoon closed, long Thursday. */
  standard: week({
    mon: [w('09:00', '12:30'), w('14:00', '16:30')],
    tue: [w('09:00', '12:30'), w('14:00', '16:30')],
    wed: [w('09:00', '12:30')],
    thu: [w('09:00', '12:30'), w('14:00', '18:00')],
    fri: [w('09:00', '12:30'), w('14:00', '16:30')],
  }),
  /** Small branches: mornings only, afternoon on Thursday. */
  mornings: week({ mon: [w('09:00', '12:30')], tue: [w('09:00', '12:30')], wed: [w('09:00', '12:30')], thu: [w('09:00', '12:30'), w('14:00', '18:00')], fri: [w('09:00', '12:30')] }),
  /** Without lunch break. */
  continuous: week({ mon: [w('08:30', '16:30')], tue: [w('08:30', '16:30')], wed: [w('08:30', '16:30')], thu: [w('08:30', '18:00')], fri: [w('08:30', '15:00')] }),
} as const;

/** Advisors' working hours. */
export const WORKING_HOURS = {
  fullTime: week({ mon: [w('08:00', '17:00')], tue: [w('08:00', '17:00')], wed: [w('08:00', '17:00')], thu: [w('08:00', '19:00')], fri: [w('08:00', '15:00')] }),
  mornings: week({ mon: [w('08:00', '13:00')], tue: [w('08:00', '13:00')], wed: [w('08:00', '13:00')], thu: [w('08:00', '13:00')], fri: [w('08:00', '13:00')] }),
  fourDays: week({ mon: [w('08:00', '17:00')], tue: [w('08:00', '17:00')], thu: [w('08:00', '19:00')], fri: [w('08:00', '15:00')] }),
} as const;

const SPECIALTIES = {
  retail: ['girokonto', 'kreditkarte', 'geldanlage', 'altersvorsorge', 'privatkredit'],
  mortgage: ['baufinanzierung', 'privatkredit', 'altersvorsorge'],
  investment: ['geldanlage', 'altersvorsorge', 'kreditkarte'],
} as const satisfies Record<string, ReadonlyArray<(typeof ADVISORY_TOPICS)[number]>>;

/** The directory of a population: every branch and advisor of it, enriched. */
export function generateDirectory(population: Population): BranchDirectory {
  const branches: Branch[] = [];
  const advisors: Advisor[] = [];
  population.branches.forEach((source, b) => {
    const site = BRANCH_SITES[b];
    if (!site) throw new RangeError(`no site for branch ${source.branchId}`);
    const rng = createRng(mixSeed(population.seed, b, 0x0b5));
    const hours = site.name.includes('Hauptstelle') ? 'main' : rng.weighted({ standard: 45, mornings: 30, continuous: 25 });
    branches.push({
      branchId: source.branchId,
      name: `Filiale ${site.name}`,
      postcode: site.town.postcode,
      town: site.town.city,
      // Every site is in North Rhine-Westphalia.
      federalState: 'NW',
      timeZone: SIMULATOR_TIME_ZONE,
      openingHours: OPENING_HOURS[hours],
    });
    source.advisors.forEach((ref, a) => {
      const own = createRng(mixSeed(population.seed, b, a, 0xad5));
      // The first advisor of every branch serves everyday topics, so each branch covers them.
      const specialty = a === 0 ? 'retail' : own.weighted({ retail: 50, mortgage: 25, investment: 25 });
      const deputy = source.advisors[(a + 1) % source.advisors.length] ?? ref;
      advisors.push({
        ...ref,
        branchId: source.branchId,
        topics: [...SPECIALTIES[specialty]],
        workingHours: WORKING_HOURS[own.weighted({ fullTime: 70, mornings: 15, fourDays: 15 })],
        absences: drawAbsences(own, population.asOf),
        deputy,
      });
    });
  });
  const branchById = new Map(branches.map((branch) => [branch.branchId, branch]));
  const advisorById = new Map(advisors.map((advisor) => [advisor.advisorId, advisor]));
  return { branches, advisors, branch: (id) => branchById.get(id), advisor: (id) => advisorById.get(id) };
}

/**
 * A vacation of one to two weeks within the year from the reference day, often a training of a
 * day or two, and now and then an illness around the reference day.
 */
function drawAbsences(rng: Rng, asOf: string): Absence[] {
  const absences: Absence[] = [];
  const vacation = rng.int(14, 330);
  absences.push({ from: addDays(asOf, vacation), to: addDays(asOf, vacation + rng.int(4, 13)), reason: 'vacation' });
  if (rng.chance(0.5)) {
    const training = rng.int(3, 300);
    absences.push({ from: addDays(asOf, training), to: addDays(asOf, training + rng.int(0, 1)), reason: 'training' });
  }
  if (rng.chance(0.08)) absences.push({ from: addDays(asOf, -rng.int(0, 3)), to: addDays(asOf, rng.int(1, 6)), reason: 'illness' });
  return absences.sort((x, y) => x.from.localeCompare(y.from));
}
