/**
 * What Drehscheibe knows of a page of customers, in four queries per 500 customers (one per
 * table, by the customer index each has), for a campaign's selection: consent evidence, active blocks, the
 * contact history of the caps' period and the interests of recent profile notes.
 */
import type { KnownFactsReader } from '../activities/ports';
import type { KnownFacts } from '../domain/campaign-run';
import type { ConsentChannel, ConsentEvidenceRecord } from '../domain/consent';
import { evidenceDecision } from '../domain/consent';
import type { ContactChannel, ContactPurpose } from '../domain/contact-policy';
import type { InterestCode } from '../domain/customer-profile';
import type { Db } from './database';

/** Customer ids per query (below SQLite's 999 bound parameters, with room for the others). */
const IDS_PER_QUERY = 500;

export class PrismaKnownFacts implements KnownFactsReader {
  constructor(private readonly db: Db) {}

  async knownFacts(customerIds: readonly string[], query: { at: Date; historySince: Date; interestsSince: Date }): Promise<Map<string, KnownFacts>> {
    // SQLite binds at most 999 parameters a statement: the ids go in chunks.
    const found = new Map<string, KnownFacts>();
    for (let from = 0; from < customerIds.length; from += IDS_PER_QUERY) {
      for (const [customerId, facts] of await this.chunk(customerIds.slice(from, from + IDS_PER_QUERY), query)) found.set(customerId, facts);
    }
    return found;
  }

  private async chunk(customerIds: readonly string[], query: { at: Date; historySince: Date; interestsSince: Date }): Promise<Map<string, KnownFacts>> {
    const facts = new Map<string, { consents: KnownFacts['consents'][number][]; blocks: KnownFacts['blocks'][number][]; history: KnownFacts['history'][number][]; interests: Set<InterestCode> }>();
    if (customerIds.length === 0) return new Map();
    const of = (customerId: string) => {
      let entry = facts.get(customerId);
      if (!entry) facts.set(customerId, (entry = { consents: [], blocks: [], history: [], interests: new Set() }));
      return entry;
    };
    const ids = { in: [...customerIds] };
    const [evidence, blocks, history, notes] = await Promise.all([
      this.db.consentEvidence.findMany({ where: { customerId: ids, purpose: 'advertising' }, select: { customerId: true, purpose: true, channel: true, answer: true, decidedAt: true }, orderBy: { decidedAt: 'asc' } }),
      this.db.contactBlock.findMany({ where: { customerId: ids, status: 'active', endsAt: { gt: query.at } }, select: { customerId: true, topic: true, endsAt: true } }),
      this.db.contactHistory.findMany({ where: { customerId: ids, at: { gte: query.historySince } }, select: { customerId: true, at: true, purpose: true, channel: true, topic: true, campaignId: true }, orderBy: { at: 'asc' } }),
      this.db.profileNote.findMany({ where: { customerId: ids, recordedAt: { gte: query.interestsSince } }, select: { customerId: true, interests: true } }),
    ]);
    for (const row of evidence) {
      const decision = evidenceDecision({
        purpose: row.purpose as ConsentEvidenceRecord['purpose'],
        channel: row.channel as ConsentChannel,
        answer: row.answer as ConsentEvidenceRecord['answer'],
        decidedAt: row.decidedAt.toISOString(),
      });
      if (decision) of(row.customerId).consents.push({ channel: decision.channel, granted: decision.granted, recordedAt: new Date(decision.recordedAt) });
    }
    for (const row of blocks) of(row.customerId).blocks.push({ topic: row.topic, endsAt: row.endsAt });
    for (const row of history) {
      of(row.customerId).history.push({ at: row.at, purpose: row.purpose as ContactPurpose, channel: row.channel as ContactChannel, topic: row.topic, ...(row.campaignId ? { campaignId: row.campaignId } : {}) });
    }
    for (const row of notes) for (const interest of JSON.parse(row.interests) as InterestCode[]) of(row.customerId).interests.add(interest);
    return new Map([...facts].map(([customerId, entry]) => [customerId, { ...entry, interests: [...entry.interests] }]));
  }
}
