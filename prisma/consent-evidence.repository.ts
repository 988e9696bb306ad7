/**
 * Consent evidence (GDPR Art. 7 proof): append-only rows.
 */
import type { ConsentEvidenceStore } from '../activities/ports';
import type { ConsentAnswerKind, ConsentChannel, ConsentEvidenceRecord } from '../domain/consent';
import type { Db } from './database';

type ConsentEvidenceRow = NonNullable<Awaited<ReturnType<Db['consentEvidence']['findFirst']>>>;

/** A stored row as the evidence record (one mapping for every reader of the table). */
export function evidenceRecordOf(row: ConsentEvidenceRow): ConsentEvidenceRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    purpose: 'advertising',
    channel: row.channel as ConsentChannel,
    granted: row.granted,
    answer: row.answer as ConsentAnswerKind,
    decidedAt: row.decidedAt.toISOString(),
    agentId: row.agentId ?? undefined,
    contactId: row.contactId ?? undefined,
    scriptVersion: row.scriptVersion ?? undefined,
    wordingSha256: row.wordingSha256 ?? undefined,
    workflowId: row.workflowId,
    coreBankingId: row.coreBankingId ?? undefined,
    };
}

export class PrismaConsentEvidenceStore implements ConsentEvidenceStore {
  constructor(private readonly db: Db) {}

  async append(record: ConsentEvidenceRecord): Promise<void> {
    const data = {
      customerId: record.customerId,
      purpose: record.purpose,
      channel: record.channel,
      granted: record.granted,
      answer: record.answer,
      decidedAt: new Date(record.decidedAt),
      agentId: record.agentId ?? null,
      contactId: record.contactId ?? null,
      scriptVersion: record.scriptVersion ?? null,
      wordingSha256: record.wordingSha256 ?? null,
      workflowId: record.workflowId,
      coreBankingId: record.coreBankingId ?? null,
    };
    // Append-only: the first write of an id stands; evidence is never rewritten.
    await this.db.consentEvidence.upsert({ where: { id: record.id }, create: { id: record.id, ...data }, update: {} });
  }

  async markWrittenThrough(id: string, coreBankingId: string): Promise<void> {
    await this.db.consentEvidence.updateMany({ where: { id, coreBankingId: null }, data: { coreBankingId } });
  }

  async list(customerId: string): Promise<ConsentEvidenceRecord[]> {
    const rows = await this.db.consentEvidence.findMany({ where: { customerId }, orderBy: [{ decidedAt: 'desc' }, { createdAt: 'desc' }] });
    return rows.map(evidenceRecordOf);
  }
}
