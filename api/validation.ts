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
  return [{ field, message: plainMessage(issue) }];
}

/** Messages an agent-desktop developer can show as they are. */
function plainMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (/received undefined$/.test(issue.message)) return 'is required';
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
