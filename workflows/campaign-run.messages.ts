/**
 * Messages of a campaign run and of its contact processes, defined once and imported by the
 * workflows, the activities that signal them and the API.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CampaignRunStatus, RunTargetResult } from '../domain/campaign-run';

/** What the run's process holds (the counts of targets are in the database). */
export interface CampaignRunState {
  runId: string;
  status: CampaignRunStatus;
  read: number;
  selected: number;
  cancelReason?: string;
}

export const campaignRunStateQuery = defineQuery<CampaignRunState>('campaignRunState');
/** Stop releasing call tasks (open tasks stay workable). Refused unless the run is selecting or running. */
export const pauseCampaignRunUpdate = defineUpdate<CampaignRunState>('pauseCampaignRun');
/** Release again from where the run stood. Refused unless paused. */
export const resumeCampaignRunUpdate = defineUpdate<CampaignRunState>('resumeCampaignRun');
/** End the run: waiting customers get no call, open call tasks close with the reason. Refused once it ended. */
export const cancelCampaignRunUpdate = defineUpdate<CampaignRunState, [{ reason: string; by: string }]>('cancelCampaignRun');

/** One customer's contact in a run. */
export interface CampaignContactState {
  status: 'waiting' | 'calling' | 'ended';
  attempts: number;
  result?: RunTargetResult;
  outcome?: string;
  reason?: string;
}

export const campaignContactStateQuery = defineQuery<CampaignContactState>('campaignContactState');
/** The call is released (pacing): the process decides again and opens the call task. A repeat is ignored. */
export const releaseCampaignCallSignal = defineSignal('releaseCampaignCall');
/** The run was cancelled: no call (more); an open call task closes. */
export const cancelCampaignContactSignal = defineSignal<[{ reason: string }]>('cancelCampaignContact');
