/**
 * Customer data update during a contact: the agent records an email address or mobile number,
 * written through to core banking exactly once by `contactDataUpdateWorkflow`.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import { CoreBankingError, type CoreBanking } from '../adapters/core-banking/core-banking.port';
import { fieldsOf, type ContactDataField, type ContactDataUpdate } from '../domain/contact-data';
import type { TaskBoardSettings } from '../domain/task';
import { contactDataUpdateWorkflow } from '../workflows/contact-data-update.workflow';
import { notFound } from './http-error';
import { scopedKey } from './idempotency';

export interface ContactDataUseCaseDeps {
  temporal: Client;
  taskQueue: string;
  coreBanking: Pick<CoreBanking, 'getCustomer'>;
  tasks?: TaskBoardSettings;
}

/** The answer of `POST /customers/{id}/contact-data`: which fields, never their values. */
export interface ContactDataAccepted {
  customerId: string;
  contactId: string;
  fields: ContactDataField[];
  /** The write-through's id (its workflow): `contact-data-update:{scoped key}`. */
  updateId: string;
  status: 'writing-through';
}

export class ContactDataUseCases {
  constructor(private readonly deps: ContactDataUseCaseDeps) {}

  /**
   * Accepts the change and starts its write-through. The workflow id is the caller's scoped key,
   * so a repeat of the request (also after a crash before the API answered) reaches the one
   * workflow; a workflow id that finished is not run again.
   */
  async update(customerId: string, body: ContactDataUpdate, agentId: string, idempotencyKey: string): Promise<ContactDataAccepted> {
    if ((await this.customerKnown(customerId)) === false) throw notFound(`core banking does not know customer ${customerId}`);
    const updateId = `contact-data-update:${scopedKey(agentId, idempotencyKey)}`;
    const change = { ...(body.email === undefined ? {} : { email: body.email }), ...(body.phone === undefined ? {} : { phone: body.phone }) };
    try {
      await this.deps.temporal.workflow.start(contactDataUpdateWorkflow, {
        workflowId: updateId,
        taskQueue: this.deps.taskQueue,
        args: [{ customerId, contactId: body.contactId, agentId, change, tasks: this.deps.tasks }],
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (error) {
      // Finished already: the write happened (or went to operations); nothing runs twice.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return { customerId, contactId: body.contactId, fields: fieldsOf(change), updateId, status: 'writing-through' };
  }

  /** Whether core banking knows the customer; undefined when it cannot say now (the write waits for it). */
  private async customerKnown(customerId: string): Promise<boolean | undefined> {
    try {
      return (await this.deps.coreBanking.getCustomer(customerId)) !== undefined;
    } catch (error) {
      if (error instanceof CoreBankingError && (error.kind === 'unavailable' || error.kind === 'timeout')) return undefined;
      throw error;
    }
  }
}
