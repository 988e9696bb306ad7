/**
 * REST endpoints of social-media reaction cases (issue 13, section 3): the list and one case for
 * the social-media team, supervisors and auditors (the evidence), and the acknowledgement of a
 * reputation-risk alert by a supervisor. Case ids are the processes' ids
 * (`social-case:{network}~{postId}`): no personal data.
 */
import { Router } from 'express';
import { z } from 'zod';
import { SOCIAL_CASE_ID } from '../domain/social-case';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import type { SocialCaseUseCases } from './social-cases.use-cases';
import { parseRequest } from './validation';

export const SocialCasePathSchema = z.strictObject({ id: z.string().regex(SOCIAL_CASE_ID, 'is not a social-media case id (social-case:{network}~{postId})') });
export const SocialCaseListQuerySchema = z.strictObject({
  open: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
/** An acknowledgement carries nothing but who gives it (from the token). */
export const AcknowledgeBodySchema = z.strictObject({});

export function socialCaseRoutes(useCases: SocialCaseUseCases, audit: Audit): Router {
  const router = Router();
  const readers = allow('agent', 'supervisor', 'auditor');
  router.get('/social-cases', readers, async (req, res) => {
    const query = parseRequest(SocialCaseListQuerySchema, req.query, 'query');
    const cases = await useCases.list({ open: query.open === 'true', limit: query.limit });
    res.json({ cases });
  });
  router.get('/social-cases/:id', readers, async (req, res) => {
    const { id } = parseRequest(SocialCasePathSchema, req.params, 'path');
    const state = await useCases.get(id);
    // The post's words and author are in the answer, not in the trail.
    await audit.record(req, { action: 'social-case.read', objectType: 'social-case', objectId: id, detail: { type: state.type, status: state.status } });
    res.json(state);
  });
  router.post('/social-cases/:id/acknowledge', allow('supervisor'), async (req, res) => {
    const { id } = parseRequest(SocialCasePathSchema, req.params, 'path');
    parseRequest(AcknowledgeBodySchema, req.body ?? {}, 'body');
    const state = await useCases.acknowledge(currentUser(req), id);
    await audit.record(req, { action: 'social-case.acknowledged', objectType: 'social-case', objectId: id, detail: { level: state.escalation?.alerts.length ?? 0 } });
    res.json(state);
  });
  return router;
}
