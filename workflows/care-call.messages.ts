/**
 * Messages of the care-call workflow, defined once and imported by the workflow and the API.
 */
import { defineQuery } from '@temporalio/workflow';
import type { CareCallState } from '../domain/care-call';

export const careCallStateQuery = defineQuery<CareCallState>('careCallState');
