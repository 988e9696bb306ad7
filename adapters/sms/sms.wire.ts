/** The SMS gateway's wire format (`POST /v1/messages`, bearer token, `Idempotency-Key`), shared by client and simulator. */
import { z } from 'zod';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const SmsBodySchema = z.strictObject({
  to: z.string().regex(/^\+[1-9][0-9]{6,14}$/, 'must be a phone number in E.164'),
  text: z.string().min(1).max(640),
});
export type SmsBody = z.infer<typeof SmsBodySchema>;

export const SmsAnswerSchema = z.object({ messageId: z.string().min(1) });
