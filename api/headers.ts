import { z } from 'zod';

/**
 * `Idempotency-Key` where a request must carry one: printable ASCII, so it can name a request in
 * logs and history. The one definition of the key's shape; the OpenAPI document states it too.
 */
export const RequiredIdempotencyKeyHeader = z
  .string({ error: 'is required' })
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters');

/** `Idempotency-Key` where it is optional. */
export const IdempotencyKeyHeader = RequiredIdempotencyKeyHeader.optional();
