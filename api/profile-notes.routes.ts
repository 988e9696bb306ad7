/**
 * REST endpoints of the customer profile update (issue 11, section 3): the interest code list,
 * recording a profile note during a contact, a customer's notes, and the advisors' notices.
 */
import { Router } from 'express';
import { z } from 'zod';
import { INTEREST_CODES, interestView, ProfileNoteBodySchema } from '../domain/customer-profile';
import { CustomerId } from '../domain/identifiers';
import { name } from '../domain/text';
import type { Audit } from './audit';
import { allow, currentUser } from './auth';
import { idempotent, type IdempotencyStore } from './idempotency';
import type { ProfileNoteUseCases } from './profile-notes.use-cases';
import { parseRequest } from './validation';

export const ProfileNotePathSchema = z.strictObject({ customerId: CustomerId });
export const NoticePathSchema = z.strictObject({ id: z.string().regex(/^pn-[0-9a-f]{24}$/, 'is not a notice id') });
export const NoticeQuerySchema = z.strictObject({
  /** One of the caller's queues; default: all of them. */
  queue: name(100).optional(),
  /** `unread` (default) or `all`. */
  status: z.enum(['unread', 'all']).default('unread'),
});

export function profileNoteRoutes(useCases: ProfileNoteUseCases, keys: IdempotencyStore, audit: Audit): Router {
  const router = Router();
  router.get('/interests', allow('agent', 'backoffice', 'supervisor', 'process-owner', 'auditor'), (_req, res) => {
    res.json({ interests: INTEREST_CODES.map(interestView) });
  });
  router.post('/customers/:customerId/profile-notes', allow('agent', 'backoffice', 'supervisor'), idempotent(keys, { required: true }, async (req, key) => {
    const { customerId } = parseRequest(ProfileNotePathSchema, req.params, 'path');
    const body = parseRequest(ProfileNoteBodySchema, req.body, 'body');
    const note = await useCases.record(customerId, body, currentUser(req).id, key!);
    // Inside the idempotent handler: recorded once per key. The note's words are personal data
    // and stay out of the audit trail; its interests and whether there is a note are enough.
    await audit.record(req, {
      action: 'profile-note.recorded',
      customerId,
      objectType: 'profile-note',
      objectId: note.id,
      detail: { contactId: note.contactId, interests: note.interests.map((interest) => interest.code), note: note.note !== undefined, queue: note.notice.queue },
    });
    return { status: 201, location: `/api/v1/customers/${customerId}/profile-notes`, body: note };
  }));
  router.get('/customers/:customerId/profile-notes', allow('agent', 'backoffice', 'supervisor', 'auditor'), async (req, res) => {
    const { customerId } = parseRequest(ProfileNotePathSchema, req.params, 'path');
    const notes = await useCases.ofCustomer(customerId);
    await audit.record(req, { action: 'customer.profile-notes.read', customerId, objectType: 'customer', objectId: customerId, detail: { count: notes.length } });
    res.json({ profileNotes: notes });
  });
  // Whoever works task queues reads the notices of theirs.
  const workers = allow('backoffice', 'supervisor', 'agent');
  router.get('/notices', workers, async (req, res) => {
    const filter = parseRequest(NoticeQuerySchema, req.query, 'query');
    res.json({ notices: await useCases.notices(currentUser(req), filter) });
  });
  router.post('/notices/:id/read', workers, idempotent(keys, { required: false }, async (req) => {
    const { id } = parseRequest(NoticePathSchema, req.params, 'path');
    const { notice, marked } = await useCases.markRead(currentUser(req), id);
    if (marked) await audit.record(req, { action: 'profile-note.notice-read', customerId: notice.customerId, objectType: 'profile-note', objectId: id, detail: { queue: notice.queue } });
    return { status: 200, body: notice };
  }));
  return router;
}
