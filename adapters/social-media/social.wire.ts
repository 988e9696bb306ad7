/**
 * The social-media gateway's wire format, shared by the HTTP client, the simulator and our
 * webhook: a reply (`POST /v1/replies`, bearer token, `Idempotency-Key`), and a post delivered to
 * our webhook, signed with the shared secret (`X-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>`).
 */
import { z } from 'zod';
import { SOCIAL_NETWORKS, SocialPostId, SocialPostSchema } from '../../domain/social-case';

export const SOCIAL_SIGNATURE_HEADER = 'X-Signature-256';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

export const ReplyBodySchema = z.strictObject({
  network: z.enum(SOCIAL_NETWORKS),
  postId: SocialPostId,
  text: z.string().min(1).max(2000),
});
export type ReplyBody = z.infer<typeof ReplyBodySchema>;

export const ReplyAnswerSchema = z.object({ replyId: z.string().min(1) });

/** A webhook delivery: one post, comment or message. */
export const PostDeliverySchema = SocialPostSchema;
export type PostDelivery = z.infer<typeof PostDeliverySchema>;
