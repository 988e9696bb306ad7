/**
 * Updates every workflow with human tasks answers, defined once and imported by the API.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { TaskActor, TaskRecord } from '../domain/task';

export interface TaskCommand {
  taskId: string;
  actor: TaskActor;
}

/**
 * What the process does after a completed task, as data, so that the web app says it in German
 * (the `next` sentence is for curl users and older processes).
 */
export type NextStep =
  /** Not interested: re-contact on `topic` is blocked for `months` months. */
  | { kind: 'blocked'; topic: string; months: number }
  /** The outcome (e.g. `sold`, `appointment-wanted`) ends the process. */
  | { kind: 'done'; outcome: string }
  /** Not reached: attempt `attempt` of `of` opens in `inMinutes` minutes. */
  | { kind: 'next-attempt'; attempt: number; of: number; inMinutes: number }
  /** Not reached on the last attempt: the customer is told we could not reach them. */
  | { kind: 'customer-told' };

/** What completing a task answers: the task, and what the process does next (for the person). */
export interface TaskCompletionAnswer {
  task: TaskRecord;
  next: string;
  /** The same as data (processes that know it: callbacks started or completed after it came). */
  step?: NextStep;
}

/** What a process says after a completion: a sentence, or the sentence and its data. */
export type NextDescription = string | { next: string; step: NextStep };

export const claimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('unclaimTask');
export const completeTaskUpdate = defineUpdate<TaskCompletionAnswer, [TaskCommand & { result: unknown }]>('completeTask');
export const reassignTaskUpdate = defineUpdate<TaskRecord, [TaskCommand & { queue?: string; assignee?: string | null }]>('reassignTask');
