/**
 * Activities of the callback process: the warm transfer, the contact history, the block after
 * "not interested", and telling an unreached customer. Personal contact data (the customer's
 * email address) is looked up here, inside the activity, and never enters workflow history.
 */
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { EmailOutbox } from '../adapters/email/email.port';
import type { Telephony, WarmTransferRequest, WarmTransferOutcome } from '../adapters/telephony/telephony.port';
import type { BlockRequest, BlockResult } from '../domain/contact-block';
import { failFastOnPermanentErrors } from './failures';
import { ALL_TOPICS } from '../domain/identifiers';
import { isFederalState, type FederalState } from '../domain/german-holidays';
import type { ConsentEvidenceStore, ContactBlockStarter, ContactBlockStore, ContactHistoryEntry, ContactHistoryStore } from './ports';

export interface CallbackActivityDeps {
  telephony: Telephony;
  history: ContactHistoryStore;
  coreBanking: CoreBanking;
  outbox: EmailOutbox;
  /** Starts or extends a block (the contact-block workflow's client, wired in workers/). */
  blockStarter: ContactBlockStarter;
  blocks: ContactBlockStore;
  evidence: ConsentEvidenceStore;
}

/** What a callback attempt needs to know at the moment it opens. */
export interface CallbackSituation {
  /** The customer's federal state (its public holidays count), when core banking knows it. */
  federalState?: FederalState;
  /** Set when a block on the topic or a phone withdrawal came after the request. */
  stop?: { code: 'blocked' | 'consent-withdrawn'; reason: string };
}

export function createCallbackActivities(deps: CallbackActivityDeps) {
  return {
    async warmTransfer(request: WarmTransferRequest): Promise<WarmTransferOutcome> {
      return deps.telephony.warmTransfer(request);
    },

    /**
     * What holds now for the callback: the customer's state (for holidays), and whether a block
     * on the topic or a withdrawal of phone consent came after the request at `since`: the
     * customer asked to be called, so what stood before the request does not stop it.
     */
    async loadCallbackSituation(input: { customerId: string; topic: string; since: string; at: string }): Promise<CallbackSituation> {
      const since = Date.parse(input.since);
      const [customer, blocks, evidence] = await Promise.all([
        failFastOnPermanentErrors(() => deps.coreBanking.getCustomer(input.customerId)),
        deps.blocks.listActive(input.customerId, new Date(input.at)),
        deps.evidence.list(input.customerId),
      ]);
      const federalState = customer && isFederalState(customer.federalState) ? customer.federalState : undefined;
      const block = blocks.find((b) => (b.topic === input.topic || b.topic === ALL_TOPICS) && Date.parse(b.startedAt) > since);
      if (block) return { federalState, stop: { code: 'blocked', reason: `re-contact block on ${block.topic} since ${block.startedAt.slice(0, 10)} until ${block.endsAt.slice(0, 10)}` } };
      const withdrawal = evidence.find((e) => e.answer === 'withdrawn' && e.channel === 'phone' && Date.parse(e.decidedAt) > since);
      if (withdrawal) return { federalState, stop: { code: 'consent-withdrawn', reason: `phone contact withdrawn on ${withdrawal.decidedAt.slice(0, 10)}` } };
      return { federalState };
    },

    async recordContact(entry: ContactHistoryEntry): Promise<void> {
      await deps.history.record(entry);
    },

    /** Starts or extends the customer's re-contact block on the topic. */
    async blockCustomer(target: { customerId: string; topic: string }, request: BlockRequest): Promise<BlockResult> {
      return deps.blockStarter.startOrExtend(target, request);
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
