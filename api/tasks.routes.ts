/**
 * REST endpoints of the task inbox.
 */
import { Router } from 'express';
import { z } from 'zod';
import { allow, currentUser } from './auth';
import type { TaskUseCases } from './tasks.use-cases';
import { parseRequest } from './validation';

const STATUSES = ['open', 'claimed', 'completed', 'cancelled', 'escalated'] as const;

export const TaskListQuerySchema = z.strictObject({
  queue: z.string().min(1).max(100).optional(),
  /** Comma-separated; default: the active ones (open, claimed, escalated). */
  status: z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(z.enum(STATUSES)))
    .optional(),
  assignee: z.string().min(1).max(100).optional(),
  dueBefore: z.iso.datetime({ offset: true }).transform((value) => new Date(value)).optional(),
  cursor: z.string().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const TaskPathSchema = z.strictObject({ id: z.string().min(1).max(300) });
export const ReassignBodySchema = z
  .strictObject({ queue: z.string().min(1).max(100).optional(), assignee: z.string().min(1).max(100).nullable().optional() })
  .refine((body) => body.queue !== undefined || body.assignee !== undefined, { message: 'name a queue or an assignee (null to unassign)', path: ['queue'] });

export function taskRoutes(useCases: TaskUseCases): Router {
  const router = Router();
  const workers = allow('backoffice', 'supervisor', 'agent');

  router.get('/tasks', workers, async (req, res) => {
    const filter = parseRequest(TaskListQuerySchema, req.query, 'query');
    res.json(await useCases.list(currentUser(req), filter));
  });
  router.get('/tasks/:id', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    res.json(await useCases.get(currentUser(req), id));
  });
  router.post('/tasks/:id/claim', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    res.json(await useCases.claim(currentUser(req), id));
  });
  router.post('/tasks/:id/unclaim', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    res.json(await useCases.unclaim(currentUser(req), id));
  });
  router.post('/tasks/:id/complete', workers, async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    res.json(await useCases.complete(currentUser(req), id, req.body));
  });
  router.post('/tasks/:id/reassign', allow('supervisor'), async (req, res) => {
    const { id } = parseRequest(TaskPathSchema, req.params, 'path');
    const body = parseRequest(ReassignBodySchema, req.body, 'body');
    res.json(await useCases.reassign(currentUser(req), id, body));
  });
  return router;
}
