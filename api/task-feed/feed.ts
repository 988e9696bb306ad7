/**
 * One shared change feed of the task table per app: it looks at the table for rows written since
 * its last look (every second by default) and hands each change to the subscribers that may see
 * it. It polls only while someone listens: the first subscriber starts it, the last one to leave
 * stops it. Polling the projection (rather than hooking into workflows) keeps the workflows the
 * only writers of their rows and works the same on SQLite and PostgreSQL, and across processes.
 *
 * Each look re-reads a short overlap before the newest write it has seen, because a row's
 * `updatedAt` is taken by its writer before the write commits: a write that commits late is still
 * found. Changes are told once per task version (the version moves on with every write).
 */
import type { Logger } from '../../platform/logger';
import type { TaskRecord, TaskStatus } from '../../domain/task';
import type { ChangedTask } from '../../prisma/task.repository';

/** Where the feed reads changes (PrismaTaskStore). */
export interface TaskChangeSource {
  changedSince(since: Date, limit: number, after?: { at: Date; id: string }): Promise<ChangedTask[]>;
}

/** A task that appeared in, or changed within, what the subscriber sees. */
export interface TaskChangeEvent {
  id: string;
  queue: string;
  status: TaskStatus;
  assignee?: string;
  dueAt: string;
  title: string;
  version: number;
  change: 'created' | 'updated';
}

/** A task the subscriber saw that left what they see (moved to another queue or person). */
export interface TaskRemovedEvent {
  id: string;
  version: number;
  change: 'removed';
}

export type TaskFeedEvent = TaskChangeEvent | TaskRemovedEvent;

/** Where a task is: what decides who sees it. */
export type TaskPlace = Pick<TaskRecord, 'queue' | 'assignee'>;

export interface TaskSubscriber {
  /** Whether this subscriber may see a task in this place. */
  sees(place: TaskPlace): boolean;
  send(event: TaskFeedEvent): void;
  /** Says "still here" on a quiet stream, so that proxies keep it open. */
  heartbeat(): void;
}

export interface TaskFeedOptions {
  /** Time between two looks at the table (default 1000 ms). */
  pollMs?: number;
  /** How far before the newest seen write each look starts again (default 10 s). */
  overlapMs?: number;
  /** Rows read per query (default 500); a larger burst is read in several pages. */
  pageSize?: number;
  /** Time between two heartbeats to every subscriber (default 15 s). */
  heartbeatMs?: number;
  /** Tasks whose last place the feed remembers (to tell who lost sight of one); default 20 000. */
  remember?: number;
  logger?: Logger;
  now?: () => Date;
}

interface Known {
  version: number;
  place: TaskPlace;
}

export class TaskFeed {
  private readonly subscribers = new Set<TaskSubscriber>();
  private readonly known = new Map<string, Known>();
  private readonly pollMs: number;
  private readonly overlapMs: number;
  private readonly pageSize: number;
  private readonly remember: number;
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private heartbeats?: NodeJS.Timeout;
  /** Newest `updatedAt` seen (or the start time): the next look starts `overlapMs` before it. */
  private newest = 0;
  /** Bumped by every start and stop, so a look that outlives a stop schedules nothing. */
  private generation = 0;
  private looks = 0;

  constructor(
    private readonly source: TaskChangeSource,
    private readonly options: TaskFeedOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 1000;
    this.overlapMs = options.overlapMs ?? 10_000;
    this.pageSize = options.pageSize ?? 500;
    this.remember = options.remember ?? 20_000;
    this.now = options.now ?? (() => new Date());
  }

  /** True while someone listens and the feed polls. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Looks at the table so far (for tests and metrics). */
  get lookCount(): number {
    return this.looks;
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Adds a subscriber (the first one starts the feed); returns the function that removes it. */
  subscribe(subscriber: TaskSubscriber): () => void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size === 1) this.start();
    return () => {
      if (!this.subscribers.delete(subscriber)) return;
      if (this.subscribers.size === 0) this.stop();
    };
  }

  private start(): void {
    this.generation += 1;
    this.newest = this.now().getTime();
    this.schedule(this.generation);
    // One timer for every stream rather than one each.
    this.heartbeats = setInterval(() => this.toEach((subscriber) => subscriber.heartbeat()), this.options.heartbeatMs ?? 15_000);
    this.heartbeats.unref();
  }

  private stop(): void {
    this.generation += 1;
    clearTimeout(this.timer);
    clearInterval(this.heartbeats);
    this.timer = undefined;
    this.heartbeats = undefined;
    this.known.clear();
  }

  private toEach(act: (subscriber: TaskSubscriber) => void): void {
    for (const subscriber of this.subscribers) {
      try {
        act(subscriber);
      } catch {
        // One broken connection must not keep the others waiting; its close removes it.
      }
    }
  }

  private schedule(generation: number): void {
    this.timer = setTimeout(() => void this.look(generation), this.pollMs);
    // A feed never keeps the process alive on its own.
    this.timer.unref();
  }

  private async look(generation: number): Promise<void> {
    try {
      this.looks += 1;
      const windowStart = this.newest - this.overlapMs;
      let after: { at: Date; id: string } | undefined;
      for (;;) {
        const page = await this.source.changedSince(new Date(windowStart), this.pageSize, after);
        if (generation !== this.generation) return;
        for (const row of page) this.tell(row, windowStart);
        const last = page[page.length - 1];
        if (!last || page.length < this.pageSize) break;
        after = { at: last.updatedAt, id: last.task.id };
      }
    } catch (error) {
      // The database may be away for a moment: the next look tries again. Class and code only:
      // a database error may quote the row.
      this.options.logger?.warn('task feed: looking for changes failed', {
        error: error instanceof Error ? error.name : typeof error,
        code: (error as { code?: string } | null)?.code,
      });
    }
    if (generation === this.generation) this.schedule(generation);
  }

  private tell({ task, updatedAt }: ChangedTask, windowStart: number): void {
    this.newest = Math.max(this.newest, updatedAt.getTime());
    const before = this.known.get(task.id);
    if (before && before.version >= task.version) return;
    // Re-inserted at the end: the map's order is least recently changed first.
    this.known.delete(task.id);
    this.known.set(task.id, { version: task.version, place: { queue: task.queue, assignee: task.assignee } });
    if (this.known.size > this.remember) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
    const change: TaskChangeEvent = {
      id: task.id,
      queue: task.queue,
      status: task.status,
      ...(task.assignee ? { assignee: task.assignee } : {}),
      dueAt: task.dueAt,
      title: task.title,
      version: task.version,
      change: !before && Date.parse(task.createdAt) >= windowStart ? 'created' : 'updated',
    };
    this.toEach((subscriber) => {
      if (subscriber.sees(change)) subscriber.send(change);
      else if (before && subscriber.sees(before.place)) subscriber.send({ id: task.id, version: task.version, change: 'removed' });
    });
  }
}
