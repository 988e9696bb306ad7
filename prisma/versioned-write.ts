/**
 * "Newest version wins" without a transaction, for rows that exactly one workflow writes: update
 * the row only if it is older; if there is none, create it; if a concurrent write created it in
 * between, update again under the same rule. Activity retries and out-of-order completions then
 * never move a row backwards.
 */
export interface VersionedWrite {
  /** `updateMany where id = … and version < new`; returns the count. */
  updateOlder(): Promise<{ count: number }>;
  /**
   * Whether the row holds this version or a newer one (`findFirst where id = … and version >=
   * new`). Not "any version": between an update that found no row and this look, an older write
   * may have created it, and that one must still be replaced.
   */
  storedAtLeast(): Promise<boolean>;
  create(): Promise<unknown>;
  /** For the error message, e.g. `task abc`. */
  what: string;
  /**
   * The row's first version (its workflow creates it with this write): try the insert first, so
   * the usual case is one query instead of three (update 0 rows, look, insert). A retried or late
   * first write finds the row and falls through to the update rule below.
   */
  first?: boolean;
}

export async function saveVersioned(write: VersionedWrite): Promise<void> {
  if (write.first) {
    try {
      await write.create();
      return;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const { count } = await write.updateOlder();
    if (count > 0) return;
    if (await write.storedAtLeast()) return; // an equal or newer version is stored already
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
