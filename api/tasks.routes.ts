/**
 * REST endpoints of the task inbox.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { name } from '../domain/text';
import type { TaskRecord } from '../domain/task';
import type { Audit, AuditAction, AuditDetail } from './audit';
import { allow, currentUser } from './auth';
import type { TaskUseCases } from './tasks.use-cases';
import { parseRequest } from './validation';

const STATUSES = ['open', 'claimed', 'completed', 'cancelled', 'escalated'] as const;

export const TaskListQuerySchema = z.strictObject({
  queue: name(100).optional(),
  /** Comma-separated; default: the active ones (open, claimed, escalated). */
  status: z
    .string()
    .regex(new RegExp(`^(${STATUSES.join('|')})(,(${STATUSES.join('|')}))*$`), `must be a comma-separated list of ${STATUSES.join(', ')}`)
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(STATUSES)))
    .optional(),
  assignee: name(100).optional(),
  dueBefore: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).optional(),
  cursor: name(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const TaskPathSchema = z.strictObject({ id: name(300) });
export const ReassignBodySchema = z
  .strictObject({ queue: name(100).optional(), assignee: name(100).nullable().optional() })
  .refine((body) => body.queue !== undefined || body.assignee !== undefined, { message: 'name a queue or an assignee (null to unassign)', path: ['queue'] });

/** Result fields that are choices, not free text: the only ones the audit trail keeps. */
const AUDITED_RESULT_FIELDS = ['reached', 'outcome', 'resolution'];

/** The customer a task is about, when its context names one. */
const customerOf = (task: TaskRecord) => (typeof task.context.customerId === 'string' ? task.context.customerId : undefined);

function resultDetail(result: unknown): AuditDetail {
  if (!result || typeof result !== 'object') return {};
  return Object.fromEntries(
    Object.entries(result).filter(([key, value]) => AUDITED_RESULT_FIELDS.includes(key) && (typeof value === 'string' || typeof value === 'boolean')),
  ) as AuditDetail;
}

export function taskRoutes(useCases: TaskUseCases, audit: Audit): Router {
  const router = Router();
  const workers = allow('backoffice', 'supervisor', 'agent');
  const record = (req: Request, action: AuditAction, task: TaskRecord, detail: AuditDetail = {}) =>
    audit.record(req, { action, customerId: customerOf(task), objectType: 'task', objectId: task.id, detail: { type: task.type, queue: task.queue, ...detail } });

  router.get('/tasks', workers, async (req, res) => {
    const filter = parseRequest(TaskListQuerySchema, req.query, 'query');
    res.json(await useCases.list(currentUser(req), filter));
  });
  router.get('/task-queues', workers, (req, res) => {
    res.json({ queues: useCases.queuesWithPeople(currentUser(req)) });
  });
  router.get('/tasks/:id', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const task = await useCases.get(currentUser(req), id);
    await record(req, 'task.read', task);
    res.json(task);
  });
  router.post('/tasks/:id/claim', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const task = await useCases.claim(currentUser(req), id);
    await record(req, 'task.claimed', task);
    res.json(task);
  });
  router.post('/tasks/:id/unclaim', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const task = await useCases.unclaim(currentUser(req), id);
    await record(req, 'task.unclaimed', task);
    res.json(task);
  });
  router.post('/tasks/:id/complete', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const answer = await useCases.complete(currentUser(req), id, req.body);
    await record(req, 'task.completed', answer.task, resultDetail(answer.task.result));
    res.json(answer);
  });
  router.post('/tasks/:id/reassign', allow('supervisor'), async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const body = parseRequest(ReassignBodySchema, req.body, 'body');
    const task = await useCases.reassign(currentUser(req), id, body);
    await record(req, 'task.reassigned', task, { assignee: task.assignee ?? null });
    res.json(task);
  });
  return router;
}
