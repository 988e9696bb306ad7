/**
 * Closed conversations' transcripts in the application database, encrypted with AES-256-GCM under
 * a key of their own (derived from the payload key, `transcriptKeyOf`): a database dump shows
 * pseudonyms, times and topics, never the customer's words. Deleted after their retention.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { ChatTranscriptRecord, ChatTranscriptStore, TranscriptMessage } from '../activities/ports';
import type { Db } from './database';

type TranscriptRow = Awaited<ReturnType<Db['chatTranscript']['findFirstOrThrow']>>;

/** The transcripts' key: a key of its own, derived from the payload key (one secret to keep). */
export function transcriptKeyOf(payloadKey: Buffer): Buffer {
  return createHmac('sha256', payloadKey).update('drehscheibe chat transcripts v1').digest();
}

export class PrismaChatTranscriptStore implements ChatTranscriptStore {
  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
  ) {
    if (key.length !== 32) throw new RangeError('the transcript key must be 32 bytes');
  }

  async store(transcript: ChatTranscriptRecord): Promise<void> {
    const id = `${transcript.conversationId}~${transcript.closedAt}`;
    const data = {
      conversationId: transcript.conversationId,
      channel: transcript.channel,
      customerRef: transcript.customerRef,
      customerId: transcript.customerId ?? null,
      closedAt: new Date(transcript.closedAt),
      closedBy: transcript.closedBy,
      topic: transcript.topic ?? null,
      ciphertext: this.encrypt(JSON.stringify(transcript.messages)),
      deleteAfter: new Date(transcript.deleteAfter),
    };
    // A retried store finds its row: nothing twice.
    await this.db.chatTranscript.upsert({ where: { id }, create: { id, ...data }, update: {} });
  }

  async ofConversation(conversationId: string): Promise<ChatTranscriptRecord[]> {
    const rows = await this.db.chatTranscript.findMany({ where: { conversationId }, orderBy: { closedAt: 'asc' } });
    return rows.map((row) => this.recordOf(row));
  }

  async ofCustomer(who: { customerId?: string; customerRef?: string }, limit: number): Promise<ChatTranscriptRecord[]> {
    const or = [...(who.customerId ? [{ customerId: who.customerId }] : []), ...(who.customerRef ? [{ customerRef: who.customerRef }] : [])];
    if (or.length === 0) return [];
    const rows = await this.db.chatTranscript.findMany({ where: { OR: or }, orderBy: [{ closedAt: 'desc' }, { id: 'asc' }], take: limit });
    return rows.map((row) => this.recordOf(row));
  }

  private recordOf(row: TranscriptRow): ChatTranscriptRecord {
    return {
      conversationId: row.conversationId,
      channel: row.channel,
      customerRef: row.customerRef,
      ...(row.customerId ? { customerId: row.customerId } : {}),
      closedAt: row.closedAt.toISOString(),
      closedBy: row.closedBy,
      ...(row.topic ? { topic: row.topic } : {}),
      messages: JSON.parse(this.decrypt(row.ciphertext)) as TranscriptMessage[],
      deleteAfter: row.deleteAfter.toISOString(),
    };
  }

  async deleteExpired(at: Date): Promise<number> {
    const { count } = await this.db.chatTranscript.deleteMany({ where: { deleteAfter: { lte: at } } });
    return count;
  }

  private encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  private decrypt(stored: string): string {
    const bytes = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
  }
}
