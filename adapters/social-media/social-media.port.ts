/**
 * The bank's social-media presences as Drehscheibe sees them: publishing a public reply to a
 * post. Implemented over HTTP against the bank's social-media gateway (`HttpSocialMedia`); a
 * simulator serves development and tests. Posts do not come through this port: the gateway pushes
 * them to our signed webhook (`api/social-webhook.routes.ts`).
 */
import type { SocialNetwork } from '../../domain/social-case';

export interface SocialReplyRequest {
  network: SocialNetwork;
  /** The network's id of the post answered. */
  postId: string;
  /** The public text, at most 2000 characters. */
  text: string;
  /** Same key → the same reply, never a second one (a retried activity replies once). */
  idempotencyKey: string;
}

/**
 * - `rejected`: the gateway refuses it for good (post deleted, comments closed, text refused);
 * - `unavailable`: down, throttling, slow or unreachable; a retry may help.
 */
export class SocialMediaError extends Error {
  constructor(
    readonly kind: 'rejected' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'SocialMediaError';
  }

  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}

export interface SocialMedia {
  reply(request: SocialReplyRequest): Promise<{ replyId: string }>;
}
