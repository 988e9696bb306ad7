/**
 * `GET /customers/{id}/timeline`: the auditor's evidence view of one customer (read only).
 */
import { Router } from 'express';
import { z } from 'zod';
import { CustomerId } from '../domain/identifiers';
import { name } from '../domain/text';
import { TIMELINE_KINDS } from '../prisma/customer-timeline.repository';
import type { Audit } from './audit';
import { allow } from './auth';
import type { TimelineUseCases } from './timeline.use-cases';
import { parseRequest } from './validation';

export const TimelinePathSchema = z.strictObject({ customerId: CustomerId });
export const TimelineQuerySchema = z.strictObject({
  /** Comma-separated; default: every kind. */
  kinds: z
    .string()
    .regex(new RegExp(`^(${TIMELINE_KINDS.join('|')})(,(${TIMELINE_KINDS.join('|')}))*$`), `must be a comma-separated list of ${TIMELINE_KINDS.join(', ')}`)
    .optional(),
  cursor: name(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function timelineRoutes(useCases: TimelineUseCases, audit: Audit): Router {
  const router = Router();
  router.get('/customers/:customerId/timeline', allow('auditor', 'supervisor'), async (req, res) => {
    const { customerId } = parseRequest(TimelinePathSchema, req.params, 'path');
    const query = parseRequest(TimelineQuerySchema, req.query, 'query');
    const kinds = query.kinds ? [...new Set(query.kinds.split(','))] as Array<(typeof TIMELINE_KINDS)[number]> : TIMELINE_KINDS;
    const page = await useCases.timeline(customerId, { kinds, cursor: query.cursor, limit: query.limit });
    // Reading the evidence is itself evidence: recorded after it succeeded, before the answer.
    await audit.record(req, {
      action: 'customer.timeline.read',
      customerId,
      objectType: 'customer',
      objectId: customerId,
      detail: { kinds: [...kinds], limit: query.limit, nextPage: query.cursor !== undefined, entries: page.entries.length },
    });
    res.json(page);
  });
  return router;
}
