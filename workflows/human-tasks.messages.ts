/**
 * Updates every workflow with human tasks answers, defined once and imported by the API.
 */
import { defineUpdate } from '@temporalio/workflow';
import type { TaskActor, TaskRecord } from '../domain/task';

export interface TaskCommand {
  taskId: string;
  actor: TaskActor;
}

/** What completing a task answers: the task, and what the process does next (for the person). */
export interface TaskCompletionAnswer {
  task: TaskRecord;
  next: string;
}

export const claimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('claimTask');
export const unclaimTaskUpdate = defineUpdate<TaskRecord, [TaskCommand]>('unclaimTask');
export const completeTaskUpdate = defineUpdate<TaskCompletionAnswer, [TaskCommand & { result: unknown }]>('completeTask');
export const reassignTaskUpdate = defineUpdate<TaskRecord, [TaskCommand & { queue?: string; assignee?: string | null }]>('reassignTask');
