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
  | { kind: 'customer-told' }
  /**
   * Care call reached (satisfaction and the rest are in the task's result): `followUp` says what
   * comes of it: nothing more, a task to book an appointment, or a callback by the Direktberatung.
   */
  | { kind: 'care-call-reached'; followUp: 'none' | 'appointment' | 'callback' }
  /** Care call not reached: attempt `attempt` of `of` opens on another business day at another time of day. */
  | { kind: 'next-attempt-day'; attempt: number; of: number }
  /** Care call not reached on the last attempt: an email goes out where email contact is allowed. */
  | { kind: 'email-fallback' }
  /**
   * The advisor's outcome of an appointment: held (a care call starts for each product in
   * `careCalls`, product codes; `followUp`: a task to book the next appointment opens), no-show
   * (a callback to re-arrange it) or cancelled by the customer (the process ends).
   */
  | { kind: 'appointment-outcome'; outcome: 'held' | 'no-show' | 'cancelled-by-customer'; careCalls: string[]; followUp: boolean }
  /** The process's last task (booking a follow-up, an appointment from a care call) is recorded: `process` is done. */
  | { kind: 'process-done'; process: 'appointment' | 'care-call' };

/** What completing a task answers: the task, and what the process does next (for the person). */
export interface TaskCompletionAnswer {
  task: TaskRecord;
  next: string;
  /**
   * The same as data, from processes that know it: callbacks, care calls and appointments whose
   * completion came after their workflow learnt it (older completions replay without it).
   */
  step?: NextStep;
}

/** What a process says after a completion: a sentence, or the sentence and its data. */
export type NextDescription = string | { next: string; step: NextStep };

export const claimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('unclaimTask');
export const completeTaskUpdate = defineUpdate<TaskCompletionAnswer, [TaskCommand & { result: unknown }]>('completeTask');
export const reassignTaskUpdate = defineUpdate<TaskRecord, [TaskCommand & { queue?: string; assignee?: string | null }]>('reassignTask');
