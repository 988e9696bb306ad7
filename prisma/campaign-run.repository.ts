/**
 * Campaign runs and their targets in the application database. The release of call tasks is a
 * conditional update per target (`waiting` → `released`), so two release passes can never take
 * the same customer: pausing, resuming or a retried activity releases nothing twice.
 */
import type { CampaignRunCounts, CampaignRunRecord, CampaignRunStore, RunTargetPatch } from '../activities/ports';
import type { CampaignRunStatus, RunTargetResult, RunTargetState } from '../domain/campaign-run';
import { toLocalDateTime } from '../domain/calling-hours';
import type { Db } from './database';
import { isUniqueViolation } from './versioned-write';

type RunRow = NonNullable<Awaited<ReturnType<Db['campaignRun']['findFirst']>>>;

function runOf(row: RunRow): CampaignRunRecord {
  return {
    runId: row.id,
    campaignId: row.campaignId,
    version: row.version,
    queue: row.queue,
    status: row.status as CampaignRunStatus,
    launchedBy: row.launchedBy,
    launchedAt: row.launchedAt.toISOString(),
    read: row.read,
    selected: row.selected,
    excluded: JSON.parse(row.excluded) as CampaignRunRecord['excluded'],
    ...(row.cancelReason === null ? {} : { cancelReason: row.cancelReason }),
    ...(row.endedAt === null ? {} : { endedAt: row.endedAt.toISOString() }),
  };
}


export class PrismaCampaignRunStore implements CampaignRunStore {
  constructor(private readonly db: Db) {}

  async createRun(run: CampaignRunRecord): Promise<{ run: CampaignRunRecord; created: boolean }> {
    try {
      const row = await this.db.campaignRun.create({
        data: {
          id: run.runId,
          campaignId: run.campaignId,
          version: run.version,
          queue: run.queue,
          status: run.status,
          launchedBy: run.launchedBy,
          launchedAt: new Date(run.launchedAt),
          read: run.read,
          selected: run.selected,
          excluded: JSON.stringify(run.excluded),
        },
      });
      return { run: runOf(row), created: true };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.getRun(run.runId);
      if (!existing) throw error;
      return { run: existing, created: false };
    }
  }

  async getRun(runId: string): Promise<CampaignRunRecord | undefined> {
    const row = await this.db.campaignRun.findUnique({ where: { id: runId } });
    return row ? runOf(row) : undefined;
  }

  async openRuns(): Promise<CampaignRunRecord[]> {
    const rows = await this.db.campaignRun.findMany({ where: { endedAt: null }, orderBy: { id: 'asc' } });
    return rows.map(runOf);
  }

  async listRuns(campaignId: string): Promise<CampaignRunRecord[]> {
    const rows = await this.db.campaignRun.findMany({ where: { campaignId }, orderBy: [{ launchedAt: 'desc' }, { id: 'asc' }] });
    return rows.map(runOf);
  }

  async updateRun(runId: string, patch: Partial<Pick<CampaignRunRecord, 'status' | 'read' | 'selected' | 'excluded' | 'cancelReason' | 'endedAt'>>): Promise<void> {
    await this.db.campaignRun.update({
      where: { id: runId },
      data: {
        ...(patch.status === undefined ? {} : { status: patch.status }),
        ...(patch.read === undefined ? {} : { read: patch.read }),
        ...(patch.selected === undefined ? {} : { selected: patch.selected }),
        ...(patch.excluded === undefined ? {} : { excluded: JSON.stringify(patch.excluded) }),
        ...(patch.cancelReason === undefined ? {} : { cancelReason: patch.cancelReason }),
        ...(patch.endedAt === undefined ? {} : { endedAt: new Date(patch.endedAt) }),
      },
    });
  }

  async addTargets(runId: string, queue: string, targets: ReadonlyArray<{ customerId: string; seq: number }>): Promise<void> {
    if (targets.length === 0) return;
    const existing = new Set(
      (await this.db.campaignRunTarget.findMany({ where: { runId, customerId: { in: targets.map((t) => t.customerId) } }, select: { customerId: true } })).map((row) => row.customerId),
    );
    const fresh = targets.filter((target) => !existing.has(target.customerId));
    if (fresh.length === 0) return;
    await this.db.campaignRunTarget.createMany({ data: fresh.map((target) => ({ runId, customerId: target.customerId, seq: target.seq, queue, state: 'waiting' })) });
  }

  async release(runId: string, limit: number, at: Date): Promise<string[]> {
    if (limit <= 0) return [];
    const candidates = await this.db.campaignRunTarget.findMany({
      where: { runId, state: 'waiting', OR: [{ notBefore: null }, { notBefore: { lte: at } }] },
      orderBy: { seq: 'asc' },
      take: limit,
      select: { customerId: true },
    });
    const released: string[] = [];
    for (const { customerId } of candidates) {
      // Conditional: only a target still waiting is taken, so no customer is released twice.
      const { count } = await this.db.campaignRunTarget.updateMany({ where: { runId, customerId, state: 'waiting' }, data: { state: 'released', releasedAt: at } });
      if (count === 1) released.push(customerId);
    }
    return released;
  }

  async unacknowledged(runId: string, before: Date, limit: number): Promise<string[]> {
    const rows = await this.db.campaignRunTarget.findMany({ where: { runId, state: 'released', releasedAt: { lt: before } }, orderBy: { seq: 'asc' }, take: limit, select: { customerId: true } });
    return rows.map((row) => row.customerId);
  }

  async updateTarget(runId: string, customerId: string, patch: RunTargetPatch, at: Date): Promise<void> {
    await this.db.campaignRunTarget.update({
      where: { runId_customerId: { runId, customerId } },
      data: {
        state: patch.state,
        ...(patch.attempts === undefined ? {} : { attempts: patch.attempts }),
        ...(patch.notBefore === undefined ? {} : { notBefore: patch.notBefore === null ? null : new Date(patch.notBefore) }),
        ...(patch.result === undefined ? {} : { result: patch.result }),
        ...(patch.outcome === undefined ? {} : { outcome: patch.outcome }),
        ...(patch.reason === undefined ? {} : { reason: patch.reason }),
        ...(patch.state === 'ended' ? { endedAt: at } : {}),
      },
    });
  }

  async endUnlessEnded(runId: string, customerId: string, patch: Omit<RunTargetPatch, 'state'>, at: Date): Promise<void> {
    await this.db.campaignRunTarget.updateMany({
      where: { runId, customerId, state: { not: 'ended' } },
      data: { state: 'ended', endedAt: at, ...(patch.result === undefined ? {} : { result: patch.result }), ...(patch.reason === undefined ? {} : { reason: patch.reason }) },
    });
  }

  busyInQueue(queue: string): Promise<number> {
    return this.db.campaignRunTarget.count({ where: { queue, state: { in: ['released', 'task-open'] } } });
  }

  releasedInQueueSince(queue: string, since: Date): Promise<number> {
    return this.db.campaignRunTarget.count({ where: { queue, releasedAt: { gte: since } } });
  }

  async notEnded(runId: string, limit: number, after?: string): Promise<string[]> {
    const rows = await this.db.campaignRunTarget.findMany({
      where: { runId, state: { not: 'ended' }, ...(after === undefined ? {} : { customerId: { gt: after } }) },
      orderBy: { customerId: 'asc' },
      take: limit,
      select: { customerId: true },
    });
    return rows.map((row) => row.customerId);
  }

  async counts(runId: string): Promise<CampaignRunCounts> {
    const [byState, byResult, byOutcome, byReason, times] = await Promise.all([
      this.db.campaignRunTarget.groupBy({ by: ['state'], where: { runId }, _count: { _all: true } }),
      this.db.campaignRunTarget.groupBy({ by: ['result'], where: { runId, result: { not: null } }, _count: { _all: true } }),
      this.db.campaignRunTarget.groupBy({ by: ['outcome'], where: { runId, outcome: { not: null } }, _count: { _all: true } }),
      this.db.campaignRunTarget.groupBy({ by: ['reason'], where: { runId, reason: { not: null } }, _count: { _all: true } }),
      this.db.campaignRunTarget.findMany({ where: { runId, OR: [{ releasedAt: { not: null } }, { endedAt: { not: null } }] }, select: { releasedAt: true, endedAt: true, result: true } }),
    ]);
    const series = new Map<string, { day: string; released: number; reached: number; ended: number }>();
    const dayOf = (at: Date) => toLocalDateTime(at).date;
    const bucket = (day: string) => {
      let entry = series.get(day);
      if (!entry) series.set(day, (entry = { day, released: 0, reached: 0, ended: 0 }));
      return entry;
    };
    for (const row of times) {
      if (row.releasedAt) bucket(dayOf(row.releasedAt)).released += 1;
      if (row.endedAt) {
        const entry = bucket(dayOf(row.endedAt));
        entry.ended += 1;
        if (row.result === 'reached') entry.reached += 1;
      }
    }
    return {
      byState: Object.fromEntries(byState.map((row) => [row.state as RunTargetState, row._count._all])),
      byResult: Object.fromEntries(byResult.map((row) => [row.result as RunTargetResult, row._count._all])),
      byOutcome: Object.fromEntries(byOutcome.map((row) => [row.outcome!, row._count._all])),
      byReason: Object.fromEntries(byReason.map((row) => [row.reason!, row._count._all])),
      series: [...series.values()].sort((a, b) => a.day.localeCompare(b.day)),
    };
  }
}
