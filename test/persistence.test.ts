/**
 * Migrations and the contact-block projection on real databases: SQLite always, PostgreSQL
 * whenever DATABASE_URL names a server (CI starts one).
 */
import { readdirSync } from 'node:fs';
import { createAdapterFactory } from '../prisma/adapters';
import { INITIAL_CONSENT_SCRIPT, PrismaConsentScriptStore } from '../prisma/consent-script.repository';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { applyMigrations } from '../prisma/tools/migrations';
import { migrationsDir } from '../prisma/tools/schemas';
import type { ContactBlockState } from '../domain/contact-block';
import { createTestDatabase, providersUnderTest } from './support/database';

const block = (overrides: Partial<ContactBlockState> = {}): ContactBlockState => ({
  blockId: 'contact-block:K-1:kreditkarte#run-1',
  workflowId: 'contact-block:K-1:kreditkarte',
  customerId: 'K-1',
  topic: 'kreditkarte',
  status: 'active',
  reason: 'kein Interesse',
  startedAt: '2026-01-10T09:00:00.000Z',
  endsAt: '2026-07-10T09:00:00.000Z',
  extensions: 0,
  version: 1,
  ...overrides,
});

describe.each(providersUnderTest())('on %s', (provider) => {
  test('migrations apply on an empty database, once', async () => {
    const testDb = await createTestDatabase(provider);
    try {
      const expected = readdirSync(migrationsDir(provider), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort();
      expect(expected.length).toBeGreaterThan(0);
      expect(await applyMigrations(provider, createAdapterFactory(testDb.url))).toEqual(expected);
      expect(await applyMigrations(provider, createAdapterFactory(testDb.url))).toEqual([]);

      const db = await testDb.open();
      try {
        const rows = await db.client.$queryRawUnsafe<Array<{ migration_name: string }>>(
          'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
        );
        expect(rows.map((row) => row.migration_name)).toEqual(expected);
      } finally {
        await db.close();
      }
    } finally {
      await testDb.drop();
    }
  });

  describe('contact-block rows', () => {
    let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
    let db: Awaited<ReturnType<typeof testDb.open>>;
    let store: PrismaContactBlockStore;
    beforeAll(async () => {
      testDb = await createTestDatabase(provider);
      db = await testDb.open();
      store = new PrismaContactBlockStore(db.client);
    });
    afterAll(async () => {
      await db?.close();
      await testDb?.drop();
    });

    test('round-trip: what is saved is what is listed', async () => {
      const saved = block({ blockId: 'b-roundtrip', customerId: 'K-rt', reason: 'Kündigung angedroht – ä ö ü ß' });
      await store.save(saved);
      const listed = await store.listActive('K-rt', new Date('2026-03-01T00:00:00Z'));
      const { extensions: _extensions, ...record } = saved;
      expect(listed).toEqual([{ ...record, liftedAt: undefined, liftedBy: undefined, liftReason: undefined }]);
    });

    test('a newer version replaces an older one; an older one never replaces a newer one', async () => {
      const id = 'b-versions';
      await store.save(block({ blockId: id, customerId: 'K-v', version: 2, endsAt: '2026-09-01T00:00:00.000Z' }));
      await store.save(block({ blockId: id, customerId: 'K-v', version: 1, endsAt: '2026-05-01T00:00:00.000Z' }));
      await store.save(block({ blockId: id, customerId: 'K-v', version: 2, endsAt: '2026-05-01T00:00:00.000Z' }));
      expect((await db.client.contactBlock.findUniqueOrThrow({ where: { id } })).endsAt.toISOString()).toBe('2026-09-01T00:00:00.000Z');
      await store.save(block({ blockId: id, customerId: 'K-v', version: 3, status: 'lifted', liftedAt: '2026-02-01T00:00:00.000Z', liftReason: 'früher' }));
      expect(await db.client.contactBlock.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'lifted', version: 3, liftReason: 'früher' });
    });

    test('the first version is inserted directly; its retry (row already there) neither fails nor changes the row', async () => {
      const id = 'b-first-retry';
      await store.save(block({ blockId: id, customerId: 'K-f', reason: 'erste' }));
      await expect(store.save(block({ blockId: id, customerId: 'K-f', reason: 'erste' }))).resolves.toBeUndefined();
      await store.save(block({ blockId: id, customerId: 'K-f', version: 2, reason: 'zweite' }));
      // A late retry of the first write after the second: the insert fails, the update rule keeps v2.
      await store.save(block({ blockId: id, customerId: 'K-f', reason: 'erste' }));
      expect(await db.client.contactBlock.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 2, reason: 'zweite' });
      expect(await db.client.contactBlock.count({ where: { id } })).toBe(1);
    });

    test('concurrent saves in any order end at the newest version', async () => {
      const id = 'b-concurrent';
      const versions = [5, 2, 9, 1, 7, 3, 8, 4, 6, 10];
      await Promise.all(versions.map((version) => store.save(block({ blockId: id, customerId: 'K-c', version, reason: `v${version}` }))));
      expect(await db.client.contactBlock.findUniqueOrThrow({ where: { id } })).toMatchObject({ version: 10, reason: 'v10' });
      expect(await db.client.contactBlock.count({ where: { id } })).toBe(1);
    });

    test('only active blocks that have not ended are listed, soonest end first', async () => {
      const at = new Date('2026-03-01T00:00:00Z');
      await store.save(block({ blockId: 'l-1', customerId: 'K-l', topic: 'a', endsAt: '2026-08-01T00:00:00.000Z' }));
      await store.save(block({ blockId: 'l-2', customerId: 'K-l', topic: 'b', endsAt: '2026-04-01T00:00:00.000Z' }));
      await store.save(block({ blockId: 'l-3', customerId: 'K-l', topic: 'c', endsAt: '2026-02-01T00:00:00.000Z' }));
      await store.save(block({ blockId: 'l-4', customerId: 'K-l', topic: 'd', status: 'lifted' }));
      await store.save(block({ blockId: 'l-5', customerId: 'K-other', topic: 'e' }));
      expect((await store.listActive('K-l', at)).map((b) => b.topic)).toEqual(['b', 'a']);
    });
  });
});

describe.each(providersUnderTest())('database errors on %s', (provider) => {
  test('name the model, operation and code, but never the data of the failing call', async () => {
    const testDb = await createTestDatabase(provider);
    const db = await testDb.open();
    try {
      const row = { id: 'dup', workflowId: 'w', customerId: 'K-1', topic: 't', reason: 'Herr Müller, Tel. 0171 2345678', status: 'active', startedAt: new Date(), endsAt: new Date(), version: 1 };
      await db.client.contactBlock.create({ data: row });
      const duplicate = await db.client.contactBlock.create({ data: row }).catch((error: unknown) => error);
      expect(duplicate).toMatchObject({ name: 'DatabaseError', code: 'P2002' });
      expect((duplicate as Error).message).toMatch(/^ContactBlock\.create failed \(P2002\)/);
      const invalid = await db.client.contactBlock.create({ data: { ...row, id: 'other', status: undefined as unknown as string } }).catch((error: unknown) => error);
      expect((invalid as Error).name).toBe('DatabaseError');
      for (const error of [duplicate, invalid]) {
        expect((error as Error).message).not.toContain('Müller');
        expect((error as Error).message).not.toContain('0171');
      }
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(providersUnderTest())('consent scripts on %s', (provider) => {
  test('version 1 (the seed wording) is readable on a fresh database before anything else was read', async () => {
    const testDb = await createTestDatabase(provider);
    const db = await testDb.open();
    try {
      const scripts = new PrismaConsentScriptStore(db.client);
      expect(await scripts.get(1)).toMatchObject({ version: 1, createdBy: 'seed' });
      expect(await scripts.get(2)).toBeUndefined();
      const second = await scripts.add({ ...INITIAL_CONSENT_SCRIPT, question: `${INITIAL_CONSENT_SCRIPT.question} (neu)` }, 'owner.test');
      expect(second.version).toBe(2);
      expect((await scripts.latest())?.version).toBe(2);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
