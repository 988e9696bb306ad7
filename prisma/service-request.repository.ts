/**
 * Service requests and their refinement decisions in the application database: written once with
 * the snapshot, and the outcome once more, only while none is recorded (a conditional update, so
 * two agents' answers cannot both win).
 */
import type { RecordOutcomeResult, ServiceRequestStore } from '../api/service-request-store';
import type { RecordedOutcome, ServiceRequestRecord } from '../domain/service-request';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

type Row = NonNullable<Awaited<ReturnType<Db['serviceRequest']['findFirst']>>>;

function recordOf(row: Row): ServiceRequestRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    contactId: row.contactId,
    process: row.process as ServiceRequestRecord['process'],
    channel: row.channel as ServiceRequestRecord['channel'],
    agentId: row.agentId,
    decidedAt: row.decidedAt.toISOString(),
    snapshot: JSON.parse(row.snapshot) as ServiceRequestRecord['snapshot'],
    ...(row.outcome ? { outcome: JSON.parse(row.outcome) as RecordedOutcome } : {}),
  };
}


export class PrismaServiceRequestStore implements ServiceRequestStore {
  constructor(private readonly db: Db) {}

  async create(record: ServiceRequestRecord): Promise<ServiceRequestRecord> {
    try {
      const row = await this.db.serviceRequest.create({
        data: {
          id: record.id,
          customerId: record.customerId,
          contactId: record.contactId,
          process: record.process,
          channel: record.channel,
          agentId: record.agentId,
          decidedAt: new Date(record.decidedAt),
          snapshot: JSON.stringify(record.snapshot),
          offeredCampaign: record.snapshot.offered?.campaignId ?? null,
          offeredVersion: record.snapshot.offered?.version ?? null,
        },
      });
      return recordOf(row);
    } catch (error) {
      // A retried request whose first run stored its decision: that decision stands.
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.get(record.id);
      if (!existing) throw error;
      return existing;
    }
  }

  async get(id: string): Promise<ServiceRequestRecord | undefined> {
    const row = await this.db.serviceRequest.findUnique({ where: { id } });
    return row ? recordOf(row) : undefined;
  }

  async recordOutcome(id: string, outcome: RecordedOutcome): Promise<RecordOutcomeResult> {
    const { count } = await this.db.serviceRequest.updateMany({ where: { id, outcome: null }, data: { outcome: JSON.stringify(outcome), outcomeAt: new Date(outcome.at) } });
    const record = await this.get(id);
    if (!record) return { kind: 'not-found' };
    return count === 1 ? { kind: 'recorded', record } : { kind: 'already', record };
  }

  async listForCustomer(customerId: string, limit: number): Promise<ServiceRequestRecord[]> {
    const rows = await this.db.serviceRequest.findMany({ where: { customerId }, orderBy: { decidedAt: 'desc' }, take: limit });
    return rows.map(recordOf);
  }
}
