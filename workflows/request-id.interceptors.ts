/**
 * Workflow interceptors (registered through `interceptors.workflowModules`, see
 * platform/request-id-interceptors.ts) that carry the request id header (domain/request-id.ts)
 * from the message that reached a workflow into the activities, local activities and child
 * workflows it schedules.
 *
 * Which id an activity gets: one scheduled from inside a signal or update handler gets that
 * message's id; one scheduled by the workflow's main code gets the id of the latest message that
 * carried one (the start, or a later signal or update: the main code usually acts on it). The
 * header changes nothing the workflow decides (it is not read by workflow code and not part of
 * the command's identity), so replays stay deterministic with or without it.
 *
 * Runs in the workflow sandbox: imports only @temporalio/workflow and pure domain code.
 */
import {
  AsyncLocalStorage,
  type Next,
  type SignalInput,
  type UpdateInput,
  type WorkflowInboundCallsInterceptor,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';
import { requestIdIn, withRequestId } from '../domain/request-id';

/** One set per workflow execution (the SDK calls the factory for each). */
export const interceptors: WorkflowInterceptorsFactory = () => {
  const handlerScope = new AsyncLocalStorage<string>();
  let latest: string | undefined;
  const current = () => handlerScope.getStore() ?? latest;
  const inHandler = <I extends SignalInput | UpdateInput, R>(input: I, next: (input: I) => Promise<R>): Promise<R> => {
    const requestId = requestIdIn(input.headers);
    if (requestId === undefined) return next(input);
    latest = requestId;
    return handlerScope.run(requestId, () => next(input));
  };
  const inbound: WorkflowInboundCallsInterceptor = {
    execute: (input, next) => {
      latest = requestIdIn(input.headers) ?? latest;
      return next(input);
    },
    handleSignal: (input, next: Next<WorkflowInboundCallsInterceptor, 'handleSignal'>) => inHandler(input, next),
    handleUpdate: (input, next: Next<WorkflowInboundCallsInterceptor, 'handleUpdate'>) => inHandler(input, next),
  };
  return {
    inbound: [inbound],
    outbound: [
      {
        scheduleActivity: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
        scheduleLocalActivity: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
        startChildWorkflowExecution: (input, next) => next({ ...input, headers: withRequestId(input.headers, current()) }),
      },
    ],
  };
};
