/**
 * Activities of consent capture: what the bank knows about the customer's consents, the proof
 * records, and the write-through to core banking (exactly once, by idempotency key).
 */
import { createHash } from 'node:crypto';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { ASKED_CHANNELS, currentConsents, type ConsentEvidenceRecord, type ConsentSituation } from '../domain/consent';
import { adulthoodBegins } from '../domain/contact-policy';
import { failFastOnPermanentErrors } from './failures';
import type { ConsentEvidenceStore, ConsentScriptStore } from './ports';

export interface ConsentActivityDeps {
  coreBanking: CoreBanking;
  evidence: ConsentEvidenceStore;
  scripts: ConsentScriptStore;
}

export function createConsentActivities({ coreBanking, evidence, scripts }: ConsentActivityDeps) {
  return {
    /**
     * The customer's consent situation and the script to read. No personal data leaves here but
     * consent flags and whether the customer is a minor.
     */
    async loadConsentSituation(customerId: string, at: string): Promise<ConsentSituation> {
      const [customer, consents, trail, script] = await Promise.all([
        failFastOnPermanentErrors(() => coreBanking.getCustomer(customerId)),
        failFastOnPermanentErrors(() => coreBanking.getConsents(customerId)),
        evidence.list(customerId),
        scripts.latest(),
      ]);
      if (!script) throw new Error('no consent script is stored');
      const wording = JSON.stringify({ question: script.question, objectionAnswers: script.objectionAnswers });
      const lastNo = trail.find((record) => record.answer === 'no' && ASKED_CHANNELS.includes(record.channel));
      return {
        known: customer !== undefined,
        minor: customer ? adulthoodBegins(customer.birthDate).getTime() > Date.parse(at) : false,
        consents: currentConsents(consents, trail),
        lastDeclinedAt: lastNo?.decidedAt,
        script: {
          version: script.version,
          question: script.question,
          objectionAnswers: script.objectionAnswers,
          wordingSha256: createHash('sha256').update(wording).digest('hex'),
        },
      };
    },

    /** Appends proof records (idempotent by id). */
    async appendConsentEvidence(records: ConsentEvidenceRecord[]): Promise<void> {
      for (const record of records) await evidence.append(record);
    },

    /** Writes one decision through to core banking, once (the evidence id is the idempotency key). */
    async writeConsentThrough(record: ConsentEvidenceRecord): Promise<string> {
      const { consentId } = await failFastOnPermanentErrors(() => coreBanking.recordConsent({
        customerId: record.customerId,
        purpose: record.purpose,
        channel: record.channel,
        granted: record.granted,
        decidedAt: record.decidedAt,
        evidenceId: record.id,
        idempotencyKey: record.id,
      }));
      await evidence.markWrittenThrough(record.id, consentId);
      return consentId;
    },
  };
}
