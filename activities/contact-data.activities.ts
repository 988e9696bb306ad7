/**
 * Activity of the customer data update: the write-through of new contact details to core banking,
 * exactly once by idempotency key. The values are in the (encrypted) arguments only; errors name
 * the request path, never a value.
 */
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { failFastOnPermanentErrors } from './failures';

export interface ContactDataActivityDeps {
  coreBanking: CoreBanking;
}

export function createContactDataActivities({ coreBanking }: ContactDataActivityDeps) {
  return {
    /** Writes the change once (the key is derived from the workflow id and run); answers core banking's write id. */
    async writeContactDataThrough(command: { customerId: string; email?: string; phone?: string; idempotencyKey: string }): Promise<string> {
      const { updateId } = await failFastOnPermanentErrors(() => coreBanking.updateContactData(command));
      return updateId;
    },
  };
}
