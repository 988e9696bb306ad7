/**
 * Use cases of consent capture: the check during a contact, the agent's record of the answer,
 * withdrawal, the evidence trail, and the versioned script.
 */
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError } from '@temporalio/common';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { CoreBankingError } from '../adapters/core-banking/core-banking.port';
import type { ConsentEvidenceStore, ConsentScriptStore } from '../activities/ports';
import {
  currentConsents,
  type ConsentAnswer,
  type ConsentCheckDecision,
  type ConsentCheckRequest,
  type ConsentCheckState,
  type ConsentEvidenceRecord,
  type ConsentScript,
  type ConsentScriptContent,
  type CurrentConsent,
  type WithdrawalRequest,
} from '../domain/consent';
import { consentAnswerUpdate, consentCheckStateQuery, consentDecisionUpdate } from '../workflows/consent-check.messages';
import { consentCheckWorkflow } from '../workflows/consent-check.workflow';
import { withdrawalRecordedUpdate } from '../workflows/consent-withdrawal.messages';
import { consentWithdrawalWorkflow } from '../workflows/consent-withdrawal.workflow';
import { liveCallQueueOf } from '../workflows/task-queues';
import type { PseudonymOf } from '../domain/pseudonym';
import type { TaskBoardSettings } from '../domain/task';
import { HttpError, notFound } from './http-error';
import { scopedKey } from './idempotency';

export interface ConsentUseCaseDeps {
  temporal: Client;
  /** The main task queue: checks and withdrawals run on its live-call queue (workflows/task-queues.ts). */
  taskQueue: string;
  coreBanking: CoreBanking;
  evidence: ConsentEvidenceStore;
  scripts: ConsentScriptStore;
  settings: { declineMonths: number; answerTimeoutMinutes: number };
  /** Where the processes send repair tasks (operations queue, escalation). */
  tasks?: TaskBoardSettings;
  /** Workflow ids carry the customer's pseudonym, not the number (platform/pseudonyms.ts). */
  pseudonymOf: PseudonymOf;
}

/** One check per customer and contact: asking twice in a call gives the same answer. */
export const consentCheckId = (customerId: string, contactId: string) => `${customerId}~${contactId}`;
/** The customer a check id names. */
export const customerOfCheck = (checkId: string) => checkId.slice(0, checkId.indexOf('~'));

export class ConsentUseCases {
  constructor(private readonly deps: ConsentUseCaseDeps) {}

  /**
   * The check's workflow: `consent-check:{pseudonym}~{contactId}`. The API's check id keeps the
   * customer number (the agent's desktop knows it); Temporal sees only the pseudonym.
   */
  workflowIdOf(checkId: string): string {
    return `consent-check:${this.deps.pseudonymOf(customerOfCheck(checkId))}~${checkId.slice(checkId.indexOf('~') + 1)}`;
  }

  /** Should the agent ask? Answers within the call (a few core-banking reads). */
  async check(request: ConsentCheckRequest, agentId: string) {
    const checkId = consentCheckId(request.customerId, request.contactId);
    let decision: ConsentCheckDecision;
    try {
      decision = await this.deps.temporal.workflow.executeUpdateWithStart(consentDecisionUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(consentCheckWorkflow, {
          workflowId: this.workflowIdOf(checkId),
          taskQueue: liveCallQueueOf(this.deps.taskQueue),
          args: [{ checkId, request, agentId, settings: this.deps.settings, tasks: this.deps.tasks }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          // One question per contact: a finished check is not started again; one that failed
          // (core banking did not answer: 503) may be run again for the same contact.
          workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
        }),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const finished = await this.state(checkId);
      if (!finished.decision) throw error;
      decision = finished.decision;
    }
    if (!decision.ask && decision.code === 'unknown-customer') throw notFound(`core banking does not know customer ${request.customerId}`);
    return { checkId, ...decision };
  }

  async state(checkId: string): Promise<ConsentCheckState> {
    try {
      return await this.deps.temporal.workflow.getHandle(this.workflowIdOf(checkId)).query(consentCheckStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no consent check ${checkId}`);
      throw error;
    }
  }

  /**
   * Records the customer's answer; answers the proof records once stored. Only the agent who
   * opened the check records it, or a supervisor (`supervisor`); a check opened before checks
   * knew their opener takes any agent's answer.
   */
  async answer(checkId: string, answer: ConsentAnswer, agentId: string, { supervisor = false }: { supervisor?: boolean } = {}): Promise<{ checkId: string; evidence: ConsentEvidenceRecord[] }> {
    const { openedBy } = await this.state(checkId);
    if (openedBy !== undefined && openedBy !== agentId && !supervisor) {
      throw new HttpError(403, 'only the agent who opened this consent check, or a supervisor, records its answer');
    }
    try {
      const { evidence } = await this.deps.temporal.workflow.getHandle(this.workflowIdOf(checkId)).executeUpdate(consentAnswerUpdate, { args: [{ ...answer, agentId }] });
      return { checkId, evidence };
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // A closed check exists but takes no answer: a conflict, not an unknown id.
      const closed = await this.state(checkId);
      throw new HttpError(409, `the consent check is ${closed.status}${closed.answer ? ` (answered ${closed.answer})` : ''}`);
    }
  }

  /** Withdraws consent on channels: honoured by the policy when this returns, written through after. */
  async withdraw(customerId: string, request: WithdrawalRequest, agentId: string, idempotencyKey: string | undefined): Promise<ConsentEvidenceRecord[]> {
    if ((await this.customerKnown(customerId)) === false) throw notFound(`core banking does not know customer ${customerId}`);
    // Scoped to the agent, like every key (api/idempotency.ts); the customer is not in the id.
    const workflowId = `consent-withdrawal:${idempotencyKey ? scopedKey(agentId, idempotencyKey) : randomUUID()}`;
    try {
      return await this.deps.temporal.workflow.executeUpdateWithStart(withdrawalRecordedUpdate, {
        startWorkflowOperation: new WithStartWorkflowOperation(consentWithdrawalWorkflow, {
          workflowId,
          taskQueue: liveCallQueueOf(this.deps.taskQueue),
          args: [{ customerId, request, agentId, tasks: this.deps.tasks }],
          workflowIdConflictPolicy: 'USE_EXISTING',
          // A repeated request after the first finished answers what was stored, and starts nothing.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        }),
      });
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      const stored = (await this.deps.evidence.list(customerId)).filter((record) => record.workflowId === workflowId);
      if (stored.length === 0) throw error;
      return stored.sort((a, b) => a.id.localeCompare(b.id));
    }
  }

  /** The evidence trail, newest first, with the consents that stand now. */
  async trail(customerId: string): Promise<{ customerId: string; current: CurrentConsent[]; evidence: ConsentEvidenceRecord[] }> {
    const [fromCoreBanking, evidence] = await Promise.all([this.deps.coreBanking.getConsents(customerId), this.deps.evidence.list(customerId)]);
    return { customerId, current: currentConsents(fromCoreBanking, evidence), evidence };
  }

  async script(version?: number): Promise<ConsentScript> {
    const script = version === undefined ? await this.deps.scripts.latest() : await this.deps.scripts.get(version);
    if (!script) throw notFound(version === undefined ? 'no consent script' : `no consent script version ${version}`);
    return script;
  }

  async newScriptVersion(content: ConsentScriptContent, createdBy: string): Promise<ConsentScript> {
    return this.deps.scripts.add(content, createdBy);
  }

  /**
   * Whether core banking knows the customer; undefined when it cannot say right now. A withdrawal
   * must not wait for core banking (it is honoured at once and written through later), so only a
   * definite "unknown" refuses it.
   */
  private async customerKnown(customerId: string): Promise<boolean | undefined> {
    try {
      return (await this.deps.coreBanking.getCustomer(customerId)) !== undefined;
    } catch (error) {
      if (error instanceof CoreBankingError && (error.kind === 'unavailable' || error.kind === 'timeout')) return undefined;
      throw error;
    }
  }

}
