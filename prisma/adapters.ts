/**
 * Driver adapters for the two supported databases. Kept apart from the generated clients so the
 * tooling (which generates them) can use it on a fresh clone.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { Provider } from './tools/schemas';

/** `file:` → SQLite, `postgres:`/`postgresql:` → PostgreSQL. */
export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgresql';
  throw new Error('DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL)');
}

export function createAdapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (providerOf(url) === 'sqlite') {
    const file = url.replace(/^file:/, '');
    if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // A wait on a locked file instead of an immediate SQLITE_BUSY: the API and the worker share it.
    return new PrismaBetterSqlite3({ url, timeout: 5000 });
  }
  return new PrismaPg({ connectionString: url, max: 10 });
}

