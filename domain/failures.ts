/**
 * Failure types that cross from activities to workflows, and how a workflow reads them. Pure, so
 * workflow code may use it.
 */

/** Types of non-retryable activity failures (activities/failures.ts raises them). */
export const ActivityFailureTypes = {
  CoreBankingRejected: 'CoreBankingRejected',
  EmailRejected: 'EmailRejected',
} as const;

/**
 * The `type` of the first application failure in an error's cause chain (an activity's failure
 * reaches a workflow as ActivityFailure → ApplicationFailure), or undefined.
 */
export function failureTypeOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && typeof current === 'object' && depth < 8; depth++) {
    const candidate = current as { name?: string; type?: unknown; cause?: unknown };
    if (candidate.name === 'ApplicationFailure' && typeof candidate.type === 'string') return candidate.type;
    current = candidate.cause;
  }
  return undefined;
}
