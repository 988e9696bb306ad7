/**
 * What bench/sleeping-process-footprint.ts weighs: the V8 heaps of this process's threads after a
 * full garbage collection in each, and the bytes and rows of a SQLite file or PostgreSQL database.
 *
 * The SDK runs workflows in worker threads of their own (one per worker with the reused V8
 * context), so `process.memoryUsage().heapUsed` never sees a cached workflow: only the main
 * thread's isolate. The inspector reaches every thread's isolate from outside (Node 20 has no
 * `Worker#getHeapStatistics`, and the SDK's threads cannot be made to load a probe of ours), so
 * it collects and reads each heap; the same way for the main thread, so no `--expose-gc` is needed.
 */
import { Session } from 'node:inspector';
import BetterSqlite3 from 'better-sqlite3';
import { Client as PgClient } from 'pg';

/** Used heap bytes after a full GC: the main thread's, and the SDK's workflow threads' summed. */
export interface Heaps {
  main: number;
  workflowThreads: number;
  /** How many workflow threads were found (one per SDK worker). */
  threadCount: number;
}

interface Attached {
  sessionId: string;
  workerInfo: { url: string };
}

/** Collects garbage in every thread, then reads each heap's used bytes. */
export async function collectedHeaps(): Promise<Heaps> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params: object = {}) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  const attached: Attached[] = [];
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  session.on('NodeWorker.attachedToWorker', (message: { params: Attached }) => attached.push(message.params));
  session.on('NodeWorker.receivedMessageFromWorker', (message: { params: { message: string } }) => {
    const reply = JSON.parse(message.params.message) as { id?: number; result?: unknown };
    if (reply.id !== undefined) pending.get(reply.id)?.(reply.result);
  });
  const inThread = <T>(sessionId: string, method: string) =>
    new Promise<T>((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve as (result: unknown) => void);
      void post('NodeWorker.sendMessageToWorker', { sessionId, message: JSON.stringify({ id, method }) });
    });
  try {
    // Attaching reports every running thread before `enable` answers; the wait is for safety.
    await post('NodeWorker.enable', { waitForDebuggerOnStart: false });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const threads = attached.filter((a) => a.workerInfo.url.includes('workflow-worker-thread'));
    let workflowThreads = 0;
    for (const { sessionId } of threads) {
      await inThread(sessionId, 'HeapProfiler.collectGarbage');
      workflowThreads += (await inThread<{ usedSize: number }>(sessionId, 'Runtime.getHeapUsage')).usedSize;
    }
    await post('HeapProfiler.collectGarbage');
    const main = (await post<{ usedSize: number }>('Runtime.getHeapUsage')).usedSize;
    await post('NodeWorker.disable');
    return { main, workflowThreads, threadCount: threads.length };
  } finally {
    session.disconnect();
  }
}

/** A database's weight: bytes in use, and rows per table. */
export interface Stored {
  bytes: number;
  rows: Record<string, number>;
}

/**
 * A SQLite file's pages in use (page_count less the free list) times the page size: read through
 * a connection, so pages still in the `-wal` file count and pages the WAL merely reserved do not.
 */
export function sqliteStored(file: string, { countRows = false } = {}): Stored {
  const db = new BetterSqlite3(file, { fileMustExist: true, timeout: 10_000 });
  try {
    const pragma = (name: string) => Number(db.pragma(name, { simple: true }));
    const bytes = (pragma('page_count') - pragma('freelist_count')) * pragma('page_size');
    const rows: Record<string, number> = {};
    if (countRows) {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[];
      for (const { name } of tables) rows[name] = (db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n;
    }
    return { bytes, rows };
  } finally {
    db.close();
  }
}

/** The application database (SQLite by its `file:` URL, or PostgreSQL: `pg_database_size`) with its rows. */
export async function appStored(url: string): Promise<Stored> {
  if (url.startsWith('file:')) return sqliteStored(url.slice('file:'.length), { countRows: true });
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    const size = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    const tables = await client.query<{ schemaname: string; tablename: string }>("SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
    const rows: Record<string, number> = {};
    for (const { schemaname, tablename } of tables.rows) {
      const count = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${schemaname}"."${tablename}"`);
      rows[tablename] = Number(count.rows[0]!.n);
    }
    return { bytes: Number(size.rows[0]!.bytes), rows };
  } finally {
    await client.end();
  }
}
