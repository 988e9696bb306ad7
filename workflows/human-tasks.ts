/**
 * The human-task mechanism inside a workflow (DESIGN.md "Human tasks"). A workflow creates one
 * `TaskBoard`, opens tasks on it and awaits their completion. The board answers the task
 * updates (claim, unclaim, complete, reassign): validators reject unknown or closed tasks,
 * callers outside the queue or not the assignee, and results that fail the task type's schema,
 * before anything enters history. Durable timers send a reminder at the follow-up time and
 * escalate at the due time. The workflow is the only writer of its task rows.
 */
import { ApplicationFailure, CancellationScope, condition, isCancellation, patched, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import { DELIVER_WITHIN, STORE_WITHIN, UNTIL_DELIVERED, UNTIL_STORED } from './retry-policies';
import type { createEmailActivities } from '../activities/email.activities';
import type { createTaskActivities } from '../activities/task.activities';
import {
  resultSchemaFor,
  TaskErrors,
  worksQueue,
  type ResultSchemaOverrides,
  type TaskActor,
  type TaskContext,
  type TaskBoardSettings,
  type TaskRecord,
} from '../domain/task';
import { claimTaskUpdate, completeTaskUpdate, reassignTaskUpdate, unclaimTaskUpdate, type NextDescription } from './human-tasks.messages';

const { saveTask } = proxyActivities<ReturnType<typeof createTaskActivities>>({
  startToCloseTimeout: '30 seconds',
  scheduleToCloseTimeout: STORE_WITHIN,
  retry: UNTIL_STORED,
});
const { sendEmail } = proxyActivities<ReturnType<typeof createEmailActivities>>({
  startToCloseTimeout: '1 minute',
  scheduleToCloseTimeout: DELIVER_WITHIN,
  retry: UNTIL_DELIVERED,
});

export interface OpenTask {
  /** Unique within the workflow, e.g. `attempt-2`. */
  key: string;
  type: string;
  resultVersion: number;
  queue: string;
  assignee?: string;
  priority: number;
  dueAt: Date;
  followUpAt?: Date;
  title: string;
  context: TaskContext;
}

/** Options of a board beyond its settings. */
export interface TaskBoardOptions {
  /**
   * Result schemas of this process by `type@version`, in place of the task type's default
   * (`domain/task.ts` TASK_RESULT_SCHEMAS): e.g. a care call's schema with the cancellation reasons
   * it was started with. The completion validator checks results against them.
   */
  resultSchemas?: ResultSchemaOverrides;
}

const isClosed = (task: TaskRecord) => task.status === 'completed' || task.status === 'cancelled';
const MINUTE = 60_000;

function reject(type: string, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? undefined : [details] });
}

/**
 * The link to a task in emails: its page in the web app. Emails of processes that sent them
 * before the web app existed replay with the API's address, as they were sent.
 */
export function taskLink(settings: Pick<TaskBoardSettings, 'appBaseUrl'>, taskId: string): string {
  const id = encodeURIComponent(taskId);
  return patched('task-page-links') ? `${settings.appBaseUrl}/aufgaben/${id}` : `${settings.appBaseUrl}/api/v1/tasks/${id}`;
}

export class TaskBoard {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly watchers: Array<Promise<void>> = [];
  /** Tasks whose due time a reassignment renewed: a second escalation needs its own email key. */
  private readonly rearmed = new Set<string>();

  /**
   * Must be constructed synchronously at the start of the workflow, so the handlers are there
   * before the first update is delivered.
   * @param describeNext what the process does after this task's completion, in words for the
   *   person who completed it (the REST answer)
   * @param options per-process result schemas (see {@link TaskBoardOptions})
   */
  constructor(
    private readonly settings: TaskBoardSettings,
    private readonly describeNext: (task: TaskRecord) => NextDescription,
    private readonly options: TaskBoardOptions = {},
  ) {
    setHandler(claimTaskUpdate, ({ taskId, actor }) => this.change(taskId, (task) => {
      task.assignee = actor.userId;
      if (task.status === 'open') task.status = 'claimed';
    }), {
      validator: ({ taskId, actor }) => {
        const task = this.active(taskId, actor);
        if (task.assignee && task.assignee !== actor.userId) reject(TaskErrors.ClaimedByOther, `the task is claimed by ${task.assignee}`);
      },
    });
    setHandler(unclaimTaskUpdate, ({ taskId }) => this.change(taskId, (task) => {
      task.assignee = undefined;
      if (task.status === 'claimed') task.status = 'open';
    }), {
      validator: ({ taskId, actor }) => {
        const task = this.active(taskId, actor);
        if (task.assignee && task.assignee !== actor.userId && !actor.roles.includes('supervisor')) {
          reject(TaskErrors.ClaimedByOther, `the task is claimed by ${task.assignee}`);
        }
      },
    });
    setHandler(reassignTaskUpdate, async ({ taskId, queue, assignee }) => {
      // A supervisor's decision resolves an escalation and gives the task a new due time, as long
      // again as it first had, watched like the first: a reassigned task never waits without one.
      const rearm = this.require(taskId).status === 'escalated' && patched('reassign-rearms-due-time');
      const task = await this.change(taskId, (current) => {
        if (queue) current.queue = queue;
        if (assignee !== undefined) current.assignee = assignee ?? undefined;
        current.status = current.assignee ? 'claimed' : 'open';
        if (rearm) {
          current.dueAt = new Date(Date.now() + Math.max(MINUTE, Date.parse(current.dueAt) - Date.parse(current.createdAt))).toISOString();
          current.followUpAt = undefined;
          current.escalatedAt = undefined;
        }
      });
      if (rearm) {
        this.rearmed.add(taskId);
        this.watchers.push(this.watch(taskId));
      }
      return task;
    }, {
      validator: ({ taskId, actor }) => {
        this.active(taskId, actor);
        if (!actor.roles.includes('supervisor') && !actor.roles.includes('admin')) reject(TaskErrors.NotYourQueue, 'only a supervisor reassigns tasks');
      },
    });
    setHandler(completeTaskUpdate, async ({ taskId, actor, result }) => {
      const task = await this.change(taskId, (current) => {
        current.status = 'completed';
        current.result = result;
        current.completedBy = actor.userId;
        current.completedAt = new Date(Date.now()).toISOString();
        current.assignee ??= actor.userId;
      });
      const next = this.describeNext(task);
      return typeof next === 'string' ? { task, next } : { task, ...next };
    }, {
      validator: ({ taskId, actor, result }) => {
        const task = this.active(taskId, actor);
        if (task.assignee && task.assignee !== actor.userId && !actor.roles.includes('supervisor')) {
          reject(TaskErrors.ClaimedByOther, `the task is claimed by ${task.assignee}`);
        }
        const schema = resultSchemaFor(task.type, task.resultVersion, this.options.resultSchemas);
        const parsed = schema?.safeParse(result);
        if (!parsed || !parsed.success) {
          const fields = parsed?.error.issues.map((issue) => ({ field: issue.path.join('.') || 'result', message: issue.message })) ?? [];
          reject(TaskErrors.InvalidResult, fields.map((f) => `${f.field}: ${f.message}`).join('; ') || 'no schema for this task type', fields);
        }
      },
    });
  }

  /** Opens a task (idempotent by key) and starts its reminder and escalation timers. */
  async open(spec: OpenTask): Promise<TaskRecord> {
    // `~` is URL-safe, so task ids go into paths without escaping.
    const id = `${workflowInfo().workflowId}~${spec.key}`;
    const existing = this.tasks.get(id);
    if (existing) return { ...existing };
    const task: TaskRecord = {
      id,
      workflowId: workflowInfo().workflowId,
      type: spec.type,
      resultVersion: spec.resultVersion,
      queue: spec.queue,
      assignee: spec.assignee,
      status: spec.assignee ? 'claimed' : 'open',
      priority: spec.priority,
      dueAt: spec.dueAt.toISOString(),
      followUpAt: spec.followUpAt?.toISOString(),
      title: spec.title,
      context: spec.context,
      createdAt: new Date(Date.now()).toISOString(),
      version: 1,
    };
    this.tasks.set(id, task);
    await saveTask({ ...task });
    this.watchers.push(this.watch(id));
    return { ...task };
  }

  /** The task as the board holds it now (a copy), or undefined. */
  get(taskId: string): TaskRecord | undefined {
    const task = this.tasks.get(taskId);
    return task && { ...task };
  }

  /** Waits until the task is completed or cancelled; returns it. */
  async closed(taskId: string): Promise<TaskRecord> {
    const task = this.require(taskId);
    await condition(() => isClosed(task));
    return { ...task };
  }

  /** Cancels every task still waiting (e.g. the process was cancelled). */
  async cancelOpen(): Promise<void> {
    for (const task of this.tasks.values()) {
      if (!isClosed(task)) await this.change(task.id, (current) => {
        current.status = 'cancelled';
      });
    }
  }

  /**
   * Runs the process's body so that whatever way it ends, no task of it stays open: on a failure
   * or a Temporal cancel the open tasks are cancelled (in a scope that the cancel cannot
   * interrupt) before the failure goes on. (A terminate runs no workflow code: the task
   * reconciler closes those rows.)
   */
  async closingTasksOnFailure<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      // Processes that failed or were cancelled before this existed replay without it.
      if (patched('close-tasks-on-failure')) await CancellationScope.nonCancellable(() => this.cancelOpen());
      throw error;
    }
  }

  /** Resolves once every timer of every task has finished (call before the workflow returns). */
  async settled(): Promise<void> {
    await Promise.all(this.watchers);
  }

  private async watch(taskId: string): Promise<void> {
    try {
      await this.watchTimes(taskId);
    } catch (error) {
      // The process was cancelled: its timers with it. The tasks are closed by
      // `closingTasksOnFailure`; anything else is a real failure.
      if (!isCancellation(error)) throw error;
    }
  }

  private async watchTimes(taskId: string): Promise<void> {
    const task = this.require(taskId);
    // An escalated task waits for a supervisor; reassigning it starts a new watch.
    if (task.status === 'escalated') return;
    // At least 1 ms: a zero timeout would mean "no timeout" and wait forever.
    const until = (iso: string) => Math.max(1, Date.parse(iso) - Date.now());
    if (task.followUpAt && Date.parse(task.followUpAt) < Date.parse(task.dueAt) && Date.parse(task.followUpAt) > Date.now()) {
      if (!(await condition(() => isClosed(task), until(task.followUpAt)))) await this.remind(task);
    }
    if (!(await condition(() => isClosed(task), until(task.dueAt)))) await this.escalate(task);
  }

  private async remind(task: TaskRecord): Promise<void> {
    if (this.settings.reminderEmail.length === 0) return;
    await sendEmail({
      to: this.settings.reminderEmail,
      subject: `Erinnerung: ${task.title}`,
      text: `Die Aufgabe „${task.title}“ in der Warteschlange ${task.queue} ist noch offen und bis ${task.dueAt} fällig.\n\n${this.link(task)}`,
      idempotencyKey: `${task.id}/reminder`,
    });
  }

  private async escalate(task: TaskRecord): Promise<void> {
    const from = task.queue;
    await this.change(task.id, (current) => {
      current.status = 'escalated';
      current.queue = this.settings.escalationQueue;
      current.escalatedAt = new Date(Date.now()).toISOString();
    });
    if (this.settings.escalationEmail.length === 0) return;
    await sendEmail({
      to: this.settings.escalationEmail,
      subject: `Eskalation: ${task.title}`,
      text: `Die Aufgabe „${task.title}“ aus der Warteschlange ${from} war bis ${task.dueAt} fällig und ist nicht erledigt. Sie liegt jetzt in der Warteschlange ${this.settings.escalationQueue} und kann weiter erledigt werden.\n\n${this.link(task)}`,
      idempotencyKey: this.rearmed.has(task.id) ? `${task.id}/escalation@${task.dueAt}` : `${task.id}/escalation`,
    });
  }

  private link(task: TaskRecord): string {
    return taskLink(this.settings, task.id);
  }

  private async change(taskId: string, apply: (task: TaskRecord) => void): Promise<TaskRecord> {
    const task = this.require(taskId);
    apply(task);
    task.version += 1;
    await saveTask({ ...task });
    return { ...task };
  }

  private require(taskId: string): TaskRecord {
    const task = this.tasks.get(taskId);
    if (!task) reject(TaskErrors.NotFound, 'no such task in this process');
    return task;
  }

  /** The task, if it still waits for a person and `actor` works its queue. */
  private active(taskId: string, actor: TaskActor): TaskRecord {
    const task = this.require(taskId);
    if (isClosed(task)) reject(TaskErrors.NotActive, `the task is ${task.status}`);
    if (!worksQueue(actor, task.queue) && task.assignee !== actor.userId) reject(TaskErrors.NotYourQueue, 'the task is not in one of your queues');
    return task;
  }
}
