/**
 * The email outbox on real databases (SQLite always, PostgreSQL whenever DATABASE_URL names a
 * server) sending through SmtpTransport to a real SMTP server in this process.
 */
import type { EmailMessage, EmailTransport } from '../adapters/email/email.port';
import { startLocalSmtpServer, type LocalSmtpServer } from '../adapters/email/local-smtp-server';
import { OutboxBusyError, OutboxConflictError, PrismaEmailOutbox, outboxMessageId } from '../adapters/email/prisma-outbox';
import { SmtpTransport } from '../adapters/email/smtp-transport';
import type { Database } from '../prisma/database';
import { createTestDatabase, providersUnderTest, type TestDatabase } from './support/database';

const FROM = 'Sparkasse KSC <ksc@sparkasse.example>';
const ERIKA = 'erika.mustermann@example.org';
const MAX = 'max.mustermann@example.org';
const LEASE_MS = 60_000;

let keys = 0;
const email = (overrides: Partial<EmailMessage> = {}): EmailMessage => ({
  to: [ERIKA, MAX],
  subject: 'Ihr Rückruf durch die Direktberatung',
  text: 'Guten Tag,\nwir rufen Sie so bald wie möglich zurück.',
  idempotencyKey: `callback:${++keys}/callback-email`,
  ...overrides,
});

/** Fails its first `failures` sends with an error that names a recipient, then sends through `inner`. */
class FlakyTransport implements EmailTransport {
  calls = 0;
  constructor(
    private readonly inner: EmailTransport,
    private failures: number,
  ) {}

  async send(message: EmailMessage & { messageId: string }): Promise<void> {
    this.calls += 1;
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error(`451 4.3.0 <${message.to[0] ?? ''}>: temporarily deferred, try again`);
    }
    await this.inner.send(message);
  }
}

describe.each(providersUnderTest())('outbox on %s', (provider) => {
  let smtp: LocalSmtpServer;
  let testDb: TestDatabase;
  let db: Database;
  let transport: SmtpTransport;
  let outbox: PrismaEmailOutbox;

  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
    testDb = await createTestDatabase(provider);
    db = await testDb.open();
    transport = new SmtpTransport(smtp.url, FROM);
    outbox = new PrismaEmailOutbox(db.client, transport, { leaseMs: LEASE_MS });
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
    await smtp?.close();
  });
  beforeEach(() => smtp.clear());

  const row = (key: string) => db.client.outboxEmail.findUniqueOrThrow({ where: { idempotencyKey: key } });

  test('a message reaches the SMTP server with its subject, text, recipients and derived Message-ID', async () => {
    const message = email();
    const sent = await outbox.sendOnce(message);

    const expectedId = outboxMessageId(message.idempotencyKey);
    expect(expectedId).toMatch(/^<[0-9a-f]{32}@drehscheibe\.local>$/);
    expect(sent).toEqual({ messageId: expectedId, sentNow: true });
    expect(smtp.messages()).toEqual([
      expect.objectContaining({ messageId: expectedId, to: [ERIKA, MAX], subject: message.subject, text: message.text }),
    ]);
    expect(await row(message.idempotencyKey)).toMatchObject({
      status: 'sent',
      messageId: expectedId,
      recipients: `${ERIKA},${MAX}`,
      attempts: 1,
      lastError: null,
      sentAt: expect.any(Date),
    });
  });

  test('the same key sent twice arrives once; the second call answers sentNow: false', async () => {
    const message = email();
    const first = await outbox.sendOnce(message);
    const second = await outbox.sendOnce(message);

    expect(first.sentNow).toBe(true);
    expect(second).toEqual({ messageId: first.messageId, sentNow: false });
    expect(smtp.messages()).toHaveLength(1);
    expect((await row(message.idempotencyKey)).attempts).toBe(1);
  });

  test('the same key sent concurrently by two workers (own connections) arrives once', async () => {
    const otherDb = await testDb.open({ migrate: false });
    try {
      const other = new PrismaEmailOutbox(otherDb.client, new SmtpTransport(smtp.url, FROM), { leaseMs: LEASE_MS, pollMs: 20 });
      const message = email();
      const results = await Promise.all([outbox.sendOnce(message), other.sendOnce(message), outbox.sendOnce(message)]);

      expect(results.map((result) => result.sentNow).sort()).toEqual([false, false, true]);
      expect(new Set(results.map((result) => result.messageId))).toEqual(new Set([outboxMessageId(message.idempotencyKey)]));
      expect(smtp.messages()).toHaveLength(1);
      expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 1 });
    } finally {
      await otherDb.close();
    }
  });

  test('a transport failure is recorded and rethrown; the retry delivers exactly one message', async () => {
    const flaky = new FlakyTransport(transport, 1);
    const flakyOutbox = new PrismaEmailOutbox(db.client, flaky, { leaseMs: LEASE_MS });
    const message = email();

    await expect(flakyOutbox.sendOnce(message)).rejects.toThrow(/temporarily deferred/);
    expect(smtp.messages()).toEqual([]);
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'pending', attempts: 1, sentAt: null, lastError: expect.stringMatching(/deferred/) });

    // The failed attempt released its lease, so the retry (Temporal's) sends at once.
    expect(await flakyOutbox.sendOnce(message)).toEqual({ messageId: outboxMessageId(message.idempotencyKey), sentNow: true });
    expect(flaky.calls).toBe(2);
    expect(smtp.messages()).toHaveLength(1);
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  test('a database that does not answer for a moment after the message left: marked sent once it answers, and a retry sends nothing', async () => {
    // The outbox's database fails its next two writes after the SMTP server accepted (a restart,
    // as the chaos run met it): the mark-sent is tried again in place instead of leaving the row pending.
    let failures = 2;
    const outage = new Proxy(db.client.outboxEmail, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property !== 'updateMany' || typeof value !== 'function') return value;
        return (args: { data?: { status?: string } }) => {
          if (args.data?.status === 'sent' && failures > 0) {
            failures -= 1;
            return Promise.reject(new Error('Connection terminated unexpectedly'));
          }
          return (value as (a: unknown) => Promise<unknown>).call(target, args);
        };
      },
    });
    const client = new Proxy(db.client, { get: (target, property, receiver) => (property === 'outboxEmail' ? outage : Reflect.get(target, property, receiver)) });
    const message = email();

    expect(await new PrismaEmailOutbox(client, transport, { leaseMs: LEASE_MS }).sendOnce(message)).toMatchObject({ sentNow: true });
    expect(failures).toBe(0);
    expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(await outbox.sendOnce(message)).toMatchObject({ sentNow: false });
    expect(smtp.messages()).toHaveLength(1);
  });

  test('neither the stored lastError nor the rethrown error contains an email address', async () => {
    const message = email();
    const thrown = await new PrismaEmailOutbox(db.client, new FlakyTransport(transport, 1)).sendOnce(message).then(
      () => undefined,
      (error: unknown) => error,
    );

    const { lastError } = await row(message.idempotencyKey);
    expect(lastError).toContain('<address>');
    expect(lastError).not.toMatch(/@/);
    expect(thrown).toBeInstanceOf(Error);
    expect((thrown as Error).message).not.toMatch(/@/);
    expect((thrown as Error).stack).not.toMatch(/@example\.org/);
  });

  test('a failure of the real SMTP server (stopped) is recorded without addresses', async () => {
    const stopped = await startLocalSmtpServer();
    await stopped.close();
    const message = email();

    await expect(new PrismaEmailOutbox(db.client, new SmtpTransport(stopped.url, FROM)).sendOnce(message)).rejects.toThrow(/ECONNREFUSED/);
    const stored = await row(message.idempotencyKey);
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: expect.stringMatching(/ECONNREFUSED/) });
    expect(stored.lastError).not.toMatch(/@/);
  });

  test('a key reused for a different message is refused, and nothing is sent', async () => {
    const message = email();
    await outbox.sendOnce(message);
    smtp.clear();

    await expect(outbox.sendOnce({ ...message, subject: 'Etwas anderes' })).rejects.toThrow(OutboxConflictError);
    await expect(outbox.sendOnce({ ...message, to: [MAX] })).rejects.toThrow(OutboxConflictError);
    expect(smtp.messages()).toEqual([]);
  });

  describe('after a crash between the SMTP server accepting and the row being marked sent', () => {
    /** Sends `message`, then puts its row back the way a crash right after the send leaves it. */
    async function sendAndForget(message: EmailMessage, claimedAt: Date): Promise<void> {
      await outbox.sendOnce(message);
      await db.client.outboxEmail.update({ where: { idempotencyKey: message.idempotencyKey }, data: { status: 'pending', sentAt: claimedAt } });
    }

    test('the retry waits while the lease runs and then gives up without sending', async () => {
      const claimedAt = new Date('2026-03-02T09:00:00.000Z');
      const message = email();
      await sendAndForget(message, claimedAt);
      const retry = new PrismaEmailOutbox(db.client, transport, { leaseMs: LEASE_MS, pollMs: 10, waitMs: 50, now: () => new Date(claimedAt.getTime() + LEASE_MS - 1) });

      await expect(retry.sendOnce(message)).rejects.toThrow(OutboxBusyError);
      expect(smtp.messages()).toHaveLength(1);
    });

    test('once the lease expired the retry sends again, with the same Message-ID for de-duplication', async () => {
      const claimedAt = new Date('2026-03-02T09:00:00.000Z');
      const message = email();
      await sendAndForget(message, claimedAt);
      const retry = new PrismaEmailOutbox(db.client, transport, { leaseMs: LEASE_MS, now: () => new Date(claimedAt.getTime() + LEASE_MS) });

      expect(await retry.sendOnce(message)).toEqual({ messageId: outboxMessageId(message.idempotencyKey), sentNow: true });
      const ids = smtp.messages().map((caught) => caught.messageId);
      expect(ids).toEqual([outboxMessageId(message.idempotencyKey), outboxMessageId(message.idempotencyKey)]);
      expect(await row(message.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2 });
    });
  });
});
