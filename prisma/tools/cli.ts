/**
 * Database tooling without Prisma's native engines.
 *
 *   npm run db:schemas                 render prisma/<provider>/schema.prisma from models.prisma
 *   npm run db:generate                generate both Prisma clients (also run by npm ci)
 *   npm run db:migration -- <name>     write a new migration for both providers from models.prisma
 *                                      (needs MIGRATION_POSTGRES_URL: any reachable PostgreSQL, untouched)
 *   npm run db:migrate                 apply pending migrations to DATABASE_URL
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createAdapterFactory, providerOf } from '../adapters';
import { applyMigrations, createMigration } from './migrations';
import { PROVIDERS, renderSchema, schemaFile } from './schemas';

function generate(): void {
  const prismaCli = require.resolve('prisma/build/index.js');
  for (const provider of PROVIDERS) {
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaFile(provider)], {
      stdio: 'inherit',
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: path.join(__dirname, 'no-native-engine.sh'),
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        CHECKPOINT_DISABLE: '1',
      },
    });
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  switch (command) {
    case 'schemas':
      for (const provider of PROVIDERS) writeFileSync(schemaFile(provider), renderSchema(provider));
      return;
    case 'generate':
      generate();
      return;
    case 'new-migration': {
      const name = args[0];
      if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('usage: npm run db:migration -- <name in snake_case>');
      const now = new Date();
      for (const provider of PROVIDERS) {
        const folder = await createMigration(provider, name, { now, postgresUrl: process.env.MIGRATION_POSTGRES_URL });
        console.log(folder ? `${provider}: wrote migrations/${folder}` : `${provider}: no changes`);
      }
      generate();
      return;
    }
    case 'migrate': {
      const url = process.env.DATABASE_URL ?? 'file:./.data/drehscheibe.db';
      const applied = await applyMigrations(providerOf(url), createAdapterFactory(url));
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
      return;
    }
    default:
      throw new Error('usage: cli.ts schemas | generate | new-migration <name> | migrate');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
