/**
 * Campaign runs (issue 12): launch a published selection version over the customer base, pause,
 * resume and cancel it, and read its progress. The run's process does the work
 * (`workflows/campaign-run.workflow.ts`); its projection in the database answers the progress.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { CampaignRunCounts, CampaignRunRecord, CampaignRunStore } from '../activities/ports';
import type { CallbackPolicy } from '../domain/callback';
import { campaignRunId, campaignRunWorkflowId, RUN_REASON_LABELS, type CampaignRunSettings, type CampaignRunStatus } from '../domain/campaign-run';
import type { TaskBoardSettings } from '../domain/task';
import { campaignRunStateQuery, cancelCampaignRunUpdate, pauseCampaignRunUpdate, resumeCampaignRunUpdate, type CampaignRunState } from '../workflows/campaign-run.messages';
import { launchCampaignRun } from '../workflows/campaign-run.client';
import type { CampaignStore } from './campaign-store';
import { conflict, notFound } from './http-error';

export interface CampaignRunUseCaseDeps {
  temporal: Client;
  taskQueue: string;
  campaigns: Pick<CampaignStore, 'getVersion'>;
  runs: CampaignRunStore;
  settings: CampaignRunSettings;
  callback: CallbackPolicy;
  tasks: TaskBoardSettings;
  now: () => Date;
}

/** A run in a list. */
export interface CampaignRunSummary {
  runId: string;
  version: number;
  status: CampaignRunStatus;
  launchedAt: string;
  launchedBy: string;
}

/** `GET /campaign-runs/{runId}`: where the run stands, from its projection. */
export interface CampaignRunProgress extends CampaignRunSummary {
  campaignId: string;
  queue: string;
  cancelReason?: string;
  endedAt?: string;
  selection: { read: number; selected: number; excluded: Array<{ key: string; label: string; count: number }> };
  counts: { waiting: number; released: number; taskOpen: number; reached: number; notContactable: number; stopped: number; cancelled: number; failed: number };
  outcomes: Record<string, number>;
  stoppedAtDial: Array<{ key: string; label: string; count: number }>;
  series: CampaignRunCounts['series'];
}

const summaryOf = (run: CampaignRunRecord): CampaignRunSummary => ({ runId: run.runId, version: run.version, status: run.status, launchedAt: run.launchedAt, launchedBy: run.launchedBy });

export class CampaignRunUseCases {
  constructor(private readonly deps: CampaignRunUseCaseDeps) {}

  /**
   * Launches the version (once: the run id is the campaign and version, so a second launch
   * answers the first run and starts nothing).
   *
   * @throws {HttpError} 404 for an unknown version; 409 for a campaign that is not a selection.
   */
  async launch(campaignId: string, versionNumber: number, by: string): Promise<{ run: CampaignRunProgress; created: boolean }> {
    const version = await this.deps.campaigns.getVersion(campaignId, versionNumber);
    if (!version) throw notFound(`campaign ${campaignId} has no version ${versionNumber}`);
    const { definition } = version;
    if (definition.trigger.kind !== 'selection') throw conflict(`campaign ${campaignId} is triggered by ${definition.trigger.kind}: only selection campaigns are launched over the customer base`);
    const runId = campaignRunId(campaignId, versionNumber);
    const queue = definition.queues.outbound;
    const { created } = await this.deps.runs.createRun({ runId, campaignId, version: versionNumber, queue, status: 'selecting', launchedBy: by, launchedAt: this.deps.now().toISOString(), read: 0, selected: 0, excluded: {} });
    const { settings } = this.deps;
    await launchCampaignRun(this.deps.temporal, this.deps.taskQueue, {
      contact: {
        runId,
        campaignId,
        version: versionNumber,
        queue,
        maxAttempts: settings.maxAttempts,
        attemptSpacingDays: settings.attemptSpacingDays,
        tasks: this.deps.tasks,
        callback: this.deps.callback,
        campaignTitle: definition.offer.title,
        topic: definition.offer.topic,
        allowedOutcomes: definition.outcomes.map((rule) => rule.outcome),
        blockMonths: definition.blockMonths,
        caps: [...settings.caps],
        callingHours: settings.callingHours,
        callDueWorkingMinutes: settings.callDueWorkingMinutes,
      },
      pacing: { maxOpenTasks: settings.maxOpenTasks, maxNewTasksPerHour: settings.maxNewTasksPerHour, callingHours: settings.callingHours },
      caps: [...settings.caps],
    });
    return { run: await this.progress(runId), created };
  }

  /** The runs of a campaign, newest first. */
  async runsOf(campaignId: string): Promise<CampaignRunSummary[]> {
    return (await this.deps.runs.listRuns(campaignId)).map(summaryOf);
  }

  /**
   * The progress of the campaign's newest run (a campaign is launched once per version).
   *
   * @throws {HttpError} 404 when the campaign has never been launched.
   */
  async campaignProgress(campaignId: string): Promise<CampaignRunProgress> {
    const [newest] = await this.deps.runs.listRuns(campaignId);
    if (!newest) throw notFound(`campaign ${campaignId} has not been launched`);
    return this.progress(newest.runId);
  }

  /** @throws {HttpError} 404 for an unknown run. */
  async progress(runId: string): Promise<CampaignRunProgress> {
    const run = await this.deps.runs.getRun(runId);
    if (!run) throw notFound(`no campaign run ${runId}`);
    const [counts, live] = await Promise.all([this.deps.runs.counts(runId), run.endedAt ? undefined : this.liveState(runId)]);
    const state = (key: keyof CampaignRunCounts['byState']) => counts.byState[key] ?? 0;
    const result = (key: keyof CampaignRunCounts['byResult']) => counts.byResult[key] ?? 0;
    return {
      ...summaryOf(run),
      // A pause or resume is the process's at once; its projection follows at the next step. A
      // cancel the reconciler recorded for a terminated process stands (that process, queried,
      // would answer the state it stood in when it was terminated).
      ...(live && run.status !== 'cancelled' ? { status: reportedStatus(live, run) } : {}),
      campaignId: run.campaignId,
      queue: run.queue,
      ...(run.cancelReason ?? live?.cancelReason ? { cancelReason: run.cancelReason ?? live?.cancelReason } : {}),
      ...(run.endedAt ? { endedAt: run.endedAt } : {}),
      selection: {
        read: run.read,
        selected: run.selected,
        excluded: Object.entries(run.excluded)
          .map(([key, { label, count }]) => ({ key, label, count }))
          .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
      },
      counts: {
        waiting: state('waiting'),
        released: state('released'),
        taskOpen: state('task-open'),
        reached: result('reached'),
        notContactable: result('not-contactable'),
        stopped: result('stopped'),
        cancelled: result('cancelled'),
        failed: result('failed'),
      },
      outcomes: counts.byOutcome,
      stoppedAtDial: Object.entries(counts.byReason)
        .filter(([key]) => key !== 'task-cancelled' && key !== 'process-cancelled')
        .map(([key, count]) => ({ key, label: RUN_REASON_LABELS[key] ?? key, count }))
        .sort((a, b) => b.count - a.count),
      series: counts.series,
    };
  }

  /** @throws {HttpError} 404 for an unknown run; 409 when its state does not allow it (or it ended). */
  async pause(runId: string): Promise<CampaignRunProgress> {
    return this.change(runId, () => this.handle(runId).executeUpdate(pauseCampaignRunUpdate));
  }

  /** @throws {HttpError} 404 for an unknown run; 409 unless it is paused. */
  async resume(runId: string): Promise<CampaignRunProgress> {
    return this.change(runId, () => this.handle(runId).executeUpdate(resumeCampaignRunUpdate));
  }

  /** @throws {HttpError} 404 for an unknown run; 409 once it ended. */
  async cancel(runId: string, reason: string, by: string): Promise<CampaignRunProgress> {
    return this.change(runId, () => this.handle(runId).executeUpdate(cancelCampaignRunUpdate, { args: [{ reason, by }] }));
  }

  private async change(runId: string, update: () => Promise<unknown>): Promise<CampaignRunProgress> {
    const run = await this.deps.runs.getRun(runId);
    if (!run) throw notFound(`no campaign run ${runId}`);
    try {
      await update();
    } catch (error) {
      // The process has ended (completed or cancelled): nothing to change any more.
      if (error instanceof WorkflowNotFoundError) throw conflict(`the run has ended (${run.status})`);
      throw error;
    }
    return this.progress(runId);
  }

  private handle(runId: string) {
    return this.deps.temporal.workflow.getHandle(campaignRunWorkflowId(runId));
  }

  /** The run's state from its process; undefined when the process is gone (the projection answers). */
  private async liveState(runId: string): Promise<CampaignRunState | undefined> {
    try {
      return await this.handle(runId).query(campaignRunStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return undefined;
      throw error;
    }
  }
}

/**
 * The status a reader sees while the run's process lives: the process's own (a pause answers at
 * once), except that the selection is reported done only once its counts are in the projection.
 * The process marks itself running as its last page is read and projects the counts right after;
 * a reader between the two saw "running" with nothing selected.
 */
export function reportedStatus(live: Pick<CampaignRunState, 'status' | 'read'>, projected: { read: number }): CampaignRunStatus {
  return live.status === 'running' && projected.read < live.read ? 'selecting' : live.status;
}
