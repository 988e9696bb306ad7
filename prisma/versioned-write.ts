/**
 * "Newest version wins" without a transaction, for rows that exactly one workflow writes: update
 * the row only if it is older; if there is none, create it; if a concurrent write created it in
 * between, update again under the same rule. Activity retries and out-of-order completions then
 * never move a row backwards.
 */
export interface VersionedWrite {
  /** `updateMany where id = … and version < new`; returns the count. */
  updateOlder(): Promise<{ count: number }>;
  /** Whether a row with the id exists (at any version). */
  exists(): Promise<boolean>;
  create(): Promise<unknown>;
  /** For the error message, e.g. `task abc`. */
  what: string;
}

export async function saveVersioned(write: VersionedWrite): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const { count } = await write.updateOlder();
    if (count > 0) return;
    if (await write.exists()) return; // an equal or newer version is stored already
    try {
      await write.create();
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error(`could not save ${write.what} after concurrent writes`);
}

/** A unique-constraint violation (Prisma P2002): someone else wrote the row first. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === 'P2002';
}
