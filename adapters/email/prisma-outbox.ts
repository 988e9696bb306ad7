/**
 * The email outbox in the application database: each idempotency key is sent at most once by
 * this system, and the row records what was sent, when, and how often it was tried.
 *
 * How one `sendOnce` goes:
 * 1. Create the `OutboxEmail` row for the key as `pending`, or find it (a retried activity).
 * 2. If it is `sent`, answer `sentNow: false` and send nothing.
 * 3. Claim it: one conditional UPDATE sets a lease on a `pending` row that has none or whose
 *    lease expired. The database runs it atomically, so of two concurrent calls (two workers,
 *    or an activity and its retry) exactly one claims; the other polls, for up to `waitMs`,
 *    until the row is `sent` (and answers `sentNow: false`) or the lease is free again.
 * 4. Send through the transport with a Message-ID derived from the key, then mark the row `sent`.
 *    A failure releases the lease, records `lastError` without addresses, and is rethrown so
 *    that Temporal retries the activity.
 *
 * The lease lives in `sentAt`, without a column of its own: while a row is `pending`, `sentAt`
 * is when the current attempt claimed it (null: unclaimed); once `sent`, it is when the server
 * accepted the message. `attempts` counts claims, i.e. attempts that reached the transport.
 *
 * What remains at-least-once: SMTP has no two-phase commit with the database. If the process
 * dies after the SMTP server accepted the message but before the row is marked `sent` (a database
 * that does not answer is waited for, up to 30 s), the row stays `pending` under a lease nobody will finish: retries
 * fail with `OutboxBusyError` until the lease expires, and then one of them sends a second copy.
 * The same happens if a send outlives its lease (so the lease must be longer than the
 * transport's own timeout). That copy carries the same Message-ID, because the ID is derived
 * from the idempotency key alone and stored in the row: RFC 5322 defines the Message-ID as the
 * identity of a message, so a receiving system that keys on it (mail archives, the ticket or
 * CRM system importing the Direktberatung mailbox, clients that drop duplicates) sees the
 * same message twice and can keep one, instead of two different messages.
 */
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Db } from '../../prisma/database';
import type { EmailMessage, EmailOutbox, EmailTransport, SentEmail } from './email.port';
import { redactAddresses } from './smtp-transport';

/** How long marking a delivered message sent is tried while the database does not answer (well below the lease). */
const MARK_SENT_PATIENCE_MS = 30_000;

export interface PrismaEmailOutboxOptions {
  /** The clock for leases and `sentAt` (waiting for another holder uses the real clock). */
  now?: () => Date;
  /**
   * How long a claim holds the row, in milliseconds. Longer than the transport's send timeout
   * (SmtpTransport: 30 s by default), so a slow send is never taken over by a second sender.
   */
  leaseMs?: number;
  /** How often a call that found the row claimed by another looks again. */
  pollMs?: number;
  /**
   * How long such a call waits at most before it fails with `OutboxBusyError` (and its activity
   * is retried later); short, so an activity never outlives its start-to-close timeout waiting
   * for a crashed holder's lease. The activity's timeout must exceed this and the transport's.
   */
  waitMs?: number;
  /** The right-hand side of derived Message-IDs. */
  messageIdDomain?: string;
}

/** The idempotency key was used before for a message with other recipients, subject or text. */
export class OutboxConflictError extends Error {
  override readonly name = 'OutboxConflictError';
}

/** Another call holds the key's lease and neither finished nor released it in time. */
export class OutboxBusyError extends Error {
  override readonly name = 'OutboxBusyError';
}

/** The Message-ID the outbox uses for a key: `<first 32 hex digits of sha256(key)@domain>`. */
export function outboxMessageId(idempotencyKey: string, domain = 'drehscheibe.local'): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@${domain}>`;
}

type Row = NonNullable<Awaited<ReturnType<Db['outboxEmail']['findUnique']>>>;

/** Longest `lastError` stored; SMTP replies can be long. */
const MAX_ERROR_LENGTH = 1000;

/** `EmailOutbox` over the `OutboxEmail` table and an `EmailTransport`. */
export class PrismaEmailOutbox implements EmailOutbox {
  private readonly now: () => Date;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly waitMs: number;
  private readonly messageIdDomain: string;

  constructor(
    private readonly db: Db,
    private readonly transport: EmailTransport,
    { now = () => new Date(), leaseMs = 120_000, pollMs = 100, waitMs = 30_000, messageIdDomain = 'drehscheibe.local' }: PrismaEmailOutboxOptions = {},
  ) {
    this.now = now;
    this.leaseMs = leaseMs;
    this.pollMs = pollMs;
    this.waitMs = waitMs;
    this.messageIdDomain = messageIdDomain;
  }

  async sendOnce(message: EmailMessage): Promise<SentEmail> {
    assertSendable(message);
    const key = message.idempotencyKey;
    const giveUpAt = Date.now() + this.waitMs;
    let row: Row | null = await this.findOrCreate(message);
    for (;;) {
      if (row === null) throw new Error(`outbox row for ${key} disappeared while sending`);
      if (row.status === 'sent') return { messageId: row.messageId, sentNow: false };
      const claimedAt = await this.claim(key);
      if (claimedAt) return this.deliver(message, row.messageId, claimedAt);
      if (Date.now() >= giveUpAt) {
        throw new OutboxBusyError(`outbox email ${key} is being sent by another attempt; try again later`);
      }
      await sleep(this.pollMs);
      row = await this.db.outboxEmail.findUnique({ where: { idempotencyKey: key } });
    }
  }

  private async findOrCreate(message: EmailMessage): Promise<Row> {
    const key = message.idempotencyKey;
    const content = { recipients: message.to.join(','), subject: message.subject, body: message.text };
    let row = await this.db.outboxEmail.findUnique({ where: { idempotencyKey: key } });
    if (!row) {
      try {
        row = await this.db.outboxEmail.create({
          data: { idempotencyKey: key, ...content, status: 'pending', messageId: outboxMessageId(key, this.messageIdDomain) },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // A concurrent call created it first: continue with its row.
        row = await this.db.outboxEmail.findUniqueOrThrow({ where: { idempotencyKey: key } });
      }
    }
    if (row.recipients !== content.recipients || row.subject !== content.subject || row.body !== content.body) {
      // Sending the new content would break "one key, one message"; sending the stored one would
      // silently ignore the caller. Either way a step derives its key wrongly: say so.
      throw new OutboxConflictError(`idempotency key ${key} was used before for a different message`);
    }
    return row;
  }

  /** Takes the lease if the row is pending and unclaimed or its lease expired; its time, or null. */
  private async claim(key: string): Promise<Date | null> {
    const claimedAt = this.now();
    const { count } = await this.db.outboxEmail.updateMany({
      where: {
        idempotencyKey: key,
        status: 'pending',
        OR: [{ sentAt: null }, { sentAt: { lte: new Date(claimedAt.getTime() - this.leaseMs) } }],
      },
      data: { sentAt: claimedAt, attempts: { increment: 1 } },
    });
    return count === 1 ? claimedAt : null;
  }

  private async deliver(message: EmailMessage, messageId: string, claimedAt: Date): Promise<SentEmail> {
    const key = message.idempotencyKey;
    try {
      await this.transport.send({ ...message, messageId });
    } catch (error) {
      const safe = withoutAddresses(error, message.to);
      try {
        // Releasing the lease (only if still ours) lets the activity's retry send at once.
        await this.db.outboxEmail.updateMany({
          where: { idempotencyKey: key, status: 'pending', sentAt: claimedAt },
          data: { sentAt: null, lastError: safe.message.slice(0, MAX_ERROR_LENGTH) },
        });
      } catch {
        // The send's failure is the one to report; the lease expires on its own.
      }
      throw safe;
    }
    await this.markSent(key);
    return { messageId, sentNow: true };
  }

  /**
   * Marks the row sent (even if the lease was taken over meanwhile: this copy did go out). The
   * message has left: if the database does not answer now (a restart, a failover), giving up would
   * leave the row pending and a retry would send a second copy once the lease expires, so the
   * update is tried again in place, for up to MARK_SENT_PATIENCE_MS. Measured in the chaos run
   * (bench/chaos.ts): a PostgreSQL restart at this moment sent two callback emails twice.
   */
  private async markSent(key: string): Promise<void> {
    const deadline = Date.now() + MARK_SENT_PATIENCE_MS;
    for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
      try {
        await this.db.outboxEmail.updateMany({ where: { idempotencyKey: key, status: 'pending' }, data: { status: 'sent', sentAt: this.now() } });
        return;
      } catch (error) {
        if (Date.now() + pause > deadline) throw error;
        await sleep(pause);
      }
    }
  }
}

function assertSendable(message: EmailMessage): void {
  if (message.idempotencyKey.trim().length === 0) throw new Error('idempotencyKey must not be empty');
  if (message.to.length === 0) throw new Error(`email ${message.idempotencyKey} has no recipients`);
}

/**
 * The transport's error as is when it names no address (so `SmtpSendError.permanent` and the
 * like survive), else a plain error with the addresses redacted and no `cause` to leak them.
 */
function withoutAddresses(error: unknown, recipients: readonly string[]): Error {
  if (error instanceof Error) {
    const redacted = redactAddresses(error.message, recipients);
    if (redacted === error.message && error.cause === undefined) return error;
    const safe = new Error(redacted);
    safe.name = error.name;
    return safe;
  }
  return new Error(redactAddresses(String(error), recipients));
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
