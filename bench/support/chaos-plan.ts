/**
 * What the chaos run's agents answer for each customer, decided from the customer number alone
 * (a hash), so the expected end state of every customer's process is known before the run and
 * does not depend on which agent, which retry or which order got there.
 */
import { createHash } from 'node:crypto';

/** The agent's answer on the campaign call; `not-reached` completes the task as not reached. */
export type PlannedAnswer = 'interested-callback' | 'not-interested' | 'maybe-later' | 'not-reached';

export const PLANNED_ANSWERS: readonly PlannedAnswer[] = ['interested-callback', 'not-interested', 'maybe-later', 'not-reached'];

function digest(customerId: string): Buffer {
  return createHash('sha256').update(`chaos:${customerId}`).digest();
}

/** The answer for this customer: a quarter each. */
export function plannedAnswer(customerId: string): PlannedAnswer {
  return PLANNED_ANSWERS[digest(customerId)[0]! % PLANNED_ANSWERS.length]!;
}

/** Whether an agent also runs a consent check for this customer during the chaos (one in ten). */
export function asksConsent(customerId: string): boolean {
  return digest(customerId)[1]! % 10 === 0;
}

/** The campaign call task's result for the planned answer. */
export function callResult(answer: PlannedAnswer): Record<string, unknown> {
  return answer === 'not-reached' ? { reached: false } : { reached: true, outcome: answer };
}

/** What the customer's contact process must end with (its run target's result and outcome). */
export function expectedEnd(answer: PlannedAnswer): { result: string; outcome?: string } {
  return answer === 'not-reached' ? { result: 'not-contactable' } : { result: 'reached', outcome: answer };
}
