/**
 * Idempotency keys and first answers (api/idempotency.ts) in the application database. The
 * primary key (scope, operation, key) makes the claim atomic: of two requests racing with one
 * key, exactly one inserts the row.
 */
import type { BeginResult, IdempotencyKeyRef, IdempotencyStore, StoredAnswer } from '../api/idempotency';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

export class PrismaIdempotencyStore implements IdempotencyStore {
  constructor(private readonly db: Db) {}

  async begin(ref: IdempotencyKeyRef, fingerprint: string, now: Date, lockedUntil: Date): Promise<BeginResult> {
    try {
      await this.db.idempotentRequest.create({ data: { ...ref, fingerprint, state: 'in-flight', lockedUntil } });
      return { kind: 'new' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
    const row = await this.db.idempotentRequest.findUnique({ where: { scope_operation_key: ref } });
    // Released between our insert and this read: claim it again.
    if (!row) return this.begin(ref, fingerprint, now, lockedUntil);
    if (row.fingerprint !== fingerprint) return { kind: 'other-request' };
    if (row.state === 'done' && row.status !== null && row.body !== null) {
      return { kind: 'replay', answer: { status: row.status, body: row.body, ...(row.location ? { location: row.location } : {}) } };
    }
    // Still in flight: take it over only if its holder's lease ran out (compare-and-set).
    const taken = await this.db.idempotentRequest.updateMany({
      where: { ...ref, state: 'in-flight', lockedUntil: { lte: now } },
      data: { lockedUntil },
    });
    return taken.count === 1 ? { kind: 'new' } : { kind: 'in-flight' };
  }

  async finish(ref: IdempotencyKeyRef, answer: StoredAnswer, now: Date): Promise<void> {
    await this.db.idempotentRequest.update({
      where: { scope_operation_key: ref },
      data: { state: 'done', status: answer.status, body: answer.body, location: answer.location ?? null, completedAt: now },
    });
  }

  async release(ref: IdempotencyKeyRef): Promise<void> {
    await this.db.idempotentRequest.deleteMany({ where: { ...ref, state: 'in-flight' } });
  }
}
