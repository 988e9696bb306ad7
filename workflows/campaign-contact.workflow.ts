/**
 * One selected customer's contact in a campaign run (issue 12), pinned to the run's version.
 *
 * It waits for its turn (the run releases calls as pacing allows), then decides again with the
 * facts of that moment: a consent withdrawn, a block set or a cap reached by another campaign
 * since the launch means no call, with the reason; a reason that clears by time alone (calling
 * hours, a holiday of the customer's state) puts the customer back in line for that time. Then
 * the call task opens in the run's queue; the agent's answer leads on (not interested → a
 * re-contact block; interested → the Direktberatung calls back with the wish), and a customer
 * not reached is tried again on a later day, up to the run's number of attempts. A cancel of the
 * run ends it at any step and closes an open task. Every step lands in the run's projection.
 */
import { ApplicationFailure, CancellationScope, ParentClosePolicy, TemporalFailure, allHandlersFinished, condition, isCancellation, proxyActivities, setHandler, startChild, workflowInfo } from '@temporalio/workflow';
import type { createCallbackActivities } from '../activities/callback.activities';
import type { createCampaignRunActivities } from '../activities/campaign-run.activities';
import type { CampaignContactStart, RunTargetPatch } from '../activities/ports';
import { campaignCallResultSchema, type CampaignCallResult, type RunTargetResult } from '../domain/campaign-run';
import { callbackWorkflowId } from '../domain/callback';
import { addWorkingMinutes } from '../domain/business-calendar';
import { RepairCodes } from '../domain/repair';
import type { TaskRecord } from '../domain/task';
import { callbackWorkflow } from './callback.workflow';
import { campaignContactStateQuery, cancelCampaignContactSignal, releaseCampaignCallSignal, type CampaignContactState } from './campaign-run.messages';
import { TaskBoard } from './human-tasks';
import type { NextDescription } from './human-tasks.messages';
import { openRepair } from './repair.workflow';
import { STORE_WITHIN, UNTIL_STORED } from './retry-policies';

const { decideCampaignCall, updateCampaignTarget } = proxyActivities<ReturnType<typeof createCampaignRunActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { recordContact, blockCustomer } = proxyActivities<ReturnType<typeof createCallbackActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});

const DAY = 24 * 3_600_000;
/** A call task is due after half a working day of the center, unless the run says otherwise. */
const DEFAULT_CALL_DUE_WORKING_MINUTES = 4 * 60;

/** What the process is started with: the run, the customer and what the version says about the call. */
export type CampaignContactInput = CampaignContactStart;

export async function campaignContactWorkflow(input: CampaignContactInput): Promise<CampaignContactState> {
  const workflowId = workflowInfo().workflowId;
  const state: CampaignContactState = { status: 'waiting', attempts: 0 };
  let released = false;
  let cancelled: string | undefined;
  setHandler(campaignContactStateQuery, () => state);
  setHandler(releaseCampaignCallSignal, () => {
    // A repeated release (a signal sent again after a lost acknowledgement) changes nothing.
    if (state.status === 'waiting') released = true;
  });
  setHandler(cancelCampaignContactSignal, ({ reason }) => {
    cancelled ??= reason;
  });
  const board = new TaskBoard(input.tasks, describeNext, { resultSchemas: { 'campaign-call@1': campaignCallResultSchema(input.allowedOutcomes) } });

  function describeNext(task: TaskRecord): NextDescription {
    const result = task.result as CampaignCallResult;
    if (result.reached) {
      if (result.outcome === 'not-interested') return { next: `not interested: re-contact on ${input.topic} is blocked for ${input.blockMonths} months`, step: { kind: 'blocked', topic: input.topic, months: input.blockMonths } };
      return { next: `recorded: ${result.outcome}`, step: { kind: 'done', outcome: result.outcome } };
    }
    const attempt = state.attempts;
    if (attempt < input.maxAttempts) return { next: `not reached: attempt ${attempt + 1} of ${input.maxAttempts} follows on a later day`, step: { kind: 'next-attempt-day', attempt: attempt + 1, of: input.maxAttempts } };
    return { next: 'not reached: that was the last attempt', step: { kind: 'done', outcome: 'not-contactable' } };
  }

  const at = () => new Date(Date.now()).toISOString();
  const project = (patch: RunTargetPatch) => updateCampaignTarget({ runId: input.runId, customerId: input.customerId, patch, at: at() });
  const end = async (result: RunTargetResult, extra: { outcome?: string; reason?: string } = {}) => {
    state.status = 'ended';
    state.result = result;
    if (extra.outcome) state.outcome = extra.outcome;
    if (extra.reason) state.reason = extra.reason;
    await project({ state: 'ended', attempts: state.attempts, result, ...extra });
  };

  async function leadOn(result: Extract<CampaignCallResult, { reached: true }>, agentId: string | undefined): Promise<void> {
    if (result.outcome === 'not-interested') {
      await blockCustomer(
        { customerId: input.customerId, topic: input.topic },
        { requestId: `${workflowId}/block`, months: input.blockMonths, reason: `Kampagne „${input.campaignTitle}“: kein Interesse`, requestedBy: agentId ?? 'campaign' },
      );
    } else if (result.outcome.startsWith('interested-')) {
      const callbackId = `${workflowId.replace(/[^A-Za-z0-9-]/g, '-')}-cb`;
      const wish = { 'interested-transfer': 'möchte mehr erfahren', 'interested-callback': 'wünscht einen Rückruf', 'interested-appointment': 'wünscht einen Beratungstermin' }[result.outcome as 'interested-transfer'];
      try {
        await startChild(callbackWorkflow, {
          workflowId: callbackWorkflowId(callbackId),
          args: [
            {
              callbackId,
              request: { customerId: input.customerId, topic: input.topic, preferredTime: { asap: true }, note: `Kampagne „${input.campaignTitle}“: Kunde ${wish}.${result.note ? ` ${result.note}` : ''}` },
              requestedBy: agentId ?? 'campaign',
              fingerprint: `campaign:${workflowId}`,
              policy: input.callback,
            },
            input.tasks,
          ],
          // The callback lives on its own: it outlasts this process.
          parentClosePolicy: ParentClosePolicy.ABANDON,
        });
      } catch (error) {
        if ((error as { name?: string }).name !== 'WorkflowExecutionAlreadyStartedError') throw error;
      }
    }
  }

  async function run(): Promise<void> {
    while (state.attempts < input.maxAttempts) {
      await condition(() => released || cancelled !== undefined);
      if (cancelled !== undefined) return end('cancelled', { reason: cancelled });
      released = false;
      const decision = await decideCampaignCall({ customerId: input.customerId, campaignId: input.campaignId, version: input.version, callingHours: input.callingHours, caps: input.caps, at: at() });
      if (!decision.allowed) {
        if (decision.timeBound && decision.earliestAllowedAt) {
          // Back in line for when the policy allows the call (released again by the run).
          await project({ state: 'waiting', notBefore: decision.earliestAllowedAt });
          continue;
        }
        const reason = decision.reasons[0]?.code ?? 'not-allowed';
        await recordContact({ id: `${workflowId}/stopped`, customerId: input.customerId, at: at(), purpose: 'advertising', channel: 'phone', topic: input.topic, outcome: 'campaign-call-not-allowed', campaignId: input.campaignId, workflowId, note: decision.reasons.map((r) => `${r.code}: ${r.message}`).join(' ') });
        return end('stopped', { reason });
      }
      state.attempts += 1;
      state.status = 'calling';
      await project({ state: 'task-open', attempts: state.attempts, notBefore: null });
      const number = state.attempts;
      const task = await board.open({
        key: `call-${number}`,
        type: 'campaign-call',
        resultVersion: 1,
        queue: input.queue,
        priority: 1,
        dueAt: addWorkingMinutes(new Date(Date.now()), input.callDueWorkingMinutes ?? DEFAULT_CALL_DUE_WORKING_MINUTES, input.callingHours),
        title: `Kampagnenanruf ${input.customerId} – ${input.campaignTitle} (Versuch ${number} von ${input.maxAttempts})`,
        context: { customerId: input.customerId, campaignId: input.campaignId, version: input.version, campaign: input.campaignTitle, topic: input.topic, attempt: number, runId: input.runId },
      });
      await Promise.race([board.closed(task.id), condition(() => cancelled !== undefined)]);
      if (cancelled !== undefined && board.get(task.id)?.status !== 'completed') {
        await board.cancelOpen();
        return end('cancelled', { reason: cancelled });
      }
      const closed = await board.closed(task.id);
      if (closed.status !== 'completed') return end('cancelled', { reason: 'task-cancelled' });
      const result = closed.result as CampaignCallResult;
      if (result.reached) {
        await recordContact({ id: `${workflowId}/call-${number}`, customerId: input.customerId, at: at(), purpose: 'advertising', channel: 'phone', topic: input.topic, outcome: `campaign-${result.outcome}`, campaignId: input.campaignId, workflowId, ...(closed.completedBy ? { agentId: closed.completedBy } : {}) });
        await leadOn(result, closed.completedBy);
        return end('reached', { outcome: result.outcome });
      }
      if (state.attempts >= input.maxAttempts) return end('not-contactable');
      state.status = 'waiting';
      await project({ state: 'waiting', notBefore: new Date(Date.now() + input.attemptSpacingDays * DAY).toISOString() });
    }
  }

  try {
    await board.closingTasksOnFailure(run);
  } catch (error) {
    if (isCancellation(error)) {
      await CancellationScope.nonCancellable(() => end('cancelled', { reason: 'process-cancelled' }));
    } else {
      // The run must not wait for this contact: it has ended, failed (the repair says why).
      await CancellationScope.nonCancellable(() => end('failed', { reason: 'process-failed' }));
      await openRepair({ code: RepairCodes.CampaignContactFailed, problem: 'Ein Kampagnenkontakt ist fehlgeschlagen; der Kunde wurde womöglich nicht angerufen. Bitte den Fall prüfen.', customerId: input.customerId }, input.tasks);
    }
    throw error instanceof TemporalFailure ? error : ApplicationFailure.create({ type: 'CampaignContactFailed', message: 'the campaign contact failed', cause: error instanceof Error ? error : undefined, nonRetryable: true });
  }
  await board.settled();
  await condition(allHandlersFinished);
  return state;
}
