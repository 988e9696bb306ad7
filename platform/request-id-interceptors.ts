/**
 * The request id's way through Temporal (issue 14): the client puts the id of the current
 * request (platform/request-context.ts) into a header (domain/request-id.ts) of every workflow
 * start, signal, signal-with-start, update, update-with-start and query; the workflow
 * interceptors (workflows/request-id.interceptors.ts, registered by workers/worker.ts) copy it into the headers of the activities
 * the workflow schedules; the activity interceptor here reads it there and adds it to the
 * activity's log lines (`activity.log`, and the SDK's own "Activity completed/failed" lines) and
 * runs the activity inside a request scope, so a workflow the activity starts carries it on.
 *
 * Only the id travels: it is made of safe characters and says nothing about the customer.
 */
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { requestIdIn, withRequestId } from '../domain/request-id';
import type { RequestContext } from './request-context';

/** For `new Client({ interceptors })`: the API's client, and the worker's (activities start processes too). */
export function requestIdClientInterceptors(context: RequestContext): ClientInterceptors {
  const id = () => context.requestId();
  const workflow: WorkflowClientInterceptor = {
    startWithDetails: (input, next) => next({ ...input, headers: withRequestId(input.headers, id()) }),
    signal: (input, next) => next({ ...input, headers: withRequestId(input.headers, id()) }),
    signalWithStart: (input, next) => next({ ...input, headers: withRequestId(input.headers, id()) }),
    startUpdate: (input, next) => next({ ...input, headers: withRequestId(input.headers, id()) }),
    startUpdateWithStart: (input, next) =>
      next({ ...input, workflowStartHeaders: withRequestId(input.workflowStartHeaders, id()), updateHeaders: withRequestId(input.updateHeaders, id()) }),
    query: (input, next) => next({ ...input, headers: withRequestId(input.headers, id()) }),
  };
  return { workflow: [workflow] };
}

/**
 * The activity side: the id into the log attributes, and (with a context) the activity run in
 * its request scope. Per activity execution, as the SDK makes interceptors.
 */
export function requestIdActivityInterceptors(context?: RequestContext): ActivityInterceptorsFactory {
  return () => {
    let requestId: string | undefined;
    return {
      inbound: {
        execute: (input, next) => {
          requestId = requestIdIn(input.headers);
          if (requestId === undefined || context === undefined) return next(input);
          const scope = { requestId };
          return context.run(scope, () => next(input));
        },
      },
      outbound: {
        getLogAttributes: (input, next) => next(requestId === undefined ? input : { ...input, requestId }),
      },
    };
  };
}
