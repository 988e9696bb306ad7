/** The task API's shapes as the pages use them (see the OpenAPI document). */
import type { FormSchema } from '../../components/SchemaForm';

export type TaskStatus = 'open' | 'claimed' | 'completed' | 'cancelled' | 'escalated';

export interface Task {
  id: string;
  workflowId: string;
  type: string;
  resultVersion: number;
  queue: string;
  assignee?: string;
  status: TaskStatus;
  priority: number;
  dueAt: string;
  title: string;
  context: Record<string, string | number | boolean | null>;
  result?: unknown;
  completedBy?: string;
  completedAt?: string;
  escalatedAt?: string;
  createdAt: string;
  version: number;
}

export interface TaskPage {
  tasks: Task[];
  nextCursor?: string;
}

export interface TaskType {
  type: string;
  version: number;
  title: string;
  schema: FormSchema;
}

/** What the process does after a completion, as data (callbacks, care calls, appointments). */
export type NextStep =
  | { kind: 'blocked'; topic: string; months: number }
  | { kind: 'done'; outcome: string }
  | { kind: 'next-attempt'; attempt: number; of: number; inMinutes: number }
  | { kind: 'customer-told' }
  | { kind: 'care-call-reached'; followUp: 'none' | 'appointment' | 'callback' }
  | { kind: 'next-attempt-day'; attempt: number; of: number }
  | { kind: 'email-fallback' }
  /** `careCalls`: product codes, titled by the `sold` choices of the outcome task's schema. */
  | { kind: 'appointment-outcome'; outcome: 'held' | 'no-show' | 'cancelled-by-customer'; careCalls: string[]; followUp: boolean }
  | { kind: 'process-done'; process: 'appointment' | 'care-call' };

export interface CompletionAnswer {
  task: Task;
  next: string;
  step?: NextStep;
}

/** One event of GET /tasks/events (`task`). */
export type TaskEvent =
  | { id: string; queue: string; status: TaskStatus; assignee?: string; dueAt: string; title: string; version: number; change: 'created' | 'updated' }
  | { id: string; version: number; change: 'removed' };

export const ACTIVE: TaskStatus[] = ['open', 'claimed', 'escalated'];
