/**
 * Use cases behind the contact-block endpoints: start or extend a block (update-with-start on
 * the block's workflow), lift it, read its state, list a customer's active blocks.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import type { ContactBlockStore } from '../activities/ports';
import {
  ContactBlockErrors,
  contactBlockWorkflowId,
  type BlockResult,
  type ContactBlockRecord,
  type ContactBlockState,
  type CreateBlockBody,
} from '../domain/contact-block';
import type { PseudonymOf } from '../domain/pseudonym';
import { notFound } from './http-error';
import { scopedKey } from './idempotency';
import { startOrExtendBlock, isFailureOfType } from '../workflows/contact-block.client';
import { blockStateQuery, liftUpdate } from '../workflows/contact-block.messages';

export interface ContactBlockUseCaseDeps {
  temporal: Client;
  taskQueue: string;
  blocks: ContactBlockStore;
  /** Workflow ids carry the customer's pseudonym (platform/pseudonyms.ts). */
  pseudonymOf: PseudonymOf;
  now?: () => Date;
}

export class ContactBlockUseCases {
  constructor(private readonly deps: ContactBlockUseCaseDeps) {}

  /**
   * Blocks the customer on the topic, or extends the running block to the later end.
   * `idempotencyKey` makes a retried request answer the same without a second extension.
   */
  async block(body: CreateBlockBody, idempotencyKey: string | undefined, requestedBy?: string): Promise<BlockResult> {
    // The key scoped to its caller (api/idempotency.ts): two agents' keys never meet in a block.
    const request = { requestId: idempotencyKey ? scopedKey(requestedBy ?? 'anonymous', idempotencyKey) : randomUUID(), months: body.months, reason: body.reason, requestedBy };
    return startOrExtendBlock(this.deps.temporal, this.deps.taskQueue, body, request, this.deps.pseudonymOf);
  }

  /** Lifts the customer's block on the topic now. */
  async lift(customerId: string, topic: string, reason: string | undefined, liftedBy?: string): Promise<ContactBlockState> {
    const handle = this.deps.temporal.workflow.getHandle(contactBlockWorkflowId(this.deps.pseudonymOf(customerId), topic));
    try {
      return await handle.executeUpdate(liftUpdate, { args: [{ requestId: randomUUID(), reason, liftedBy }] });
    } catch (error) {
      if (error instanceof WorkflowNotFoundError || isFailureOfType(error, ContactBlockErrors.NotActive)) {
        throw notFound(`no active contact block for customer ${customerId} on topic ${topic}`);
      }
      throw error;
    }
  }

  /** The block's state as its workflow holds it (also for lifted and expired blocks). */
  async state(customerId: string, topic: string): Promise<ContactBlockState> {
    try {
      return await this.deps.temporal.workflow.getHandle(contactBlockWorkflowId(this.deps.pseudonymOf(customerId), topic)).query(blockStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no contact block for customer ${customerId} on topic ${topic}`);
      throw error;
    }
  }

  /** The customer's active blocks, from the database projection. */
  async listActive(customerId: string): Promise<ContactBlockRecord[]> {
    return this.deps.blocks.listActive(customerId, (this.deps.now ?? (() => new Date()))());
  }
}
