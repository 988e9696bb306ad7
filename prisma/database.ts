/**
 * The application database: SQLite (embedded default) or PostgreSQL, chosen by the URL scheme,
 * reached through Prisma Client with a driver adapter (no native query engine).
 */
import BetterSqlite3 from 'better-sqlite3';
import { createAdapterFactory, providerOf } from './adapters';
import { PrismaClient as SqliteClient } from './generated/sqlite/client';
import { PrismaClient as PostgresClient } from './generated/postgresql/client';
import { applyMigrations } from './tools/migrations';
import type { Provider } from './tools/schemas';

/**
 * The Prisma client type repositories are written against. Both generated clients have the same
 * model API because they come from one `models.prisma` with portable types only.
 */
export type Db = SqliteClient;

export interface Database {
  readonly provider: Provider;
  readonly client: Db;
  /** Cheap round trip, for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the database at `url`, first applying pending migrations unless `migrate` is false.
 */
export async function openDatabase(url: string, { migrate = true } = {}): Promise<Database> {
  const provider = providerOf(url);
  if (provider === 'sqlite') enableWal(url);
  if (migrate) await applyMigrations(provider, createAdapterFactory(url));
  const adapter = createAdapterFactory(url);
  const raw =
    provider === 'sqlite'
      ? new SqliteClient({ adapter })
      : (new PostgresClient({ adapter }) as unknown as Db);
  const client = withRedactedErrors(raw);
  if (provider === 'sqlite') {
    // With WAL, fsync at checkpoints only is still crash-safe (a power cut may lose the last
    // transactions, never corrupt the file) and makes writes several times faster.
    await client.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  }
  return {
    provider,
    client,
    async ping() {
      await client.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      await client.$disconnect();
    },
  };
}

/**
 * Switches a SQLite file to write-ahead logging, so the API reads while the worker writes. The
 * mode is stored in the file; switching needs the only connection, so it happens first.
 */
function enableWal(url: string): void {
  const file = url.replace(/^file:/, '');
  if (file === ':memory:') return;
  createAdapterFactory(url); // makes the folder
  const raw = new BetterSqlite3(file);
  try {
    raw.pragma('journal_mode = WAL');
  } finally {
    raw.close();
  }
}

/**
 * A database error without the data: Prisma's messages quote the failing call's arguments (names,
 * reasons, contact details), and errors end up in logs and in Temporal's activity failures. The
 * code (e.g. P2002, a unique violation) and the model and operation stay, for handling and
 * diagnosis.
 */
export class DatabaseError extends Error {
  override readonly name = 'DatabaseError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

function withRedactedErrors(client: Db): Db {
  return client.$extends({
    query: {
      async $allOperations({ model, operation, args, query }) {
        try {
          return await query(args);
        } catch (error) {
          const code = typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
          // Only the error's class and code: Prisma's message text quotes the call's arguments.
          const kind = error instanceof Error ? error.constructor.name : 'unknown error';
          throw new DatabaseError(`${model ?? 'raw'}.${operation} failed (${code ?? 'no code'}): ${kind}`, code);
        }
      },
    },
  }) as unknown as Db;
}
