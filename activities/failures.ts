/**
 * Which adapter errors an activity must not retry. Temporal retries every failed activity; for
 * an error that retrying cannot fix (core banking rejecting the request or not knowing the
 * customer, a mail server refusing a message for good, an idempotency key reused for another
 * message) that would be an endless loop. These become non-retryable failures with an explicit
 * type, so the workflow, and the operator, see them at once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { CalendarError, CoreBankingError } from '../adapters/core-banking/core-banking.port';
import { OutboxConflictError } from '../adapters/email/prisma-outbox';
import { SmtpSendError } from '../adapters/email/smtp-transport';
import { ActivityFailureTypes } from '../domain/failures';

/** Runs `work`; rethrows errors that retrying cannot fix as non-retryable failures. */
export async function failFastOnPermanentErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // A calendar's refusal keeps its own type (SlotTaken, HoldExpired, …): the appointment process
    // answers each differently, and none gets better by asking again.
    if (error instanceof CalendarError) {
      throw ApplicationFailure.create({ type: error.type, message: error.message, nonRetryable: true });
    }
    if (error instanceof CoreBankingError && (error.kind === 'rejected' || error.kind === 'not-found')) {
      throw ApplicationFailure.create({ type: ActivityFailureTypes.CoreBankingRejected, message: error.message, nonRetryable: true });
    }
    if (error instanceof OutboxConflictError || (error instanceof SmtpSendError && error.permanent)) {
      throw ApplicationFailure.create({ type: ActivityFailureTypes.EmailRejected, message: error.message, nonRetryable: true });
    }
    throw error;
  }
}
