/**
 * Ports the activities need. Implementations are injected (see workers/), so tests run the same
 * activity code against real databases and servers.
 */
import type { ContactBlockRecord, ContactBlockState } from '../domain/contact-block';

/** Where blocks are projected for policy checks and listings. */
export interface ContactBlockStore {
  /** Writes the block unless a newer version of it is stored already. Idempotent. */
  save(block: ContactBlockState): Promise<void>;
  /** Active blocks of a customer (status active, end after `at`), soonest end first. */
  listActive(customerId: string, at: Date): Promise<ContactBlockRecord[]>;
}
