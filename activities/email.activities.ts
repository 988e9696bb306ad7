/**
 * Sending email from workflows: every message goes through the outbox, keyed by the workflow's
 * idempotency key, so a retried activity never sends a second copy.
 */
import type { EmailMessage, EmailOutbox, SentEmail } from '../adapters/email/email.port';
import { failFastOnPermanentErrors } from './failures';

export function createEmailActivities({ outbox }: { outbox: EmailOutbox }) {
  return {
    async sendEmail(message: EmailMessage): Promise<SentEmail> {
      return failFastOnPermanentErrors(() => outbox.sendOnce(message));
    },
  };
}
