/**
 * Request validation with zod: every problem becomes a 400 that names the field.
 */
import type { z } from 'zod';
import { HttpError, type FieldProblem } from './http-error';

/** Parses `value` (the request's `location`: body, query, path or header) or throws a 400. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = result.error.issues.flatMap((issue) => describeIssue(issue, location, value));
  throw new HttpError(400, fields.map((f) => `${f.field}: ${f.message}`).join('; '), fields);
}

function describeIssue(issue: z.core.$ZodIssue, location: string, input: unknown): FieldProblem[] {
  const field = issue.path.length > 0 ? issue.path.join('.') : location;
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'is not a known field' }));
  }
  if (issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined) return [{ field, message: 'is required' }];
  return [{ field, message: plainMessage(issue) }];
}

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let current = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Messages an agent-desktop developer can show as they are. */
function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'must be a whole number' : `must be ${article(issue.expected)} ${issue.expected}`;
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}
