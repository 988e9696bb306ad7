/**
 * The port to where service requests and their decisions are kept (issue 11, section 2): written
 * once when the agent records the request (with the decision's snapshot), and once more when the
 * agent records the customer's answer to the offer. Implemented by prisma/service-request.repository.ts.
 */
import type { RecordedOutcome, ServiceRequestRecord } from '../domain/service-request';

/** What recording an outcome did. */
export type RecordOutcomeResult =
  | { kind: 'recorded'; record: ServiceRequestRecord }
  /** An outcome was recorded before (the same one: a retry; another one: a conflict). */
  | { kind: 'already'; record: ServiceRequestRecord }
  | { kind: 'not-found' };

export interface ServiceRequestStore {
  /** Stores the request; one with the same id stands (a retried request after a crash) and is returned. */
  create(record: ServiceRequestRecord): Promise<ServiceRequestRecord>;
  get(id: string): Promise<ServiceRequestRecord | undefined>;
  /** Records the outcome unless one is recorded already. */
  recordOutcome(id: string, outcome: RecordedOutcome): Promise<RecordOutcomeResult>;
  /** The customer's service requests, newest first (the auditor's view). */
  listForCustomer(customerId: string, limit: number): Promise<ServiceRequestRecord[]>;
}
