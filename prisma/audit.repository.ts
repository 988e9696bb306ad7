/**
 * The audit trail in the application database: appended by the API, listed newest first for
 * auditors. Rows are only ever created.
 */
import { randomUUID } from 'node:crypto';
import type { AuditDetail, AuditEntry, AuditPage, AuditQuery, AuditTrail, NewAuditEntry } from '../api/audit';
import type { Db } from './database';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

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
    const after = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
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
    return { entries: page, nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last.at, last.id) : undefined };
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
