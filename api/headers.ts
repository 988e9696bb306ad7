import { z } from 'zod';

/** `Idempotency-Key`: optional; printable ASCII, so it can name a request in logs and history. */
export const IdempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters')
  .optional();
