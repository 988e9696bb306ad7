/**
 * Activities of the contact-block workflow.
 */
import type { ContactBlockState } from '../domain/contact-block';
import type { ContactBlockStore } from './ports';

export interface ContactBlockActivityDeps {
  blocks: ContactBlockStore;
}

export function createContactBlockActivities({ blocks }: ContactBlockActivityDeps) {
  return {
    /** Projects the block's state into the database (idempotent, newest version wins). */
    async saveContactBlock(block: ContactBlockState): Promise<void> {
      await blocks.save(block);
    },
  };
}
