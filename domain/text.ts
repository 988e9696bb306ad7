/**
 * Strings people type, and names, as the API accepts them. Control characters have no place in
 * either, and one of them (NUL) cannot be stored at all: PostgreSQL refuses it, and a workflow
 * whose row cannot be written retries until its bound. So they are refused at the door, with a
 * 400 naming the field, and the OpenAPI says so in a pattern.
 */
import { z } from 'zod';

/** Free text: any characters but control characters; tab and line breaks are allowed. */
export const FREE_TEXT = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
/** A name or key (queue, user id, cursor): no control characters at all. */
const NAME = /^[^\u0000-\u001f\u007f]*$/;

/** Free text, trimmed, `min` to `max` characters after trimming. */
export function freeText(min: number, max: number) {
  const text = z.string().trim().regex(FREE_TEXT, 'must not contain control characters');
  return (min > 0 ? text.min(min) : text).max(max);
}

/** A name: 1 to `max` characters without control characters. */
export function name(max: number) {
  return z.string().min(1).max(max).regex(NAME, 'must not contain control characters');
}
