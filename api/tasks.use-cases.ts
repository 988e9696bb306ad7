/**
 * The task inbox: list and read from the database projection; claim, unclaim, complete and
 * reassign through an Update on the owning workflow (the only writer of its tasks), whose answer
 * the caller gets back.
 */
import type { Client } from '@temporalio/client';
import type { User } from '../domain/identity';
import { ACTIVE_TASK_STATUSES, resultSchemaFor, worksQueue, type ResultSchemaOverrides, type TaskActor, type TaskRecord, type TaskStatus } from '../domain/task';
import type { PrismaTaskStore, TaskPage } from '../prisma/task.repository';
import type { UserRegistry } from '../platform/users';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  reassignTaskUpdate,
  unclaimTaskUpdate,
  type TaskCompletionAnswer,
} from '../workflows/human-tasks.messages';
import { HttpError, notFound } from './http-error';
import { parseRequest } from './validation';

export interface TaskListFilter {
  queue?: string;
  status?: TaskStatus[];
  assignee?: string;
  dueBefore?: Date;
  cursor?: string;
  limit: number;
}

const actorOf = (user: User): TaskActor => ({ userId: user.id, roles: user.roles, queues: user.queues });
/** Supervisors (and admins) act on every queue and on other people's objects. */
export const isSupervisor = (user: Pick<User, 'roles'>) => user.roles.includes('supervisor') || user.roles.includes('admin');

export interface TaskUseCaseDeps {
  temporal: Client;
  tasks: PrismaTaskStore;
  /**
   * Who works which queue: a task is reassigned only to a known queue and to a user of it.
   * Without it no target is known, and every reassignment is refused (createApp passes it).
   */
  users?: Pick<UserRegistry, 'list'>;
  /** Queues that exist besides the users' own (escalation, callback, operations). */
  queues?: readonly string[];
  /**
   * Result schemas that configuration shapes (`configuredResultSchemas`: the care call's
   * cancellation reasons); others, and all without it, are the task types' defaults.
   */
  resultSchemas?: ResultSchemaOverrides;
}

export class TaskUseCases {
  constructor(private readonly deps: TaskUseCaseDeps) {}

  /** Every queue a task may be moved to: the users' queues and the configured ones. */
  knownQueues(): Set<string> {
    return new Set([...(this.deps.queues ?? []), ...this.users().flatMap((user) => user.queues)]);
  }

  /**
   * The queues the caller works (a supervisor: every known queue), each with the people who work
   * it, so a page can show names instead of ids and offer only possible reassignments.
   */
  queuesWithPeople(user: User): Array<{ queue: string; people: Array<{ id: string; name: string }> }> {
    const visible = isSupervisor(user) ? [...this.knownQueues()] : user.queues;
    return [...new Set(visible)].sort().map((queue) => ({
      queue,
      people: this.users()
        .filter((person) => worksQueue(actorOf(person), queue))
        .map(({ id, name }) => ({ id, name }))
        .sort((a, b) => a.name.localeCompare(b.name, 'de')),
    }));
  }

  private users(): User[] {
    return this.deps.users?.list() ?? [];
  }

  /** Tasks in the caller's queues (or one of them), most urgent first. */
  async list(user: User, filter: TaskListFilter): Promise<TaskPage> {
    if (filter.queue && !worksQueue(actorOf(user), filter.queue)) {
      throw new HttpError(403, 'queue: is not one of your queues', [{ field: 'queue', message: 'is not one of your queues' }]);
    }
    const queues = filter.queue ? [filter.queue] : user.queues;
    if (queues.length === 0) return { tasks: [] };
    try {
      return await this.deps.tasks.list({
        queues,
        statuses: filter.status ?? ACTIVE_TASK_STATUSES,
        assignee: filter.assignee,
        dueBefore: filter.dueBefore,
        cursor: filter.cursor,
        limit: filter.limit,
      });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, error.message, [{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
      throw error;
    }
  }

  /** One task, if the caller may see it (else 404: other queues' tasks are not revealed). */
  async get(user: User, taskId: string): Promise<TaskRecord> {
    const task = await this.deps.tasks.get(taskId);
    if (!task || !(worksQueue(actorOf(user), task.queue) || task.assignee === user.id)) throw notFound('no such task in your queues');
    return task;
  }

  async claim(user: User, taskId: string): Promise<TaskRecord> {
    const task = await this.getActive(user, taskId);
    return this.handle(task).executeUpdate(claimTaskUpdate, { args: [{ taskId, actor: actorOf(user) }] });
  }

  async unclaim(user: User, taskId: string): Promise<TaskRecord> {
    const task = await this.getActive(user, taskId);
    return this.handle(task).executeUpdate(unclaimTaskUpdate, { args: [{ taskId, actor: actorOf(user) }] });
  }

  /**
   * Completes the task with `result`, checked against its type's schema first (422 naming the
   * field). The configured schema is checked here; the process's update validator checks the
   * schema the process was started with (e.g. an older list of cancellation reasons) and has the
   * last word: its refusal is a 422 naming the field as well (api/error-handler.ts).
   */
  async complete(user: User, taskId: string, result: unknown): Promise<TaskCompletionAnswer> {
    const task = await this.getActive(user, taskId);
    const schema = resultSchemaFor(task.type, task.resultVersion, this.deps.resultSchemas);
    if (!schema) throw new HttpError(409, `tasks of type ${task.type} version ${task.resultVersion} can no longer be completed here`);
    try {
      parseRequest(schema, result, 'body');
    } catch (error) {
      if (error instanceof HttpError) throw new HttpError(422, error.message, error.fields);
      throw error;
    }
    return this.handle(task).executeUpdate(completeTaskUpdate, { args: [{ taskId, actor: actorOf(user), result }] });
  }

  /**
   * Supervisors move a task to another queue and/or person: a known queue (422 naming `queue`)
   * and a user who works the task's (new) queue (422 naming `assignee`).
   */
  async reassign(user: User, taskId: string, to: { queue?: string; assignee?: string | null }): Promise<TaskRecord> {
    if (!isSupervisor(user)) throw new HttpError(403, 'only a supervisor reassigns tasks');
    const task = await this.getActive(user, taskId);
    if (to.queue !== undefined && !this.knownQueues().has(to.queue)) {
      throw new HttpError(422, `queue: ${to.queue} is not a known queue`, [{ field: 'queue', message: 'is not a known queue' }]);
    }
    if (to.assignee) {
      const queue = to.queue ?? task.queue;
      const assignee = this.users().find((candidate) => candidate.id === to.assignee);
      if (!assignee) throw new HttpError(422, `assignee: ${to.assignee} is not a known user`, [{ field: 'assignee', message: 'is not a known user' }]);
      if (!worksQueue(actorOf(assignee), queue)) {
        throw new HttpError(422, `assignee: ${to.assignee} does not work the queue ${queue}`, [{ field: 'assignee', message: `does not work the queue ${queue}` }]);
      }
    }
    return this.handle(task).executeUpdate(reassignTaskUpdate, { args: [{ taskId, actor: actorOf(user), ...to }] });
  }

  /**
   * The task, if it still waits for a person: a completed or cancelled one answers 409 here (its
   * process may have ended, so no workflow would answer).
   */
  private async getActive(user: User, taskId: string): Promise<TaskRecord> {
    const task = await this.get(user, taskId);
    if (!ACTIVE_TASK_STATUSES.includes(task.status)) {
      throw new HttpError(409, `the task is ${task.status}${task.completedBy ? ` (by ${task.completedBy})` : ''}`);
    }
    return task;
  }

  private handle(task: TaskRecord) {
    return this.deps.temporal.workflow.getHandle(task.workflowId);
  }
}
