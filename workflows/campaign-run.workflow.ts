/**
 * A campaign run (issue 12): one published `selection` version launched over the customer base.
 *
 * 1. **Selecting**: page by page through core banking's selection; each page is judged, stored
 *    and its selected customers' contact processes started by one activity (idempotent: a
 *    retried page starts nothing twice). No children: the contact processes are independent
 *    workflows with ids derived from run and customer, so no parent holds thousands of them; they
 *    are created held back (a start delay), so no worker runs or keeps them while they wait.
 * 2. **Running**: in slices spread over the hour inside calling hours, one activity releases as many call
 *    tasks as pacing allows (across every run of the queue) and starts those processes with the
 *    release (signal-with-start, the one signal that ends a start delay).
 * 3. **Pause** stops releasing (open tasks stay workable), **resume** goes on from the stored
 *    order (a release is a conditional update per customer: nothing is released twice), **cancel**
 *    signals every contact process still going, which closes its open task with the reason; the
 *    run ends when the last of them has.
 * 4. **Completed** when no customer's contact is still going.
 *
 * The history stays small: selection continues as new every 40 pages, running every 300 checks.
 */
import { ApplicationFailure, allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createCampaignRunActivities, RunPacing } from '../activities/campaign-run.activities';
import type { CampaignContactStart } from '../activities/ports';
import type { ContactCap } from '../domain/contact-policy';
import { CampaignRunErrors, type CampaignRunStatus } from '../domain/campaign-run';
import { cancelCampaignRunUpdate, campaignRunStateQuery, pauseCampaignRunUpdate, resumeCampaignRunUpdate, type CampaignRunState } from './campaign-run.messages';
import { STORE_WITHIN, UNTIL_STORED } from './retry-policies';

// The steps that run long heartbeat while they run (activities/heartbeat.ts): a worker that dies
// under one is noticed after 30 s, not after the 5 minutes a step may take. Timeouts are not
// part of the replay check (no patch needed: test/replay.test.ts; the timeouts are checked in
// test/campaign-run.workflow.test.ts, the heartbeats in test/activity-heartbeat.test.ts).
const { selectCampaignPage, releaseCampaignCalls, cancelCampaignContacts } = proxyActivities<ReturnType<typeof createCampaignRunActivities>>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '30 seconds',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { updateCampaignRun } = proxyActivities<ReturnType<typeof createCampaignRunActivities>>({
  startToCloseTimeout: '5 minutes',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});

export interface CampaignRunInput {
  /** Everything each contact process is started with, but the customer. */
  contact: Omit<CampaignContactStart, 'customerId'>;
  pacing: RunPacing;
  caps: readonly ContactCap[];
  /** Carried over a continue-as-new. */
  carried?: {
    status: CampaignRunStatus;
    read: number;
    selected: number;
    cursor?: string;
    excluded: Record<string, { label: string; count: number }>;
    cancelReason?: string;
  };
}

const PAGES_PER_RUN = 40;
const CHECKS_PER_RUN = 300;
/** After a cancel: how often the run looks whether its contacts have ended, and every how many looks it tells them again. */
const CANCEL_POLL_MS = 3_000;
const CANCEL_RESIGNAL_ROUNDS = 20;
/** The longest wait between two release passes (pacing frees up as tasks close). */
const MAX_WAIT_MS = 15 * 60_000;

export async function campaignRunWorkflow(input: CampaignRunInput): Promise<CampaignRunState> {
  const { runId } = input.contact;
  const carried = input.carried;
  let status: CampaignRunStatus = carried?.status ?? 'selecting';
  let read = carried?.read ?? 0;
  let selected = carried?.selected ?? 0;
  let cursor = carried?.cursor;
  const excluded = { ...carried?.excluded };
  let cancelReason = carried?.cancelReason;
  // A run carried over without a cursor has read its last page.
  let selectionDone = carried !== undefined && carried.cursor === undefined;
  let wake = false;

  const currentStatus = () => status;
  const state = (): CampaignRunState => ({ runId, status, read, selected, ...(cancelReason ? { cancelReason } : {}) });
  setHandler(campaignRunStateQuery, state);
  setHandler(
    pauseCampaignRunUpdate,
    () => {
      status = 'paused';
      wake = true;
      return state();
    },
    { validator: () => requireStatus(status, ['selecting', 'running'], 'pause') },
  );
  setHandler(
    resumeCampaignRunUpdate,
    () => {
      status = selectionDone ? 'running' : 'selecting';
      wake = true;
      return state();
    },
    { validator: () => requireStatus(status, ['paused'], 'resume') },
  );
  setHandler(
    cancelCampaignRunUpdate,
    ({ reason, by }) => {
      cancelReason = `${reason} (${by})`;
      status = 'cancelled';
      wake = true;
      return state();
    },
    { validator: (_command: { reason: string; by: string }) => requireStatus(status, ['selecting', 'running', 'paused'], 'cancel') },
  );

  const project = () => updateCampaignRun({ runId, patch: { status, read, selected, excluded, ...(cancelReason ? { cancelReason } : {}) } });
  const carry = () => ({ status, read, selected, excluded, ...(cursor === undefined ? {} : { cursor }), ...(cancelReason ? { cancelReason } : {}) });

  // 1. Selecting, page by page.
  let pages = 0;
  while (!selectionDone && status !== 'cancelled') {
    if (status === 'paused') {
      await condition(() => status !== 'paused');
      continue;
    }
    const page = await selectCampaignPage({ contact: input.contact, ...(cursor === undefined ? {} : { cursor }), seq: selected, caps: input.caps, callingHours: input.pacing.callingHours, at: new Date(Date.now()).toISOString() });
    read += page.read;
    selected += page.selected;
    for (const [key, count] of Object.entries(page.excluded)) excluded[key] = { label: count.label, count: (excluded[key]?.count ?? 0) + count.count };
    cursor = page.nextCursor;
    if (cursor === undefined) {
      selectionDone = true;
      if (status === 'selecting') status = 'running';
    }
    await project();
    if (!selectionDone && ++pages >= PAGES_PER_RUN) await continueAsNew<typeof campaignRunWorkflow>({ ...input, carried: carry() });
  }
  if (status === 'selecting') status = 'running';

  // 2. Running: paced releases until every contact has ended, or a cancel.
  let checks = 0;
  while (status !== 'cancelled') {
    if (status === 'paused') {
      await condition(() => status !== 'paused');
      continue;
    }
    // A pause or cancel that arrives while the pass runs must wake the wait after it: the flag is
    // cleared before the pass. (Cleared after it, as first shipped, such a cancel waited for the
    // next check, up to 15 minutes.)
    const keepsWakeDuringPass = patched('campaign-run-wake-during-release');
    if (keepsWakeDuringPass) wake = false;
    const pass = await releaseCampaignCalls({ contact: input.contact, pacing: input.pacing, at: new Date(Date.now()).toISOString() });
    if (pass.done) {
      status = 'completed';
      break;
    }
    if (!keepsWakeDuringPass) wake = false;
    await condition(() => wake, Math.max(1_000, Math.min(MAX_WAIT_MS, Date.parse(pass.nextCheckAt) - Date.now())));
    if (++checks >= CHECKS_PER_RUN && currentStatus() !== 'cancelled') {
      await project();
      await continueAsNew<typeof campaignRunWorkflow>({ ...input, carried: carry() });
    }
  }

  // 3. Cancelled: every contact process still going is told, in batches. (Read through a
  // function: the handlers change `status` behind the compiler's narrowing.)
  // The run has ended once every contact has: rounds until none is left (a signal is idempotent).
  // Every few seconds it counts who is left; it tells them again once a minute (a lost signal).
  if (currentStatus() === 'cancelled') {
    for (let round = 0; ; round++) {
      let after: string | undefined;
      let remaining = 0;
      do {
        const batch = await cancelCampaignContacts({ contact: input.contact, reason: cancelReason ?? 'cancelled', signal: round % CANCEL_RESIGNAL_ROUNDS === 0, ...(after === undefined ? {} : { after }) });
        remaining += batch.remaining;
        after = batch.nextAfter;
      } while (after !== undefined);
      if (remaining === 0) break;
      await sleep(CANCEL_POLL_MS);
    }
  }
  await updateCampaignRun({ runId, patch: { status, read, selected, excluded, ...(cancelReason ? { cancelReason } : {}), endedAt: new Date(Date.now()).toISOString() } });
  await condition(allHandlersFinished);
  return state();
}

/** An update's validator: refused (409 at the API) unless the run is in one of `allowed`. */
function requireStatus(status: CampaignRunStatus, allowed: CampaignRunStatus[], action: string): void {
  if (!allowed.includes(status)) throw ApplicationFailure.create({ type: CampaignRunErrors.NotInState, message: `cannot ${action} a run that is ${status}`, nonRetryable: true });
}
