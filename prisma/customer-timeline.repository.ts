/**
 * A customer's timeline from three append-only tables: consent evidence, contact history and the
 * audit trail, merged newest first. Paged with a keyset cursor over (time, entry id), where the
 * entry id is `{kind}:{row id}`: the next page continues strictly below the last entry, so entries
 * added meanwhile (always newer) never shift a page.
 */
import type { ContactHistoryEntry } from '../activities/ports';
import type { ConsentEvidenceRecord } from '../domain/consent';
import type { Db } from './database';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';
import { contactEntryOf } from './contact-history.repository';
import { evidenceRecordOf } from './consent-evidence.repository';

export const TIMELINE_KINDS = ['consent', 'contact', 'audit'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One audit row as stored (detail still JSON text). */
export interface StoredAuditRow {
  id: string;
  at: Date;
  actor: string;
  role: string;
  action: string;
  objectType: string;
  objectId: string | null;
  requestId: string | null;
  detail: string | null;
}

export type TimelineRow =
  | { kind: 'consent'; id: string; at: Date; evidence: ConsentEvidenceRecord }
  | { kind: 'contact'; id: string; at: Date; contact: ContactHistoryEntry }
  | { kind: 'audit'; id: string; at: Date; audit: StoredAuditRow };

export interface TimelineQuery {
  customerId: string;
  kinds: readonly TimelineKind[];
  cursor?: string;
  limit: number;
}

export interface TimelineRowPage {
  rows: TimelineRow[];
  nextCursor?: string;
}

type Cut = { at: Date; id: string } | undefined;

/** Rows strictly below the cursor: older, or at the same instant with a smaller entry id. */
const below = (cut: Cut) => (row: TimelineRow) => !cut || row.at < cut.at || (row.at.getTime() === cut.at.getTime() && row.id < cut.id);

/** Newest first; ties in time by entry id, descending. */
const newestFirst = (a: TimelineRow, b: TimelineRow) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export class PrismaCustomerTimeline {
  constructor(private readonly db: Db) {}

  /**
   * A page of the customer's timeline.
   * @throws {RangeError} for a cursor that is not from a previous page.
   */
  async page(query: TimelineQuery): Promise<TimelineRowPage> {
    const cut = query.cursor ? decodeKeysetCursor(query.cursor) : undefined;
    // Each source gives its rows older than the cut (enough for a page) and all rows at the cut's
    // instant (few); the merge below decides which of those lie below the cut.
    const take = query.limit + 1;
    const sources: Array<Promise<TimelineRow[]>> = [];
    if (query.kinds.includes('consent')) sources.push(this.evidence(query.customerId, cut, take));
    if (query.kinds.includes('contact')) sources.push(this.contacts(query.customerId, cut, take));
    if (query.kinds.includes('audit')) sources.push(this.audit(query.customerId, cut, take));
    const rows = (await Promise.all(sources)).flat().filter(below(cut)).sort(newestFirst);
    const page = rows.slice(0, query.limit);
    const last = page[page.length - 1];
    return { rows: page, nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last.at.toISOString(), last.id) : undefined };
  }

  private async evidence(customerId: string, cut: Cut, take: number): Promise<TimelineRow[]> {
    const [older, tied] = await Promise.all([
      this.db.consentEvidence.findMany({ where: { customerId, ...(cut ? { decidedAt: { lt: cut.at } } : {}) }, orderBy: [{ decidedAt: 'desc' }, { id: 'desc' }], take }),
      cut ? this.db.consentEvidence.findMany({ where: { customerId, decidedAt: cut.at } }) : [],
    ]);
    return [...older, ...tied].map((row) => ({
      kind: 'consent' as const,
      id: `consent:${row.id}`,
      at: row.decidedAt,
      evidence: evidenceRecordOf(row),
    }));
  }

  private async contacts(customerId: string, cut: Cut, take: number): Promise<TimelineRow[]> {
    const [older, tied] = await Promise.all([
      this.db.contactHistory.findMany({ where: { customerId, ...(cut ? { at: { lt: cut.at } } : {}) }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take }),
      cut ? this.db.contactHistory.findMany({ where: { customerId, at: cut.at } }) : [],
    ]);
    return [...older, ...tied].map((row) => ({
      kind: 'contact' as const,
      id: `contact:${row.id}`,
      at: row.at,
      contact: contactEntryOf(row),
    }));
  }

  private async audit(customerId: string, cut: Cut, take: number): Promise<TimelineRow[]> {
    const [older, tied] = await Promise.all([
      this.db.auditEntry.findMany({ where: { customerId, ...(cut ? { at: { lt: cut.at } } : {}) }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take }),
      cut ? this.db.auditEntry.findMany({ where: { customerId, at: cut.at } }) : [],
    ]);
    return [...older, ...tied].map((row) => ({ kind: 'audit' as const, id: `audit:${row.id}`, at: row.at, audit: row }));
  }
}
