/**
 * Messages of the contact-block workflow, defined once and imported by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { BlockRequest, BlockResult, ContactBlockState, LiftRequest } from '../domain/contact-block';

/** Block (or extend the block) until `months` from now; answers once the row is written. */
export const blockUpdate = defineUpdate<BlockResult, [BlockRequest]>('block');
/** Lift the block now; answers the final state once the row is written. */
export const liftUpdate = defineUpdate<ContactBlockState, [LiftRequest]>('lift');
/** The block's current state. */
export const blockStateQuery = defineQuery<ContactBlockState>('state');
