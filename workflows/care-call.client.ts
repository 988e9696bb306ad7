/**
 * Starting a sale's care call from outside the workflow: the API (`POST /sales`), and the
 * appointment process when an advisor records a sale (through a port wired in workers/). One
 * process per customer and sale key, started idempotently: the same sale again reaches the same
 * process, running or closed. Not part of the workflow bundle.
 */
import type { Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { CallbackPolicy } from '../domain/callback';
import { careCallWorkflowId, CareCallErrors, saleIdOf, type CareCallPolicy, type CareCallState, type SaleRequest } from '../domain/care-call';
import type { PseudonymOf } from '../domain/pseudonym';
import type { TaskBoardSettings } from '../domain/task';
import { careCallStateQuery } from './care-call.messages';
import { careCallWorkflow } from './care-call.workflow';

/** Everything a care call is started with, from configuration. */
export interface CareCallSettings {
  taskQueue: string;
  policy: CareCallPolicy;
  callback: CallbackPolicy;
  tasks: TaskBoardSettings;
  pseudonymOf: PseudonymOf;
}

export interface CareCallStarted {
  /** The API's id of the care call: `{customerId}~{saleKey}`. */
  saleId: string;
  workflowId: string;
  /** When the process decides whether and how to contact the customer. */
  decideAt: string;
  status: CareCallState['status'];
}

/**
 * Starts the care call for one sale. `saleKey` names the sale among the customer's (no personal
 * data: it goes into the workflow id), e.g. `appointment-{id}-{product}`; `fingerprint` tells a
 * repeated sale from another one under the same key (default: the sale itself).
 *
 * @throws {CareCallSaleKeyReusedError} when the key was used before for another sale.
 */
export async function startCareCall(
  temporal: Client,
  settings: CareCallSettings,
  start: { sale: SaleRequest; saleKey: string; requestedBy: string; fingerprint?: string },
): Promise<CareCallStarted> {
  const { sale, saleKey, requestedBy } = start;
  const fingerprint = start.fingerprint ?? canonicalSale(sale);
  const saleId = saleIdOf(sale.customerId, saleKey);
  const workflowId = careCallWorkflowId(settings.pseudonymOf(sale.customerId), saleKey);
  try {
    await temporal.workflow.start(careCallWorkflow, {
      workflowId,
      taskQueue: settings.taskQueue,
      args: [{ saleId, saleKey, sale, requestedBy, fingerprint, policy: settings.policy, callback: settings.callback }, settings.tasks],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    // Closed already: its state still answers the query below.
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
  }
  const state = await temporal.workflow.getHandle(workflowId).query(careCallStateQuery);
  if (state.fingerprint !== fingerprint) throw new CareCallSaleKeyReusedError(saleKey);
  return { saleId, workflowId, decideAt: state.decideAt, status: state.status };
}

/** The same sale key was used before for another sale. */
export class CareCallSaleKeyReusedError extends Error {
  readonly type = CareCallErrors.SaleKeyReused;
  constructor(saleKey: string) {
    super(`the sale key ${saleKey} was used before for another sale`);
    this.name = 'CareCallSaleKeyReusedError';
  }
}

/** The sale as one string with a fixed key order: equal sales, equal strings. */
function canonicalSale(sale: SaleRequest): string {
  const { customerId, product, soldAt, channel, advisorId } = sale;
  return JSON.stringify([customerId, product, new Date(Date.parse(soldAt)).toISOString(), channel, advisorId ?? null]);
}
