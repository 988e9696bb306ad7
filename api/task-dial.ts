/**
 * Click-to-dial from a care-call task (`POST /tasks/{id}/dial`): the agent who claimed the task
 * asks the telephony platform to call the customer and put the call through to them. The number
 * is looked up here from core banking: nobody types it, and it never reaches the browser, a log
 * line, the audit trail or the contact history. Each dial is an attempt in the contact history
 * and an entry in the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { ContactHistoryStore } from '../activities/ports';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { TelephonyError, type PlaceCallOutcome, type Telephony } from '../adapters/telephony/telephony.port';
import type { User } from '../domain/identity';
import { ACTIVE_TASK_STATUSES, worksQueue, type TaskRecord } from '../domain/task';
import type { PrismaTaskStore } from '../prisma/task.repository';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { HttpError, notFound } from './http-error';
import { idempotent, scopedKey, type IdempotencyStore } from './idempotency';
import { TaskPathSchema } from './tasks.routes';
import { parseRequest } from './validation';

/** Task types whose customer the agent phones from the task. */
export const DIALABLE_TASK_TYPES: readonly string[] = ['care-call', 'care-appointment'];

export interface TaskDialDeps {
  tasks: Pick<PrismaTaskStore, 'get'>;
  coreBanking: Pick<CoreBanking, 'getCustomer'>;
  /** Absent: no telephony is configured, and dialling answers 503. */
  telephony?: Pick<Telephony, 'placeCall'>;
  history: Pick<ContactHistoryStore, 'record'>;
}

/** What a dial answers: how dialling ended, never the number. */
export interface DialAnswer {
  taskId: string;
  outcome: PlaceCallOutcome['outcome'];
  /** The call, when the customer answered and was put through. */
  callId?: string;
  dialledAt: string;
}

export class TaskDialUseCases {
  constructor(private readonly deps: TaskDialDeps) {}

  /**
   * Dials the task's customer for `user`, who must have claimed it (409 otherwise). `dialKey`
   * names this dial: the same key never places a second call.
   *
   * @throws {HttpError} 404 outside the caller's queues; 409 when the task is closed, not claimed
   *   by the caller, or not a task to phone from, or the customer has no phone number; 503 when
   *   telephony is unavailable; 502 when it refuses the call.
   */
  async dial(user: User, taskId: string, dialKey: string): Promise<{ task: TaskRecord; answer: DialAnswer }> {
    const task = await this.deps.tasks.get(taskId);
    if (!task || !(worksQueue({ userId: user.id, roles: user.roles, queues: user.queues }, task.queue) || task.assignee === user.id)) throw notFound('no such task in your queues');
    if (!DIALABLE_TASK_TYPES.includes(task.type)) throw new HttpError(409, `tasks of type ${task.type} have no customer to phone from here`);
    if (!ACTIVE_TASK_STATUSES.includes(task.status)) throw new HttpError(409, `the task is ${task.status}`);
    if (task.assignee !== user.id) throw new HttpError(409, task.assignee ? `the task is claimed by ${task.assignee}, not by you` : 'claim the task before you call the customer');
    const customerId = typeof task.context.customerId === 'string' ? task.context.customerId : undefined;
    const customer = customerId ? await this.deps.coreBanking.getCustomer(customerId) : undefined;
    const phoneNumber = customer?.contact.phone;
    if (!customerId || !phoneNumber) throw new HttpError(409, 'core banking holds no phone number for this customer');
    if (!this.deps.telephony) throw new HttpError(503, 'no telephony is configured', [], 60);
    let outcome: PlaceCallOutcome;
    try {
      outcome = await this.deps.telephony.placeCall({ phoneNumber, queue: task.queue, idempotencyKey: `${task.id}/dial/${dialKey}` });
    } catch (error) {
      if (error instanceof TelephonyError) {
        if (error.kind === 'rejected') throw new HttpError(502, 'the telephony platform refused the call');
        throw new HttpError(503, 'the telephony platform is not reachable; try again shortly', [], 5);
      }
      throw error;
    }
    const dialledAt = new Date().toISOString();
    await this.deps.history.record({
      id: `${task.workflowId}/dial/${dialKey}`,
      customerId,
      at: dialledAt,
      purpose: 'care',
      channel: 'phone',
      topic: typeof task.context.topic === 'string' ? task.context.topic : task.type,
      outcome: `dialled-${outcome.outcome}`,
      workflowId: task.workflowId,
      agentId: user.id,
    });
    return { task, answer: { taskId: task.id, outcome: outcome.outcome, ...(outcome.outcome === 'answered' ? { callId: outcome.callId } : {}), dialledAt } };
  }
}

/** `POST /tasks/{id}/dial` (agent). An optional Idempotency-Key makes a retried click one call. */
export function taskDialRoutes(useCases: TaskDialUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.post('/tasks/:id/dial', allow('agent'), idempotent(keys, { required: false }, async (req, key) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const user = currentUser(req);
    const { task, answer } = await useCases.dial(user, id, key === undefined ? randomUUID() : scopedKey(user.id, key));
    await audit.record(req, {
      action: 'task.dialled',
      customerId: typeof task.context.customerId === 'string' ? task.context.customerId : undefined,
      objectType: 'task',
      objectId: task.id,
      detail: { type: task.type, queue: task.queue, outcome: answer.outcome },
    });
    return { status: 200, body: answer };
  }));
  return router;
}
