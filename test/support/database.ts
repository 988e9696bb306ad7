/**
 * Throwaway databases for tests: a SQLite file in a temporary folder, or a fresh PostgreSQL
 * database on the server DATABASE_URL points at (dropped afterwards).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import { openDatabase, type Database } from '../../prisma/database';
import type { Provider } from '../../prisma/tools/schemas';

/** DATABASE_URL when it names a PostgreSQL server: the PostgreSQL suites run against it. */
export function postgresServerUrl(): string | undefined {
  const url = process.env.DATABASE_URL;
  return url && /^postgres(ql)?:\/\//.test(url) ? url : undefined;
}

/** The providers this run covers: SQLite always, PostgreSQL whenever DATABASE_URL names one. */
export function providersUnderTest(): Provider[] {
  return postgresServerUrl() ? ['sqlite', 'postgresql'] : ['sqlite'];
}

/** The provider the end-to-end suites use: PostgreSQL when configured, else SQLite. */
export function primaryProvider(): Provider {
  return postgresServerUrl() ? 'postgresql' : 'sqlite';
}

export interface TestDatabase {
  url: string;
  /** Opens the database (applying migrations unless told not to). */
  open(options?: { migrate?: boolean }): Promise<Database>;
  /** Removes the database or file. */
  drop(): Promise<void>;
}

export async function createTestDatabase(provider: Provider): Promise<TestDatabase> {
  if (provider === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-test-'));
    const url = `file:${path.join(dir, 'test.db')}`;
    return { url, open: (options) => openDatabase(url, options), drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const server = postgresServerUrl();
  if (!server) throw new Error('DATABASE_URL does not name a PostgreSQL server');
  const name = `drehscheibe_test_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => admin.query(`CREATE DATABASE "${name}"`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    open: (options) => openDatabase(url.toString(), options),
    drop: () => dropDatabase(server, name),
  };
}

/**
 * `DROP DATABASE … WITH (FORCE)` ends our own leftover connections, but it may not end an
 * autovacuum worker that happens to be at work in the database (it runs as the superuser:
 * SQLSTATE 42501, "must be a member of the role whose process is being terminated"). The worker
 * is done within moments, so the drop waits for it rather than failing the suite (seen once in CI).
 */
async function dropDatabase(server: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await withAdmin(server, (admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '42501' || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function withAdmin<T>(url: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = new PgClient({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
