/**
 * Request validation with zod: every problem becomes a 400 that names the field.
 */
import type { z } from 'zod';
import { HttpError, type FieldProblem } from './http-error';

/** Parses `value` (the request's `location`: body, query, path or header) or throws a 400. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => describeIssue(issue, location));
  throw new HttpError(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

function describeIssue(issue: z.core.$ZodIssue, location: string): FieldProblem[] {
  const field = issue.path.length > 0 ? issue.path.join('.') : location;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'is not a known field' }));
  }
  if (issue.code === 'invalid_type' && /received undefined$/.test(issue.message)) {
    return [{ field, message: 'is required' }];
  }
  return [{ field, message: issue.message }];
}
