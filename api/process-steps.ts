/**
 * A process's steps from its raw Temporal history, for people: names and times only. Payloads and
 * failures are encrypted in the history and are never read here.
 */
import { optionalTsToDate } from '@temporalio/common/lib/time';
import { temporal as proto } from '@temporalio/proto';

/** How a run ended (or that it still runs), as the API names it. */
export type RunStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'terminated' | 'timed-out' | 'continued' | 'paused' | 'unknown';

export const STEP_KINDS = [
  'started',
  'activity-scheduled',
  'activity-completed',
  'activity-failed',
  'activity-timed-out',
  'activity-cancelled',
  'timer-started',
  'timer-fired',
  'timer-cancelled',
  'signal',
  'update',
  'update-completed',
  'cancel-requested',
  'child-started',
  'child-completed',
  'child-failed',
  'child-cancelled',
  'child-timed-out',
  'child-terminated',
  'closed',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** One step of the history: what, when, and its name (activity type, timer, update, signal, child type). */
export interface ProcessStep {
  eventId: number;
  at: string;
  kind: StepKind;
  name?: string;
  /** A child workflow's id. */
  childWorkflowId?: string;
  /** For `timer-started`: when the timer fires. */
  firesAt?: string;
  /** For `closed`: how the run ended. */
  status?: RunStatus;
}

const E = proto.api.enums.v1.EventType;
type HistoryEvent = proto.api.history.v1.IHistoryEvent;

const CLOSES: Partial<Record<number, RunStatus>> = {
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED]: 'completed',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED]: 'failed',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT]: 'timed-out',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED]: 'cancelled',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED]: 'terminated',
  [E.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW]: 'continued',
};

/**
 * The steps a person follows, from the raw history: names and times only. Workflow tasks,
 * activity starts and markers are left out (machinery, not steps); no payload is read.
 */
export function stepsOf(events: readonly HistoryEvent[]): ProcessStep[] {
  const activities = new Map<string, string>();
  const updates = new Map<string, string>();
  const children = new Map<string, { name?: string; workflowId?: string }>();
  const key = (id: unknown) => String(id ?? '');
  const steps: ProcessStep[] = [];
  for (const event of events) {
    const at = optionalTsToDate(event.eventTime);
    if (!at) continue;
    const base = { eventId: Number(event.eventId ?? 0), at: at.toISOString() };
    const push = (step: Omit<ProcessStep, 'eventId' | 'at'>) => steps.push({ ...base, ...step });
    const closed = CLOSES[event.eventType ?? 0];
    if (closed) {
      push({ kind: 'closed', status: closed });
      continue;
    }
    switch (event.eventType) {
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        push({ kind: 'started', name: event.workflowExecutionStartedEventAttributes?.workflowType?.name ?? undefined });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED: {
        const name = event.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
        if (name) activities.set(key(event.eventId), name);
        push({ kind: 'activity-scheduled', name });
        break;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        push({ kind: 'activity-completed', name: activities.get(key(event.activityTaskCompletedEventAttributes?.scheduledEventId)) });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_FAILED:
        push({ kind: 'activity-failed', name: activities.get(key(event.activityTaskFailedEventAttributes?.scheduledEventId)) });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        push({ kind: 'activity-timed-out', name: activities.get(key(event.activityTaskTimedOutEventAttributes?.scheduledEventId)) });
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        push({ kind: 'activity-cancelled', name: activities.get(key(event.activityTaskCanceledEventAttributes?.scheduledEventId)) });
        break;
      case E.EVENT_TYPE_TIMER_STARTED: {
        const attributes = event.timerStartedEventAttributes;
        const seconds = Number(attributes?.startToFireTimeout?.seconds ?? 0);
        const nanos = attributes?.startToFireTimeout?.nanos ?? 0;
        push({ kind: 'timer-started', name: attributes?.timerId ?? undefined, firesAt: new Date(at.getTime() + seconds * 1000 + Math.floor(nanos / 1e6)).toISOString() });
        break;
      }
      case E.EVENT_TYPE_TIMER_FIRED:
        push({ kind: 'timer-fired', name: event.timerFiredEventAttributes?.timerId ?? undefined });
        break;
      case E.EVENT_TYPE_TIMER_CANCELED:
        push({ kind: 'timer-cancelled', name: event.timerCanceledEventAttributes?.timerId ?? undefined });
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        push({ kind: 'signal', name: event.workflowExecutionSignaledEventAttributes?.signalName ?? undefined });
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const name = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? undefined;
        if (name) updates.set(key(event.eventId), name);
        push({ kind: 'update', name });
        break;
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        push({ kind: 'update-completed', name: updates.get(key(event.workflowExecutionUpdateCompletedEventAttributes?.acceptedEventId)) });
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED:
        push({ kind: 'cancel-requested' });
        break;
      case E.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED: {
        const attributes = event.startChildWorkflowExecutionInitiatedEventAttributes;
        const child = { name: attributes?.workflowType?.name ?? undefined, workflowId: attributes?.workflowId ?? undefined };
        children.set(key(event.eventId), child);
        push({ kind: 'child-started', name: child.name, childWorkflowId: child.workflowId });
        break;
      }
      default: {
        const ended = childEnd(event);
        if (ended) {
          const child = children.get(key(ended.initiatedEventId));
          push({ kind: ended.kind, name: child?.name, childWorkflowId: child?.workflowId });
        }
      }
    }
  }
  // Steps without a name leave the key out rather than sending `undefined`.
  return steps.map((step) => Object.fromEntries(Object.entries(step).filter(([, value]) => value !== undefined)) as unknown as ProcessStep);
}

function childEnd(event: HistoryEvent): { kind: StepKind; initiatedEventId: unknown } | undefined {
  switch (event.eventType) {
    case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED:
      return { kind: 'child-completed', initiatedEventId: event.childWorkflowExecutionCompletedEventAttributes?.initiatedEventId };
    case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED:
      return { kind: 'child-failed', initiatedEventId: event.childWorkflowExecutionFailedEventAttributes?.initiatedEventId };
    case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED:
      return { kind: 'child-cancelled', initiatedEventId: event.childWorkflowExecutionCanceledEventAttributes?.initiatedEventId };
    case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT:
      return { kind: 'child-timed-out', initiatedEventId: event.childWorkflowExecutionTimedOutEventAttributes?.initiatedEventId };
    case E.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED:
      return { kind: 'child-terminated', initiatedEventId: event.childWorkflowExecutionTerminatedEventAttributes?.initiatedEventId };
    default:
      return undefined;
  }
}
