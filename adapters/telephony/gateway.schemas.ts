/**
 * The wire format of the CTI gateway API (`openapi.yaml`) as zod schemas, shared by the HTTP
 * client (to check what the gateway answers) and the simulator (to check what it is asked), so
 * the two cannot drift apart silently.
 */
import { z } from 'zod';

/** `Idempotency-Key` header: printable ASCII, as on our own REST API. */
export const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters');

/**
 * Longest a gateway holds a warm-transfer request; a longer wait is a caller's mistake. Well
 * below the 300 s after which Node's fetch gives up waiting for response headers.
 */
export const MAX_TRANSFER_TIMEOUT_SECONDS = 120;
/** Longest an outbound call may ring. */
export const MAX_RING_TIMEOUT_SECONDS = 120;
/** How long an outbound call rings when the request does not say. */
export const DEFAULT_RING_TIMEOUT_SECONDS = 30;

/** Body of `POST /calls/{callId}/warm-transfers`. */
export const WarmTransferBodySchema = z.strictObject({
  targetQueue: z.string().min(1).max(100),
  announcement: z.string().min(1).max(2000),
  timeoutSeconds: z.number().positive().max(MAX_TRANSFER_TIMEOUT_SECONDS),
});
/** What `HttpTelephony` sends for a warm transfer. */
export type WarmTransferBody = z.infer<typeof WarmTransferBodySchema>;

/** Answer (200) of a warm transfer: its outcome, which is never an HTTP error. */
export const WarmTransferResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('connected'), advisorId: z.string().min(1) }),
  z.object({ outcome: z.literal('no-agent-available') }),
  z.object({ outcome: z.literal('timed-out') }),
  z.object({ outcome: z.literal('call-ended') }),
]);

/** E.164: plus, country code, at most 15 digits. */
export const PhoneNumberSchema = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +4930123456');

/** Body of `POST /outbound-calls`. */
export const PlaceCallBodySchema = z.strictObject({
  phoneNumber: PhoneNumberSchema,
  queue: z.string().min(1).max(100),
  callerId: PhoneNumberSchema.optional(),
  ringTimeoutSeconds: z.number().positive().max(MAX_RING_TIMEOUT_SECONDS).optional(),
});
/** What `HttpTelephony` sends for an outbound call. */
export type PlaceCallBody = z.infer<typeof PlaceCallBodySchema>;

/** Answer (200) of an outbound call. */
export const PlaceCallResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('answered'), callId: z.string().min(1) }),
  z.object({ outcome: z.literal('no-answer') }),
  z.object({ outcome: z.literal('busy') }),
  z.object({ outcome: z.literal('failed'), reason: z.string() }),
]);

/** Body of every non-2xx answer. `code` is stable and machine-readable; `message` is for people. */
export const GatewayErrorSchema = z.object({ code: z.string(), message: z.string() });
/** The gateway's error body. */
export type GatewayErrorBody = z.infer<typeof GatewayErrorSchema>;
