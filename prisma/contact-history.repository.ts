/**
 * The contact history: append-only, one row per contact or attempt.
 */
import type { ContactHistoryEntry, ContactHistoryStore } from '../activities/ports';
import type { Db } from './database';

type ContactHistoryRow = NonNullable<Awaited<ReturnType<Db['contactHistory']['findFirst']>>>;

/** A stored row as the port's entry (one mapping for every reader of the table). */
export function contactEntryOf(row: ContactHistoryRow): ContactHistoryEntry {
  return {
    id: row.id,
    customerId: row.customerId,
    at: row.at.toISOString(),
    purpose: row.purpose as ContactHistoryEntry['purpose'],
    channel: row.channel as ContactHistoryEntry['channel'],
    topic: row.topic,
    outcome: row.outcome,
    campaignId: row.campaignId ?? undefined,
    workflowId: row.workflowId,
    agentId: row.agentId ?? undefined,
    note: row.note ?? undefined,
  };
}

export class PrismaContactHistoryStore implements ContactHistoryStore {
  constructor(private readonly db: Db) {}

  async record(entry: ContactHistoryEntry): Promise<void> {
    const data = {
      customerId: entry.customerId,
      at: new Date(entry.at),
      purpose: entry.purpose,
      channel: entry.channel,
      topic: entry.topic,
      outcome: entry.outcome,
      campaignId: entry.campaignId ?? null,
      workflowId: entry.workflowId,
      agentId: entry.agentId ?? null,
      note: entry.note ?? null,
    };
    // Append-only: the first write of an id stands; a retry writes nothing new.
    await this.db.contactHistory.upsert({ where: { id: entry.id }, create: { id: entry.id, ...data }, update: {} });
  }

  async since(customerId: string, since: Date): Promise<ContactHistoryEntry[]> {
    const rows = await this.db.contactHistory.findMany({ where: { customerId, at: { gte: since } }, orderBy: { at: 'desc' } });
    return rows.map(contactEntryOf);
  }
}
