/**
 * The chat center's service hours (seed 001: "Servicezeiten definieren, in denen sie die
 * Chat-Betreuung selbst übernehmen (zum Beispiel von 8 bis 18 Uhr)"): windows of local time per
 * weekday, closed on the public holidays of the bank's federal state. Outside them a chat
 * overflows to the external center and the customer gets one automatic reply per closed period.
 *
 * Service hours read exactly like calling hours (same windows, same spec, same holidays), so this
 * module reuses the calling-hours machinery rather than a second time-zone and holiday search.
 * Pure and deterministic: "now" is always a parameter.
 */
import type { CallingHours } from './calling-hours';
import { callingHoursFromSpec, checkCallingTime, InvalidCallingHoursError, nextCallingTime } from './calling-hours';
import type { FederalState, PublicHoliday } from './german-holidays';
import { DEFAULT_FEDERAL_STATE, isFederalState } from './german-holidays';

export { InvalidCallingHoursError } from './calling-hours';

/**
 * When the bank's own center answers chats. The shape of calling hours; `federalState` is the
 * *bank's* state (the center closes on its own holidays, whatever the customer's state).
 */
export type ChatServiceHours = CallingHours;

/** The seed's example: Monday to Friday 8 to 18 o'clock, in the bank's state (NW). */
export const DEFAULT_CHAT_SERVICE_HOURS: ChatServiceHours = Object.freeze(chatServiceHoursFromSpec('mon-fri 08:00-18:00'));

/** Why the center is closed. A public holiday wins over the hour, because that is what a customer understands. */
export type ChatClosedReason = 'outside-hours' | 'public-holiday';

/** The center is open: the bank's own agents answer. */
export interface ChatServiceOpen {
  readonly open: true;
}

/** The center is closed: chats overflow, and the customer may get an automatic reply. */
export interface ChatServiceClosed {
  readonly open: false;
  readonly reason: ChatClosedReason;
  /** The holiday, when `reason` is `public-holiday` (for the reply text). */
  readonly holiday?: PublicHoliday;
  /** When the center opens again; absent when the hours have no window at all. */
  readonly reopensAt?: Date;
  /**
   * Identifies this closed period, equal for every instant of it and different for any other:
   * the instant it reopens (`reopens:<ISO>`), or `reopens:never`. Two messages with equal keys
   * fall into the same closed period, so the auto-reply goes out once per key.
   */
  readonly periodKey: string;
}

/** The center's state at one instant. */
export type ChatServiceState = ChatServiceOpen | ChatServiceClosed;

/**
 * Service hours from a spec the way a process owner writes them,
 * `mon-fri 08:00-18:00; sat 09:00-13:00` (see {@link callingHoursFromSpec}), closed on the public
 * holidays of `federalState` (default {@link DEFAULT_FEDERAL_STATE}).
 *
 * @throws {InvalidCallingHoursError} naming `field` and what is wrong.
 */
export function chatServiceHoursFromSpec(
  spec: string,
  federalState: FederalState = DEFAULT_FEDERAL_STATE,
  field = 'chatServiceHours',
): ChatServiceHours {
  // Configuration may come from JSON, so the state is checked at run time despite its type.
  if (!isFederalState(federalState)) {
    throw new InvalidCallingHoursError(`${field}.federalState`, `"${String(federalState)}" is not a German state code`);
  }
  return { ...callingHoursFromSpec(spec, field), federalState };
}

/**
 * Whether the bank's own center answers chats at `at`, and if not, why, until when, and which
 * closed period `at` belongs to.
 *
 * The period key is the reopening instant because every instant of one closed stretch shares it
 * (the next opening after any of them is the same), while an open stretch between two closed
 * ones separates their reopenings. Keys need no state: two messages hours apart, even across a
 * holiday that follows a weekend, compare equal exactly when no opening lay between them.
 *
 * @throws {InvalidCallingHoursError} when `hours` is malformed.
 */
export function chatServiceState(at: Date, hours: ChatServiceHours): ChatServiceState {
  // No customer state: the center's own holidays decide.
  const check = checkCallingTime(at, hours);
  if (check.allowed) return { open: true };
  const reopensAt = nextCallingTime(at, hours);
  return {
    open: false,
    reason: check.holiday ? 'public-holiday' : 'outside-hours',
    ...(check.holiday ? { holiday: check.holiday } : {}),
    ...(reopensAt ? { reopensAt } : {}),
    periodKey: `reopens:${reopensAt ? reopensAt.toISOString() : 'never'}`,
  };
}

/**
 * Whether a message arriving in `state` gets the automatic out-of-hours reply: only while closed,
 * and only once per closed period, so `lastRepliedPeriodKey` is the key of the period the
 * conversation's last automatic reply went out in (undefined when none did).
 */
export function autoReplyDue(state: ChatServiceState, lastRepliedPeriodKey: string | undefined): boolean {
  return !state.open && state.periodKey !== lastRepliedPeriodKey;
}
