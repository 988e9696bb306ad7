/**
 * Applying and creating migrations with the WebAssembly schema engine (see schema-engine.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mockMigrationAwareAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { createAdapterFactory } from '../adapters';
import { NO_FILTERS, openSchemaEngine } from './schema-engine';
import { migrationsDir, renderSchema, schemaFile, type Provider } from './schemas';

const LOCKFILE = 'migration_lock.toml';

/** The provider's migrations folder as the engine expects it, read from disk. */
export function readMigrationList(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = path.join(baseDir, LOCKFILE);
  const names = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: names.map((name) => {
      const file = path.join(baseDir, name, 'migration.sql');
      return {
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${file} is missing` },
        },
      };
    }),
  };
}

/**
 * Applies every migration of `provider` that the database has not seen yet, recording each in
 * `_prisma_migrations`. Returns the names of the migrations applied now.
 */
export async function applyMigrations(
  provider: Provider,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<string[]> {
  const { engine, close } = await openSchemaEngine(adapterFactory);
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: readMigrationList(provider),
      filters: NO_FILTERS,
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}

/**
 * The SQL that turns the schema of the latest migration (the committed
 * `prisma/<provider>/schema.prisma`, or nothing before the first migration) into the schema
 * rendered from `models.prisma`. Both ends are datamodels, so nothing is read from or written to
 * a database; SQLite needs none at all, while the PostgreSQL connector insists on a live
 * connection (it asks the server's version), which `postgresUrl` provides.
 */
export async function diffModelsAgainstLastMigration(provider: Provider, postgresUrl?: string): Promise<string> {
  let adapterFactory: SqlMigrationAwareDriverAdapterFactory = mockMigrationAwareAdapterFactory('sqlite');
  if (provider === 'postgresql') {
    if (!postgresUrl) throw new Error('creating a PostgreSQL migration needs MIGRATION_POSTGRES_URL (any reachable PostgreSQL; nothing is written)');
    adapterFactory = createAdapterFactory(postgresUrl);
  }
  const { engine, close } = await openSchemaEngine(adapterFactory);
  try {
    const previous = readMigrationList(provider).migrationDirectories.length > 0 && existsSync(schemaFile(provider))
      ? readFileSync(schemaFile(provider), 'utf8')
      : undefined;
    const { stdout } = await engine.diff({
      from: previous === undefined
        ? { tag: 'empty' }
        : { tag: 'schemaDatamodel', files: [{ path: schemaFile(provider), content: previous }] },
      to: { tag: 'schemaDatamodel', files: [{ path: schemaFile(provider), content: renderSchema(provider) }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    return stdout ?? '';
  } finally {
    await close();
  }
}

/** True when a diff script contains statements (the engine prints a comment for an empty diff). */
export function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

/**
 * Writes `migrations/<timestamp>_<name>/migration.sql` for `provider` and the rendered schema
 * it leads to. Returns the migration's folder name, or undefined when nothing changed.
 */
export async function createMigration(
  provider: Provider,
  name: string,
  { now = new Date(), postgresUrl }: { now?: Date; postgresUrl?: string } = {},
): Promise<string | undefined> {
  const script = await diffModelsAgainstLastMigration(provider, postgresUrl);
  if (!hasStatements(script)) return undefined;
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const folder = `${stamp}_${name}`;
  const dir = path.join(migrationsDir(provider), folder);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'migration.sql'), script);
  const lockPath = path.join(migrationsDir(provider), LOCKFILE);
  if (!existsSync(lockPath)) {
    writeFileSync(
      lockPath,
      `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
    );
  }
  writeFileSync(schemaFile(provider), renderSchema(provider));
  return folder;
}
