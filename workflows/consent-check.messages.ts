/**
 * Messages of the consent-check workflow, defined once and imported by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ConsentAnswer, ConsentCheckDecision, ConsentCheckState, ConsentEvidenceRecord } from '../domain/consent';

/** Answers, once known, whether the agent should ask (used with update-with-start). */
export const consentDecisionUpdate = defineUpdate<ConsentCheckDecision, []>('consentDecision');
/** The agent records the customer's answer; answers the stored evidence. */
export const consentAnswerUpdate = defineUpdate<{ evidence: ConsentEvidenceRecord[] }, [ConsentAnswer & { agentId: string }]>('consentAnswer');
export const consentCheckStateQuery = defineQuery<ConsentCheckState>('consentCheckState');
