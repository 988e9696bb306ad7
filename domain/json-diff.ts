/**
 * A small generic diff of two JSON values, for showing what changed between two versions of a
 * campaign definition (issue 11, section 1: "GET shows versions and a diff between two").
 *
 * Each change names the path to the value that differs, written like the API names a bad field
 * (`criteria.rules.1.min`), with the value before and after:
 * - objects are compared key by key (a key only on one side is `added` or `removed`);
 * - arrays are compared index by index (an element past the shorter array's end is `added` or
 *   `removed`); an element inserted at the front therefore shows as changes at every index after
 *   it, which is plain to read for the short lists of a definition;
 * - anything else (and a value that changes type, e.g. object to array) is `changed` as a whole.
 *
 * Pure and deterministic: the same two values always give the same list, in document order
 * (the keys of `before` in their order, then keys only `after` has).
 */

/** A JSON value as `JSON.parse` returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One difference between two JSON values. */
export type JsonChange =
  | { op: 'added'; path: string; after: Json }
  | { op: 'removed'; path: string; before: Json }
  | { op: 'changed'; path: string; before: Json; after: Json };

/** The changes that turn `before` into `after`; empty when they are equal. */
export function diffJson(before: Json, after: Json): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(before: Json, after: Json, path: Array<string | number>, changes: JsonChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const shared = Math.min(before.length, after.length);
    for (let index = 0; index < shared; index++) walk(before[index]!, after[index]!, [...path, index], changes);
    for (let index = shared; index < before.length; index++) changes.push({ op: 'removed', path: pathOf([...path, index]), before: before[index]! });
    for (let index = shared; index < after.length; index++) changes.push({ op: 'added', path: pathOf([...path, index]), after: after[index]! });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (Object.hasOwn(after, key)) walk(before[key]!, after[key]!, [...path, key], changes);
      else changes.push({ op: 'removed', path: pathOf([...path, key]), before: before[key]! });
    }
    for (const key of Object.keys(after)) {
      if (!Object.hasOwn(before, key)) changes.push({ op: 'added', path: pathOf([...path, key]), after: after[key]! });
    }
    return;
  }
  if (!sameJson(before, after)) changes.push({ op: 'changed', path: pathOf(path), before, after });
}

/** Whether two JSON values are equal (object key order does not matter). */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJson(item, b[index]!));
  }
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameJson(a[key]!, b[key]!));
  }
  return false;
}

/** JSON with object keys sorted at every level: equal values give equal text (for hashing). */
export function canonicalJson(value: Json): string {
  const canonical = (item: Json): Json =>
    Array.isArray(item)
      ? item.map(canonical)
      : isObject(item)
        ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, canonical(item[key]!)]))
        : item;
  return JSON.stringify(canonical(value));
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `criteria.rules.1.min`; the whole value is `` (empty). */
function pathOf(path: Array<string | number>): string {
  return path.join('.');
}
