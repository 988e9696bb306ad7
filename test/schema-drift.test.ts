/**
 * The committed provider schemas and migrations match prisma/models.prisma: a model change
 * without `npm run db:migration` fails here, not in production.
 */
import { readFileSync } from 'node:fs';
import { diffModelsAgainstLastMigration, hasStatements } from '../prisma/tools/migrations';
import { renderSchema, schemaFile, type Provider } from '../prisma/tools/schemas';
import { postgresServerUrl, providersUnderTest } from './support/database';

describe.each(providersUnderTest())('%s', (provider: Provider) => {
  test('the committed schema is the one rendered from models.prisma', () => {
    expect(readFileSync(schemaFile(provider), 'utf8')).toBe(renderSchema(provider));
  });

  test('models.prisma needs no migration beyond the committed ones', async () => {
    const script = await diffModelsAgainstLastMigration(provider, postgresServerUrl());
    expect(hasStatements(script)).toBe(false);
  });
});

test('a changed model would produce a migration', async () => {
  // The drift check above can fail: the same diff, fed a model with one more column, is not empty.
  const models = readFileSync(schemaFile('sqlite'), 'utf8');
  expect(models).toContain('model ContactBlock {');
  const { openSchemaEngine, NO_FILTERS } = await import('../prisma/tools/schema-engine');
  const { mockMigrationAwareAdapterFactory } = await import('@prisma/driver-adapter-utils');
  const { engine, close } = await openSchemaEngine(mockMigrationAwareAdapterFactory('sqlite'));
  try {
    const changed = models.replace('model ContactBlock {', 'model ContactBlock {\n  channel String?');
    const { stdout } = await engine.diff({
      from: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: models }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: changed }] },
      script: true,
      exitCode: null,
      filters: NO_FILTERS,
    });
    expect(hasStatements(stdout ?? '')).toBe(true);
    expect(stdout).toContain('channel');
  } finally {
    await close();
  }
});
