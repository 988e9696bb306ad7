/**
 * Human tasks (DESIGN.md "Human tasks"): one mechanism for every process. A workflow opens a
 * task (a row in the inbox), waits for an Update that completes it, and escalates it when the
 * due time passes. Types here are shared by workflows, activities and the API.
 */
import { z } from 'zod';
import { freeText } from './text';
import { RepairResultSchema } from './repair';
import { cancellationReasonsOf, careCallResultSchema, CareAppointmentResultSchema, CareCallResultSchema, type CareCallPolicy } from './care-call';
import { AppointmentFollowUpResultSchema, AppointmentOutcomeResultSchema } from './appointment';
import { CampaignCallResultSchema } from './campaign-run';
import { SocialReactionResultSchema } from './social-case';

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled' | 'escalated';
/** Statuses in which a task still waits for a person. */
export const ACTIVE_TASK_STATUSES: TaskStatus[] = ['open', 'claimed', 'escalated'];

/** The minimum a worker needs to act; plain values only (it is shown and stored as is). */
export type TaskContext = Record<string, string | number | boolean | null>;

/** A task as its workflow holds it and the database projects it. Times are ISO strings. */
export interface TaskRecord {
  id: string;
  workflowId: string;
  type: string;
  resultVersion: number;
  queue: string;
  assignee?: string;
  status: TaskStatus;
  priority: number;
  dueAt: string;
  followUpAt?: string;
  title: string;
  context: TaskContext;
  result?: unknown;
  completedBy?: string;
  completedAt?: string;
  escalatedAt?: string;
  createdAt: string;
  version: number;
}

/** Who acts on a task, as the API authenticated them. */
export interface TaskActor {
  userId: string;
  roles: string[];
  queues: string[];
}

/** True when `actor` works the task's queue (supervisors and admins work every queue). */
export function worksQueue(actor: TaskActor, queue: string): boolean {
  return actor.roles.includes('supervisor') || actor.roles.includes('admin') || actor.queues.includes(queue);
}

/**
 * The result of one callback attempt by the Direktberatung. The `.meta` titles are the German
 * labels of the form the web app generates from this schema (GET /api/v1/task-types).
 */
export const CallbackAttemptResultSchema = z
  .discriminatedUnion('reached', [
    z
      .strictObject({
        reached: z.literal(true).meta({ title: 'Kunde erreicht?' }),
        outcome: z.enum(['appointment-wanted', 'sold', 'not-interested', 'other']).meta({ title: 'Ergebnis des Gesprächs' }),
        note: freeText(0, 1000).optional().meta({ title: 'Notiz', description: 'Was für den weiteren Verlauf wichtig ist.' }),
      })
      .meta({ title: 'erreicht' }),
    z
      .strictObject({
        reached: z.literal(false).meta({ title: 'Kunde erreicht?' }),
        note: freeText(0, 1000).optional().meta({ title: 'Notiz', description: 'Was für den weiteren Verlauf wichtig ist.' }),
      })
      .meta({ title: 'nicht erreicht' }),
  ])
  .meta({ title: 'Rückrufversuch', description: 'Ob der Kunde erreicht wurde und mit welchem Ergebnis.' });
export type CallbackAttemptResult = z.infer<typeof CallbackAttemptResultSchema>;

/**
 * Result schemas by task type and version: the API and the update validator both check them.
 * `care-call@1` here has the default cancellation reasons; where a list is configured, the API and
 * each care-call process use {@link configuredResultSchemas} instead.
 */
export const TASK_RESULT_SCHEMAS: Record<string, z.ZodType> = {
  'callback-attempt@1': CallbackAttemptResultSchema,
  'repair@1': RepairResultSchema,
  'care-call@1': CareCallResultSchema,
  'care-appointment@1': CareAppointmentResultSchema,
  'appointment-outcome@1': AppointmentOutcomeResultSchema,
  'appointment-follow-up@1': AppointmentFollowUpResultSchema,
  'campaign-call@1': CampaignCallResultSchema,
  'social-reaction@1': SocialReactionResultSchema,
};

/** Result schemas by `type@version` that take precedence over {@link TASK_RESULT_SCHEMAS} for their keys. */
export type ResultSchemaOverrides = Readonly<Record<string, z.ZodType>>;

/** The result schema of a task type and version; `overrides` (e.g. {@link configuredResultSchemas}) come first. */
export function resultSchemaFor(type: string, version: number, overrides?: ResultSchemaOverrides): z.ZodType | undefined {
  const key = `${type}@${version}`;
  if (overrides && Object.hasOwn(overrides, key)) return overrides[key];
  return TASK_RESULT_SCHEMAS[key];
}

/**
 * The result schemas that settings shape: `care-call@1` with the care call's cancellation reasons
 * (the configured list in the API; in a process, the list it was started with, or the default
 * for processes started before the list was part of their settings).
 */
export function configuredResultSchemas(careCall: Pick<CareCallPolicy, 'cancellationReasons'>): ResultSchemaOverrides {
  return { 'care-call@1': careCallResultSchema(cancellationReasonsOf(careCall)) };
}

/** Failure types of task updates; the API maps them to HTTP statuses. */
export const TaskErrors = {
  NotFound: 'TaskNotFound',
  NotActive: 'TaskNotActive',
  ClaimedByOther: 'TaskClaimedByOther',
  NotYourQueue: 'TaskNotInYourQueues',
  InvalidResult: 'InvalidTaskResult',
} as const;

/** How a workflow's tasks escalate and whom reminders reach (from configuration). */
export interface TaskBoardSettings {
  /** Queue an overdue task moves to, e.g. `supervisor`. */
  escalationQueue: string;
  /** Mailbox(es) told about an escalation. */
  escalationEmail: string[];
  /** Mailbox(es) reminded at a task's follow-up time. */
  reminderEmail: string[];
  /** Base URL of the API, for links in emails. */
  appBaseUrl: string;
  /** Queue of repair tasks (default `operations`; optional for processes started before it). */
  operationsQueue?: string;
  /** A repair task is due this many minutes after it opened (default 240). */
  repairDueMinutes?: number;
}
