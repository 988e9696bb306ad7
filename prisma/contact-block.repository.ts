/**
 * The contact-block projection in the application database.
 */
import type { ContactBlockStore } from '../activities/ports';
import type { ContactBlockRecord, ContactBlockState, ContactBlockStatus } from '../domain/contact-block';
import type { Db } from './database';
import { saveVersioned } from './versioned-write';

type Row = Awaited<ReturnType<Db['contactBlock']['findFirstOrThrow']>>;

export class PrismaContactBlockStore implements ContactBlockStore {
  constructor(private readonly db: Db) {}

  async save(block: ContactBlockState): Promise<void> {
    const data = {
      workflowId: block.workflowId,
      customerId: block.customerId,
      topic: block.topic,
      reason: block.reason,
      status: block.status,
      startedAt: new Date(block.startedAt),
      endsAt: new Date(block.endsAt),
      liftedAt: block.liftedAt ? new Date(block.liftedAt) : null,
      liftedBy: block.liftedBy ?? null,
      liftReason: block.liftReason ?? null,
      version: block.version,
    };
    await saveVersioned({
      updateOlder: () => this.db.contactBlock.updateMany({ where: { id: block.blockId, version: { lt: block.version } }, data }),
      storedAtLeast: async () => (await this.db.contactBlock.findFirst({ where: { id: block.blockId, version: { gte: block.version } }, select: { id: true } })) !== null,
      create: () => this.db.contactBlock.create({ data: { id: block.blockId, ...data } }),
      what: `contact block ${block.blockId}`,
      first: block.version === 1,
    });
  }

  async listActive(customerId: string, at: Date): Promise<ContactBlockRecord[]> {
    const rows = await this.db.contactBlock.findMany({
      where: { customerId, status: 'active', endsAt: { gt: at } },
      orderBy: { endsAt: 'asc' },
    });
    return rows.map(toState);
  }
}

function toState(row: Row): ContactBlockRecord {
  return {
    blockId: row.id,
    workflowId: row.workflowId,
    customerId: row.customerId,
    topic: row.topic,
    status: row.status as ContactBlockStatus,
    reason: row.reason,
    startedAt: row.startedAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    liftedAt: row.liftedAt?.toISOString(),
    liftedBy: row.liftedBy ?? undefined,
    liftReason: row.liftReason ?? undefined,
    version: row.version,
  };
}
