/**
 * A customer's evidence timeline for auditors (issue 9, part 4): consent evidence with the exact
 * wording that was read out and its hash, the contact history and the audit trail, as one list,
 * newest first. Read only. Each entry carries a stable `action` code the web app puts into German.
 */
import { createHash } from 'node:crypto';
import type { ConsentScriptStore } from '../activities/ports';
import type { ConsentScriptContent } from '../domain/consent';
import type { PrismaCustomerTimeline, TimelineKind, TimelineRow } from '../prisma/customer-timeline.repository';
import type { AuditDetail } from './audit';
import { HttpError } from './http-error';

/** The wording as it was shown, and whether it still hashes to the evidence's hash. */
export interface ShownWording {
  question: string;
  objectionAnswers: ConsentScriptContent['objectionAnswers'];
  /** SHA-256 of the stored script version, computed now: equal to the evidence's hash when nothing changed. */
  sha256: string;
  matchesEvidence: boolean;
}

interface EntryBase {
  /** `{kind}:{row id}`, unique in the timeline. */
  id: string;
  at: string;
  /** User id of the person, or `system` for a process acting on its own. */
  actor: string;
  /** What happened: `consent.{answer}`, `contact.{outcome}`, or the audit action. */
  action: string;
}

export type TimelineEntry =
  | (EntryBase & {
      kind: 'consent';
      consent: {
        answer: string;
        channel: string;
        granted: boolean;
        contactId?: string;
        scriptVersion?: number;
        wordingSha256?: string;
        /** The script version's wording; absent for withdrawals (nothing was read out). */
        wording?: ShownWording;
        workflowId: string;
        /** Core banking confirmed the decision. */
        writtenThrough: boolean;
      };
    })
  | (EntryBase & {
      kind: 'contact';
      contact: { purpose: string; channel: string; topic: string; outcome: string; workflowId: string; campaignId?: string; note?: string };
    })
  | (EntryBase & {
      kind: 'audit';
      audit: { role: string; objectType: string; objectId?: string; requestId?: string; detail?: AuditDetail };
    });

export interface TimelinePage {
  customerId: string;
  entries: TimelineEntry[];
  nextCursor?: string;
}

export interface TimelineUseCaseDeps {
  timeline: Pick<PrismaCustomerTimeline, 'page'>;
  scripts: Pick<ConsentScriptStore, 'get'>;
}

/** The hash the consent check stores (activities/consent.activities.ts hashes the same JSON). */
export function wordingSha256(script: ConsentScriptContent): string {
  return createHash('sha256').update(JSON.stringify({ question: script.question, objectionAnswers: script.objectionAnswers })).digest('hex');
}

export class TimelineUseCases {
  constructor(private readonly deps: TimelineUseCaseDeps) {}

  async timeline(customerId: string, query: { kinds: readonly TimelineKind[]; cursor?: string; limit: number }): Promise<TimelinePage> {
    let page;
    try {
      page = await this.deps.timeline.page({ customerId, ...query });
    } catch (error) {
      if (error instanceof RangeError) throw new HttpError(400, 'cursor: is not a cursor from a previous page', [{ field: 'cursor', message: 'is not a cursor from a previous page' }]);
      throw error;
    }
    const wordings = new Map<number, Promise<ShownWording | undefined>>();
    const wordingOf = (version: number, hash: string | undefined) => {
      if (!wordings.has(version)) {
        wordings.set(
          version,
          this.deps.scripts.get(version).then((script) => {
            if (!script) return undefined;
            const sha256 = wordingSha256(script);
            return { question: script.question, objectionAnswers: script.objectionAnswers, sha256, matchesEvidence: false };
          }),
        );
      }
      return wordings.get(version)!.then((wording) => (wording ? { ...wording, matchesEvidence: wording.sha256 === hash } : undefined));
    };
    const entries = await Promise.all(page.rows.map((row) => this.entryOf(row, wordingOf)));
    return { customerId, entries, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
  }

  private async entryOf(row: TimelineRow, wordingOf: (version: number, hash: string | undefined) => Promise<ShownWording | undefined>): Promise<TimelineEntry> {
    const at = row.at.toISOString();
    switch (row.kind) {
      case 'consent': {
        const record = row.evidence;
        const wording = record.scriptVersion !== undefined && record.answer !== 'withdrawn' ? await wordingOf(record.scriptVersion, record.wordingSha256) : undefined;
        return {
          id: row.id,
          kind: 'consent',
          at,
          actor: record.agentId ?? 'system',
          action: `consent.${record.answer}`,
          consent: {
            answer: record.answer,
            channel: record.channel,
            granted: record.granted,
            ...(record.contactId ? { contactId: record.contactId } : {}),
            ...(record.scriptVersion !== undefined ? { scriptVersion: record.scriptVersion } : {}),
            ...(record.wordingSha256 ? { wordingSha256: record.wordingSha256 } : {}),
            ...(wording ? { wording } : {}),
            workflowId: record.workflowId,
            writtenThrough: record.coreBankingId !== undefined,
          },
        };
      }
      case 'contact': {
        const contact = row.contact;
        return {
          id: row.id,
          kind: 'contact',
          at,
          actor: contact.agentId ?? 'system',
          action: `contact.${contact.outcome}`,
          contact: {
            purpose: contact.purpose,
            channel: contact.channel,
            topic: contact.topic,
            outcome: contact.outcome,
            workflowId: contact.workflowId,
            ...(contact.campaignId ? { campaignId: contact.campaignId } : {}),
            ...(contact.note ? { note: contact.note } : {}),
          },
        };
      }
      case 'audit': {
        const entry = row.audit;
        return {
          id: row.id,
          kind: 'audit',
          at,
          actor: entry.actor,
          action: entry.action,
          audit: {
            role: entry.role,
            objectType: entry.objectType,
            ...(entry.objectId === null ? {} : { objectId: entry.objectId }),
            ...(entry.requestId === null ? {} : { requestId: entry.requestId }),
            ...(entry.detail === null ? {} : { detail: JSON.parse(entry.detail) as AuditDetail }),
          },
        };
      }
    }
  }
}
