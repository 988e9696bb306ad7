/**
 * Messages of the callback workflow, defined once and imported by the workflow and the API.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CallbackState } from '../domain/callback';

export const callbackStateQuery = defineQuery<CallbackState>('callbackState');
export const cancelCallbackUpdate = defineUpdate<CallbackState, [{ by: string; reason?: string }]>('cancelCallback');
