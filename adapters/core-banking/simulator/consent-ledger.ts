/**
 * The simulator's consent writes: idempotent by key, journaled before they count, and folded over
 * the population's recorded consents to give each customer's current status per channel.
 */
import { randomUUID } from 'node:crypto';
import type { ConsentChannel, ConsentStatus } from '../core-banking.port';
import { ConsentWriteBody, type RecordConsentRequestBody } from '../wire';
import { JsonLinesJournal } from './journal';

/** One accepted consent write, as journaled and as `/_sim/consents/{customerId}/writes` lists it. */
export type ConsentWrite = ConsentWriteBody;

export type RecordOutcome =
  /** Written now. */
  | { outcome: 'created'; write: ConsentWrite }
  /** This key was written before with the same content; nothing changed. */
  | { outcome: 'duplicate'; write: ConsentWrite }
  /** This key was written before with other content; nothing changed. */
  | { outcome: 'key-reused' };

export class ConsentLedger {
  private readonly byKey = new Map<string, ConsentWrite>();
  private readonly byCustomer = new Map<string, ConsentWrite[]>();

  private constructor(private readonly journal: JsonLinesJournal<ConsentWrite> | undefined) {}

  /** A ledger in memory only. */
  static inMemory(): ConsentLedger {
    return new ConsentLedger(undefined);
  }

  /** A ledger backed by a journal file, with every write in it replayed. */
  static fromJournal(file: string): ConsentLedger {
    const { journal, entries } = JsonLinesJournal.open(file, (value) => ConsentWriteBody.parse(value));
    const ledger = new ConsentLedger(journal);
    for (const write of entries) ledger.apply(write);
    return ledger;
  }

  /**
   * Records a decision under an idempotency key. The key is global, as in the real gateway: reusing
   * it for another customer or another decision is a client bug and answered `key-reused`. The
   * write is on disk before this returns `created`.
   */
  record(customerId: string, idempotencyKey: string, request: RecordConsentRequestBody, now: Date = new Date()): RecordOutcome {
    // One spelling per instant, so `…T10:00:00Z` and `…T10:00:00.000+00:00` count as the same decision.
    const decision = { ...request, decidedAt: new Date(request.decidedAt).toISOString() };
    const earlier = this.byKey.get(idempotencyKey);
    if (earlier) return sameDecision(earlier, customerId, decision) ? { outcome: 'duplicate', write: earlier } : { outcome: 'key-reused' };
    const write: ConsentWrite = { consentId: randomUUID(), customerId, idempotencyKey, ...decision, receivedAt: now.toISOString() };
    // Journal first: if the disk write fails, nothing was applied and the caller gets an error.
    this.journal?.append(write);
    this.apply(write);
    return { outcome: 'created', write };
  }

  /** Writes for a customer, in the order they were accepted. */
  writesOf(customerId: string): ConsentWrite[] {
    return [...(this.byCustomer.get(customerId) ?? [])];
  }

  /**
   * The current status per channel: the newest decision wins, whether it was recorded before the
   * simulation (`recorded`) or written since; a late retry of an older decision does not undo a
   * newer one. On equal times a refusal wins, because doubt must not become consent.
   */
  currentConsents(customerId: string, recorded: readonly ConsentStatus[]): ConsentStatus[] {
    const current = new Map<ConsentChannel, ConsentStatus>(recorded.map((status) => [status.channel, status]));
    for (const write of this.byCustomer.get(customerId) ?? []) {
      const candidate: ConsentStatus = { purpose: write.purpose, channel: write.channel, granted: write.granted, recordedAt: write.decidedAt };
      const existing = current.get(write.channel);
      if (!existing || supersedes(candidate, existing)) current.set(write.channel, candidate);
    }
    return [...current.values()];
  }

  close(): void {
    this.journal?.close();
  }

  private apply(write: ConsentWrite): void {
    this.byKey.set(write.idempotencyKey, write);
    const writes = this.byCustomer.get(write.customerId) ?? [];
    writes.push(write);
    this.byCustomer.set(write.customerId, writes);
  }
}

function sameDecision(write: ConsentWrite, customerId: string, decision: RecordConsentRequestBody): boolean {
  return (
    write.customerId === customerId &&
    write.purpose === decision.purpose &&
    write.channel === decision.channel &&
    write.granted === decision.granted &&
    write.decidedAt === decision.decidedAt &&
    write.evidenceId === decision.evidenceId
  );
}

function supersedes(candidate: ConsentStatus, existing: ConsentStatus): boolean {
  const difference = Date.parse(candidate.recordedAt) - Date.parse(existing.recordedAt);
  return difference > 0 || (difference === 0 && !candidate.granted);
}
