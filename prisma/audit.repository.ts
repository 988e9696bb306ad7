/**
 * The audit trail in the application database: appended by the API, listed newest first for
 * auditors. Rows are only ever created.
 */
import { randomUUID } from 'node:crypto';
import type { AuditDetail, AuditEntry, AuditPage, AuditQuery, AuditTrail, NewAuditEntry } from '../api/audit';
import type { Db } from './database';

type Row = Awaited<ReturnType<Db['auditEntry']['findFirstOrThrow']>>;

export class PrismaAuditTrail implements AuditTrail {
  constructor(private readonly db: Db) {}

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = await this.db.auditEntry.create({
      data: {
        id: randomUUID(),
        at: entry.at,
        actor: entry.actor,
        role: entry.role,
        action: entry.action,
        customerId: entry.customerId ?? null,
        objectType: entry.objectType,
        objectId: entry.objectId ?? null,
        requestId: entry.requestId ?? null,
        detail: entry.detail === undefined ? null : JSON.stringify(entry.detail),
      },
    });
    return toEntry(row);
  }

  /**
   * Newest first, ties in time by id (descending). The cursor is the last entry's (at, id): the
   * next page continues strictly below it, so entries appended meanwhile (newer) never shift it.
   */
  async list(query: AuditQuery): Promise<AuditPage> {
    const after = query.cursor ? decodeAuditCursor(query.cursor) : undefined;
    const rows = await this.db.auditEntry.findMany({
      where: {
        AND: [
          query.customerId ? { customerId: query.customerId } : {},
          query.actor ? { actor: query.actor } : {},
          query.from || query.to ? { at: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {},
          after ? { OR: [{ at: { lt: after.at } }, { at: after.at, id: { lt: after.id } }] } : {},
        ],
      },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = rows.slice(0, query.limit).map(toEntry);
    const last = page[page.length - 1];
    return { entries: page, nextCursor: rows.length > query.limit && last ? encodeCursor(last) : undefined };
  }
}

function encodeCursor(entry: AuditEntry): string {
  return Buffer.from(JSON.stringify([entry.at, entry.id])).toString('base64url');
}

/** Throws a RangeError for a cursor that was not made by `encodeCursor`. */
export function decodeAuditCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new RangeError('cursor: is not a cursor from a previous page');
  }
}

function toEntry(row: Row): AuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    role: row.role,
    action: row.action,
    ...(row.customerId === null ? {} : { customerId: row.customerId }),
    objectType: row.objectType,
    ...(row.objectId === null ? {} : { objectId: row.objectId }),
    ...(row.requestId === null ? {} : { requestId: row.requestId }),
    ...(row.detail === null ? {} : { detail: JSON.parse(row.detail) as AuditDetail }),
  };
}
