/**
 * "Newest version wins" (prisma/versioned-write.ts) under interleavings a real database produces
 * only now and then, scripted here over a one-row store; test/persistence.test.ts runs the same
 * rule concurrently on SQLite and PostgreSQL.
 */
import { saveVersioned, type VersionedWrite } from '../prisma/versioned-write';

/** One row (or none), with a hook that runs another writer's step before a given step of ours. */
function rowStore() {
  const state: { row?: { version: number; value: string } } = {};
  const uniqueViolation = Object.assign(new Error('unique'), { code: 'P2002' });
  const write = (version: number, value: string, before: Partial<Record<'updateOlder' | 'storedAtLeast' | 'create', () => void>> = {}, first = false): VersionedWrite => ({
    async updateOlder() {
      before.updateOlder?.();
      if (state.row && state.row.version < version) {
        state.row = { version, value };
        return { count: 1 };
      }
      return { count: 0 };
    },
    async storedAtLeast() {
      before.storedAtLeast?.();
      return state.row !== undefined && state.row.version >= version;
    },
    async create() {
      before.create?.();
      if (state.row) throw uniqueViolation;
      state.row = { version, value };
    },
    what: `row v${version}`,
    first,
  });
  return { state, write };
}

test('an older write that creates the row between our update and our look is still replaced', async () => {
  const { state, write } = rowStore();
  // v5 finds no row to update; before it looks, v1 creates the row.
  await saveVersioned(write(5, 'v5', { storedAtLeast: () => (state.row ??= { version: 1, value: 'v1' }) }));
  expect(state.row).toEqual({ version: 5, value: 'v5' });
});

test('a first write inserts directly; a retried first write leaves a newer row alone', async () => {
  const { state, write } = rowStore();
  await saveVersioned(write(1, 'first', {}, true));
  expect(state.row).toEqual({ version: 1, value: 'first' });
  await saveVersioned(write(2, 'second'));
  await saveVersioned(write(1, 'first again', {}, true));
  expect(state.row).toEqual({ version: 2, value: 'second' });
});

test('an equal version already stored counts as saved (an activity retry after its write landed)', async () => {
  const { state, write } = rowStore();
  state.row = { version: 3, value: 'stored' };
  await saveVersioned(write(3, 'retry'));
  expect(state.row).toEqual({ version: 3, value: 'stored' });
});

test('other database errors are not taken for a concurrent write', async () => {
  const failing: VersionedWrite = {
    updateOlder: async () => ({ count: 0 }),
    storedAtLeast: async () => false,
    create: async () => {
      throw Object.assign(new Error('connection lost'), { code: 'P1001' });
    },
    what: 'row',
    first: true,
  };
  await expect(saveVersioned(failing)).rejects.toThrow('connection lost');
});
