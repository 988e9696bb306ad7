/**
 * Cursors for keyset paging over (time, id): the last row's time and id, opaque to the caller.
 * A page after a cursor starts strictly after that row, so rows added or closed meanwhile never
 * shift a page (no offsets).
 */

/** The cursor that continues after a row with time `at` (ISO) and `id`. */
export function encodeKeysetCursor(at: string, id: string): string {
  return Buffer.from(JSON.stringify([at, id])).toString('base64url');
}

/** Throws a RangeError for a cursor that was not made by `encodeKeysetCursor`. */
export function decodeKeysetCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as [unknown, unknown];
    const date = typeof at === 'string' ? new Date(at) : new Date(Number.NaN);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('bad cursor');
    return { at: date, id };
  } catch {
    throw new RangeError('cursor: is not a cursor from a previous page');
  }
}
