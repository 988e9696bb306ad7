/**
 * The audit trail (DESIGN.md "Personal data"): every change, and every read of a customer's data
 * by a person, with who did it, in which role, to which customer and object, when, and in which
 * request. Append-only: entries are written and listed, never changed or deleted.
 *
 * Routes call `audit.record(req, …)` after their use case succeeded and before they answer; actor,
 * role and request id come from the request. `detail` holds ids, topics, months, channels,
 * outcomes and queue names only, never free text (notes, reasons) a person typed.
 */
import { Router, type Request } from 'express';
import { z } from 'zod';
import { name } from '../domain/text';
import { CustomerId } from '../domain/identifiers';
import { allow, currentUser } from './auth';
import { HttpError } from './http-error';
import { parseRequest } from './validation';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by the request-id middleware (api/app.ts) on every request; echoed as `X-Request-Id`. */
    requestId?: string;
  }
}

/**
 * Every action the API records: `<objectType>.<what happened>` for one object, and
 * `customer.<what>.read` for a read of a customer's collection (objectType `customer`);
 * `customer.read` is the read of the customer summary itself.
 */
export const AUDIT_ACTIONS = [
  'contact-block.created',
  'contact-block.extended',
  'contact-block.lifted',
  'contact-block.read',
  'customer.contact-blocks.read',
  'customer.contact-policy.read',
  'customer.read',
  'customer.contact-data.updated',
  'consent-check.opened',
  'consent-check.answered',
  'consent-check.read',
  'consent.withdrawn',
  'customer.consents.read',
  'consent-script.published',
  'callback.started',
  'callback.cancelled',
  'callback.read',
  'task.read',
  'task.claimed',
  'task.unclaimed',
  'task.completed',
  'task.reassigned',
  'task.dialled',
  'care-call.started',
  'care-call.read',
  'appointment.booked',
  'appointment.read',
  'appointment.rescheduled',
  'appointment.cancelled',
  'customer.appointments.read',
  'audit.read',
  'customer.timeline.read',
  'customer.processes.read',
  'process.read',
  'campaign.draft-saved',
  'campaign.published',
  'campaign.dry-run',
  'campaign.launched',
  'campaign-run.paused',
  'campaign-run.resumed',
  'campaign-run.cancelled',
  'service-request.recorded',
  'service-request.outcome-recorded',
  'service-request.read',
  'customer.service-requests.read',
  'profile-note.recorded',
  'customer.profile-notes.read',
  'profile-note.notice-read',
  'chat.replied',
  'chat.handed-over',
  'chat.closed',
  'social-case.read',
  'social-case.acknowledged',
  'chat.handed-to-advisor',
  'chat.taken',
  'chat.transcripts-read',
  'chat.text-module-saved',
  'chat.text-module-removed',
  'chat.handed-back',
  'chat.customer-linked',
  'chat.history-read',
  'payloads.decoded',
  'payloads.encoded',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What an entry is about. */
export type AuditObjectType = 'contact-block' | 'customer' | 'consent-check' | 'consent' | 'consent-script' | 'callback' | 'task' | 'audit' | 'process' | 'care-call' | 'appointment' | 'campaign' | 'service-request' | 'profile-note' | 'conversation' | 'text-module' | 'social-case' | 'namespace';

/** Flat facts of an action: ids, topics, months, channels, outcomes, queue names. No free text. */
export type AuditDetail = Record<string, string | number | boolean | null | string[]>;

/** One entry as it is listed. `at` is ISO. */
export interface AuditEntry {
  id: string;
  at: string;
  /** User id of the person (or `system`). */
  actor: string;
  /** The role(s) the actor acted in, e.g. `agent` (comma-separated when the user holds several). */
  role: string;
  action: string;
  customerId?: string;
  objectType: string;
  objectId?: string;
  /** The request that did it (`X-Request-Id`), to follow it into the logs. */
  requestId?: string;
  detail?: AuditDetail;
}

/** An entry to append (the trail gives it its id). */
export interface NewAuditEntry {
  at: Date;
  actor: string;
  role: string;
  action: AuditAction;
  customerId?: string;
  objectType: AuditObjectType;
  objectId?: string;
  requestId?: string;
  detail?: AuditDetail;
}

export interface AuditQuery {
  customerId?: string;
  actor?: string;
  /** Entries at or after this instant. */
  from?: Date;
  /** Entries before this instant. */
  to?: Date;
  /** Opaque cursor from the previous page. */
  cursor?: string;
  limit: number;
}

export interface AuditPage {
  /** Newest first. */
  entries: AuditEntry[];
  nextCursor?: string;
}

/** Where the trail is kept (the application database). */
export interface AuditTrail {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /**
   * A page of entries, newest first, stable under concurrent appends.
   * @throws {RangeError} for a cursor that is not from a previous page.
   */
  list(query: AuditQuery): Promise<AuditPage>;
}

/** What a route records; actor, role, time and request id come from the request. */
export interface AuditEvent {
  action: AuditAction;
  customerId?: string;
  objectType: AuditObjectType;
  objectId?: string;
  detail?: AuditDetail;
}

/** The helper routes call: `await audit.record(req, { action, customerId, objectType, objectId, detail })`. */
export class Audit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async record(req: Request, event: AuditEvent): Promise<void> {
    const user = currentUser(req);
    await this.trail.append({
      at: this.now(),
      actor: user.id,
      role: user.roles.join(','),
      requestId: req.requestId,
      ...event,
    });
  }
}

/** Years the databases store alike (PostgreSQL has no year 0; an offset can push `0001-01-01` into it). */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);
const isoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO date-time with offset, e.g. 2026-03-10T09:00:00Z' })
  .refine((value) => Date.parse(value) >= EARLIEST && Date.parse(value) <= LATEST, { message: 'must lie between the years 1900 and 9999' });

/** `GET /audit` query: every filter optional; `from` inclusive, `to` exclusive. */
export const AuditQuerySchema = z
  .strictObject({
    customerId: CustomerId.optional(),
    actor: name(100).optional(),
    from: isoDateTime.optional(),
    to: isoDateTime.optional(),
    cursor: name(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((query) => query.from === undefined || query.to === undefined || Date.parse(query.from) < Date.parse(query.to), {
    message: 'must be after from',
    path: ['to'],
  });

/** `GET /audit` for auditors and supervisors; the read is itself recorded (`audit.read`). */
export function auditRoutes(trail: AuditTrail, audit: Audit): Router {
  const router = Router();
  router.get('/audit', allow('auditor', 'supervisor'), async (req, res) => {
    const query = parseRequest(AuditQuerySchema, req.query, 'query');
    let page: AuditPage;
    try {
      page = await trail.list({
        ...query,
        from: query.from === undefined ? undefined : new Date(query.from),
        to: query.to === undefined ? undefined : new Date(query.to),
      });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, 'cursor: is not a cursor from a previous page', [{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
      throw error;
    }
    await audit.record(req, {
      action: 'audit.read',
      customerId: query.customerId,
      objectType: 'audit',
      detail: {
        actor: query.actor ?? null,
        from: query.from ?? null,
        to: query.to ?? null,
        limit: query.limit,
        nextPage: query.cursor !== undefined,
        entries: page.entries.length,
      },
    });
    res.json(page.nextCursor ? page : { entries: page.entries });
  });
  return router;
}
