/**
 * Profile notes and their notices to advisors in the application database. Written once per
 * note (the id comes from the Idempotency-Key); "read" is set once, by a conditional update, so
 * the first reader stays on record when two advisors open the same notice.
 */
import type { MarkReadResult, NoticeQuery, ProfileNoteStore } from '../api/profile-note-store';
import type { InterestCode, ProfileNoteRecord } from '../domain/customer-profile';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

type Row = NonNullable<Awaited<ReturnType<Db['profileNote']['findFirst']>>>;

function recordOf(row: Row): ProfileNoteRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    contactId: row.contactId,
    interests: JSON.parse(row.interests) as InterestCode[],
    ...(row.note === null ? {} : { note: row.note }),
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt.toISOString(),
    queue: row.queue,
    ...(row.readAt ? { readAt: row.readAt.toISOString() } : {}),
    ...(row.readBy ? { readBy: row.readBy } : {}),
  };
}


export class PrismaProfileNoteStore implements ProfileNoteStore {
  constructor(private readonly db: Db) {}

  async create(record: ProfileNoteRecord): Promise<ProfileNoteRecord> {
    try {
      const row = await this.db.profileNote.create({
        data: {
          id: record.id,
          customerId: record.customerId,
          contactId: record.contactId,
          interests: JSON.stringify(record.interests),
          note: record.note ?? null,
          recordedBy: record.recordedBy,
          recordedAt: new Date(record.recordedAt),
          queue: record.queue,
        },
      });
      return recordOf(row);
    } catch (error) {
      // A retried request whose first run stored the note: that note stands.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.get(record.id);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(id: string): Promise<ProfileNoteRecord | undefined> {
    const row = await this.db.profileNote.findUnique({ where: { id } });
    return row ? recordOf(row) : undefined;
  }

  async listForCustomer(customerId: string, limit: number): Promise<ProfileNoteRecord[]> {
    const rows = await this.db.profileNote.findMany({ where: { customerId }, orderBy: [{ recordedAt: 'desc' }, { id: 'asc' }], take: limit });
    return rows.map(recordOf);
  }

  async interestsSince(customerId: string, since: Date): Promise<InterestCode[]> {
    const rows = await this.db.profileNote.findMany({ where: { customerId, recordedAt: { gte: since } }, select: { interests: true }, orderBy: { recordedAt: 'asc' } });
    return [...new Set(rows.flatMap((row) => JSON.parse(row.interests) as InterestCode[]))];
  }

  async listNotices(query: NoticeQuery): Promise<ProfileNoteRecord[]> {
    const rows = await this.db.profileNote.findMany({
      where: { ...(query.queues ? { queue: { in: query.queues } } : {}), ...(query.unreadOnly ? { readAt: null } : {}) },
      orderBy: [{ recordedAt: 'desc' }, { id: 'asc' }],
      take: query.limit,
    });
    return rows.map(recordOf);
  }

  async markRead(id: string, readBy: string, at: Date): Promise<MarkReadResult> {
    const { count } = await this.db.profileNote.updateMany({ where: { id, readAt: null }, data: { readAt: at, readBy } });
    const record = await this.get(id);
    if (!record) return { kind: 'not-found' };
    return { kind: count === 1 ? 'marked' : 'already', record };
  }
}
