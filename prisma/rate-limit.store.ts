/**
 * express-rate-limit's `Store` in the application database, so every API instance of a cluster
 * counts against one budget per client (with in-memory counters, a client behind a load balancer
 * got the limit once per instance). Keys are HMACs of the limiter's name and the client's address
 * or session under a per-installation secret: the table holds no address. Expired counters are
 * swept now and then; a restart of the API keeps the counts.
 */
import { createHmac } from 'node:crypto';
import type { ClientRateLimitInfo, IncrementResponse, Options, Store } from 'express-rate-limit';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

/** How often expired counters are deleted. */
const SWEEP_EVERY_MS = 10 * 60_000;

export class PrismaRateLimitStore implements Store {
  private windowMs = 60_000;
  private lastSweep = 0;

  /**
   * @param name the limiter's name, part of every key (limiters share the table)
   * @param secret keys the HMAC of client addresses (api: derived from the secrets root)
   */
  constructor(
    private readonly db: Db,
    private readonly name: string,
    private readonly secret: Buffer,
    private readonly now: () => Date = () => new Date(),
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const row = await this.db.rateLimitCounter.findUnique({ where: { key: this.keyOf(key) } });
    if (!row || row.resetAt <= this.now()) return undefined;
    return { totalHits: row.hits, resetTime: row.resetAt };
  }

  async increment(key: string): Promise<IncrementResponse> {
    const id = this.keyOf(key);
    await this.sweepNowAndThen();
    // Optimistic: a new counter is created once (the primary key decides between two instances),
    // an expired one is restarted by compare-and-set on its reset time, a live one incremented.
    for (let attempt = 0; attempt < 5; attempt++) {
      const now = this.now();
      const resetAt = new Date(now.getTime() + this.windowMs);
      const row = await this.db.rateLimitCounter.findUnique({ where: { key: id } });
      if (!row) {
        try {
          await this.db.rateLimitCounter.create({ data: { key: id, hits: 1, resetAt } });
          return { totalHits: 1, resetTime: resetAt };
        } catch (error) {
          if (!isUniqueViolation(error)) throw error;
          continue;
        }
      }
      if (row.resetAt <= now) {
        const restarted = await this.db.rateLimitCounter.updateMany({ where: { key: id, resetAt: row.resetAt }, data: { hits: 1, resetAt } });
        if (restarted.count === 1) return { totalHits: 1, resetTime: resetAt };
        continue;
      }
      const counted = await this.db.rateLimitCounter.update({ where: { key: id }, data: { hits: { increment: 1 } } });
      return { totalHits: counted.hits, resetTime: counted.resetAt };
    }
    throw new Error('rate-limit counter kept changing under five attempts');
  }

  async decrement(key: string): Promise<void> {
    await this.db.rateLimitCounter.updateMany({ where: { key: this.keyOf(key), hits: { gt: 0 } }, data: { hits: { decrement: 1 } } });
  }

  async resetKey(key: string): Promise<void> {
    await this.db.rateLimitCounter.deleteMany({ where: { key: this.keyOf(key) } });
  }

  private keyOf(key: string): string {
    return `${this.name}:${createHmac('sha256', this.secret).update(`${this.name}\n${key}`).digest('base64url')}`;
  }

  private async sweepNowAndThen(): Promise<void> {
    const now = this.now().getTime();
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    await this.db.rateLimitCounter.deleteMany({ where: { resetAt: { lt: new Date(now - this.windowMs) } } });
  }
}
