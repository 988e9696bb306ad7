/**
 * Activities of the callback process: the warm transfer, the contact history, the block after
 * "not interested", and telling an unreached customer. Personal contact data (the customer's
 * email address) is looked up here, inside the activity, and never enters workflow history.
 */
import type { Client } from '@temporalio/client';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { EmailOutbox } from '../adapters/email/email.port';
import type { Telephony, WarmTransferRequest, WarmTransferOutcome } from '../adapters/telephony/telephony.port';
import type { BlockRequest, BlockResult } from '../domain/contact-block';
import { startOrExtendBlock } from '../workflows/contact-block.client';
import { failFastOnPermanentErrors } from './failures';
import type { ContactHistoryEntry, ContactHistoryStore } from './ports';

export interface CallbackActivityDeps {
  telephony: Telephony;
  history: ContactHistoryStore;
  coreBanking: CoreBanking;
  outbox: EmailOutbox;
  temporal: Client;
  taskQueue: string;
}

export function createCallbackActivities(deps: CallbackActivityDeps) {
  return {
    async warmTransfer(request: WarmTransferRequest): Promise<WarmTransferOutcome> {
      return deps.telephony.warmTransfer(request);
    },

    async recordContact(entry: ContactHistoryEntry): Promise<void> {
      await deps.history.record(entry);
    },

    /** Starts or extends the customer's re-contact block on the topic. */
    async blockCustomer(target: { customerId: string; topic: string }, request: BlockRequest): Promise<BlockResult> {
      return startOrExtendBlock(deps.temporal, deps.taskQueue, target, request);
    },

    /**
     * Tells the customer by email that the Direktberatung could not reach them. Returns how they
     * were told: `none` when core banking has no email address for them.
     */
    async informUnreachedCustomer(input: { customerId: string; topic: string; idempotencyKey: string }): Promise<'email' | 'none'> {
      const customer = await failFastOnPermanentErrors(() => deps.coreBanking.getCustomer(input.customerId));
      const email = customer?.contact.email;
      if (!customer || !email) return 'none';
      await failFastOnPermanentErrors(() => deps.outbox.sendOnce({
        to: [email],
        subject: 'Ihr Rückrufwunsch',
        text: `Guten Tag ${customer.givenName} ${customer.familyName},\n\nSie wollten zum Thema „${input.topic}“ von unserer Direktberatung zurückgerufen werden. Leider haben wir Sie mehrmals nicht erreicht. Rufen Sie uns gern an, oder antworten Sie auf diese Nachricht mit einer Zeit, zu der wir Sie erreichen.\n\nIhre Sparkasse`,
        idempotencyKey: input.idempotencyKey,
      }));
      return 'email';
    },
  };
}
