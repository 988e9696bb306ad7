/**
 * Re-contact block (Sperrvermerk), DESIGN.md process 3: one workflow per customer and topic
 * (`contact-block:{pseudonym}:{topic}`), started with update-with-start so a second "no"
 * extends the running block instead of creating another. It writes every change of the block to
 * the database (the projection that policy checks query), sleeps until the end, and lifts itself.
 */
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { STORE_WITHIN, UNTIL_STORED } from './retry-policies';
import type { createOperationsActivities } from '../activities/operations.activities';
import type { createContactBlockActivities } from '../activities/contact-block.activities';
import { addCalendarMonths } from '../domain/calendar-months';
import {
  BlockRequestSchema,
  ContactBlockErrors,
  LiftRequestSchema,
  type BlockRequest,
  type BlockResult,
  type ContactBlockInput,
  type ContactBlockState,
} from '../domain/contact-block';
import { blockStateQuery, blockUpdate, liftUpdate } from './contact-block.messages';

const { saveContactBlock } = proxyActivities<ReturnType<typeof createContactBlockActivities>>({
  startToCloseTimeout: '30 seconds',
  // A database outage must not lose a block: keep retrying, with back-off, until it is written;
  // after a day the process fails with an alert instead of retrying unseen.
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { raiseAlert } = proxyActivities<ReturnType<typeof createOperationsActivities>>({
  startToCloseTimeout: '10 seconds',
  retry: UNTIL_STORED,
});

/** How many request ids a block remembers for idempotency (a block sees few requests). */
const REMEMBERED_REQUESTS = 200;

export async function contactBlockWorkflow(input: ContactBlockInput): Promise<ContactBlockState> {
  const info = workflowInfo();
  const now = () => new Date(Date.now());
  const state: ContactBlockState = input.carried ?? {
    blockId: `${info.workflowId}#${info.firstExecutionRunId}`,
    workflowId: info.workflowId,
    customerId: input.customerId,
    topic: input.topic,
    status: 'active',
    reason: input.request.reason,
    startedAt: now().toISOString(),
    endsAt: now().toISOString(),
    extensions: -1, // the first request brings it to 0
    version: 0,
  };
  // requestId → the request and its (eventual) answer; repeated ids get the same answer.
  const requests = new Map<string, { request: BlockRequest; result: Promise<BlockResult>; answered?: BlockResult }>();
  for (const { request, result } of input.carriedRequests ?? []) requests.set(request.requestId, { request, result: Promise.resolve(result), answered: result });
  const firstRequestId = input.request.requestId;

  const persist = async () => {
    try {
      await saveContactBlock({ ...state });
    } catch (error) {
      if (!isCancellation(error) && patched('block-store-alert')) {
        await raiseAlert({ code: 'CONTACT_BLOCK_NOT_STORED', workflowId: info.workflowId, message: 'the block could not be written to the database within its retry bound' });
      }
      throw error;
    }
  };

  async function applyBlock(request: BlockRequest): Promise<BlockResult> {
    const requestedEnd = addCalendarMonths(now(), request.months);
    if (requestedEnd.getTime() > Date.parse(state.endsAt)) state.endsAt = requestedEnd.toISOString();
    if (request.requestId !== firstRequestId) state.reason = request.reason;
    state.extensions += 1;
    state.version += 1;
    await persist();
    return {
      workflowId: state.workflowId,
      customerId: state.customerId,
      topic: state.topic,
      endsAt: state.endsAt,
      created: request.requestId === firstRequestId && !input.carried,
    };
  }

  function block(request: BlockRequest): Promise<BlockResult> {
    const known = requests.get(request.requestId);
    if (known) return known.result;
    const entry: { request: BlockRequest; result: Promise<BlockResult>; answered?: BlockResult } = { request, result: applyBlock(request) };
    entry.result.then(
      (answered) => {
        entry.answered = answered;
      },
      () => {
        // A failed request reaches its caller through `entry.result`; nothing to carry.
      },
    );
    const result = entry.result;
    requests.set(request.requestId, entry);
    if (requests.size > REMEMBERED_REQUESTS) {
      const oldest = requests.keys().next().value;
      if (oldest !== undefined && oldest !== firstRequestId) requests.delete(oldest);
    }
    return result;
  }

  setHandler(blockStateQuery, () => state);
  setHandler(blockUpdate, block, {
    validator: (request) => {
      BlockRequestSchema.parse(request);
      const known = requests.get(request.requestId);
      if (known && (known.request.months !== request.months || known.request.reason !== request.reason)) {
        throw ApplicationFailure.create({
          type: ContactBlockErrors.RequestIdReused,
          message: 'this Idempotency-Key was used before with a different request',
          nonRetryable: true,
        });
      }
      if (state.status !== 'active' && !known) {
        throw ApplicationFailure.create({
          type: ContactBlockErrors.NotActive,
          message: `the block is ${state.status}`,
          nonRetryable: true,
        });
      }
    },
  });
  setHandler(
    liftUpdate,
    async (request) => {
      state.status = 'lifted';
      state.liftedAt = now().toISOString();
      state.liftedBy = request.liftedBy;
      state.liftReason = request.reason;
      state.version += 1;
      await persist();
      return { ...state };
    },
    {
      validator: (request) => {
        LiftRequestSchema.parse(request);
        if (state.status !== 'active') {
          throw ApplicationFailure.create({
            type: ContactBlockErrors.NotActive,
            message: `the block is ${state.status}`,
            nonRetryable: true,
          });
        }
      },
    },
  );

  if (!input.carried) await block(input.request);

  while (state.status === 'active') {
    const remaining = Date.parse(state.endsAt) - Date.now();
    if (remaining <= 0) {
      state.status = 'expired';
      state.version += 1;
      await persist();
      break;
    }
    const seenVersion = state.version;
    await condition(
      () => state.status !== 'active' || state.version !== seenVersion || workflowInfo().continueAsNewSuggested,
      remaining,
    );
    if (state.status === 'active' && workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      // The requests seen so far go along: a key replayed after continue-as-new must not extend
      // the block a second time. (Runs before this change continued without them.)
      const carriedRequests = patched('carry-block-requests')
        ? [...requests.values()].flatMap(({ request, answered }) => (answered ? [{ request, result: answered }] : []))
        : undefined;
      await continueAsNew<typeof contactBlockWorkflow>({ ...input, carried: { ...state }, ...(carriedRequests ? { carriedRequests } : {}) });
    }
  }
  // Let a lift or a late duplicate request finish answering before the workflow closes.
  await condition(allHandlersFinished);
  return state;
}
