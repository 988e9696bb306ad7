/**
 * The audit trail as processes write it: the same append-only `AuditEntry` table the API writes,
 * with the process step's key as the entry's request id, so a retried activity appends nothing
 * twice (the step's key is looked up before the entry is created).
 */
import { randomUUID } from 'node:crypto';
import type { ProcessAuditEntry, ProcessAuditLog } from '../activities/ports';
import type { Db } from './database';

export class PrismaProcessAuditLog implements ProcessAuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: ProcessAuditEntry): Promise<void> {
    const existing = await this.db.auditEntry.findFirst({ where: { requestId: entry.key, action: entry.action }, select: { id: true } });
    if (existing) return;
    await this.db.auditEntry.create({
      data: {
        id: randomUUID(),
        at: entry.at,
        actor: entry.actor,
        role: entry.actor === 'system' ? 'process' : 'agent',
        action: entry.action,
        customerId: null,
        objectType: entry.objectType,
        objectId: entry.objectId,
        requestId: entry.key,
        detail: JSON.stringify(entry.detail),
      },
    });
  }
}
