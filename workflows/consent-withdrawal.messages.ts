/**
 * Messages of the withdrawal workflow, defined once and imported by the workflow and the API.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { ConsentEvidenceRecord } from '../domain/consent';

/** Answers once the withdrawal is on record (so the contact policy already honours it). */
export const withdrawalRecordedUpdate = defineUpdate<ConsentEvidenceRecord[], []>('withdrawalRecorded');
