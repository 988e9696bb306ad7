/**
 * The social-media gateway's webhook (issue 13, section 3): one post, comment or message per
 * delivery, signed with the shared secret (`X-Signature-256: sha256=<hex HMAC-SHA256 of the raw
 * body>`, `SOCIAL_WEBHOOK_SECRET`). A forged or unsigned delivery is refused with 401 and nothing
 * is recorded. The gateway retries deliveries, so each post (network and post id) is processed
 * once: the idempotency store keeps it, and the case's workflow id is the post's. Not behind the
 * bearer-token authentication: the signature is the proof.
 */
import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import { verifyWebhookSignature } from '../adapters/messaging/webhook-signature';
import { PostDeliverySchema, SOCIAL_SIGNATURE_HEADER, type PostDelivery } from '../adapters/social-media/social.wire';
import { socialCaseId } from '../domain/social-case';
import { HttpError } from './http-error';
import type { IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';

export const SOCIAL_WEBHOOK_PATH = '/api/v1/channels/social/webhook';

export interface SocialWebhookDeps {
  secret: string;
  keys: IdempotencyStore;
  /** Starts the post's reaction case. */
  start(post: PostDelivery, receivedAt: Date): Promise<void>;
  now(): Date;
}

/** How long one delivery may hold a post before a retry may take it over. */
const LEASE_MS = 60_000;

export function socialWebhookRoutes(deps: SocialWebhookDeps): Router {
  const router = Router();
  router.post(SOCIAL_WEBHOOK_PATH, express.raw({ type: () => true, limit: '256kb' }), async (req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookSignature(raw, req.get(SOCIAL_SIGNATURE_HEADER), deps.secret)) {
      throw new HttpError(401, `${SOCIAL_SIGNATURE_HEADER}: missing, or it does not match the body`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body: is not JSON', [{ field: 'body', message: 'is not JSON' }]);
    }
    const post = parseRequest(PostDeliverySchema, json, 'body');
    const caseId = socialCaseId(post.network, post.postId);
    const now = deps.now();
    const ref = { scope: 'social', operation: 'inbound-post', key: `${post.network}~${post.postId}` };
    const fingerprint = createHash('sha256').update(raw).digest('hex');
    const begun = await deps.keys.begin(ref, fingerprint, now, new Date(now.getTime() + LEASE_MS));
    if (begun.kind === 'in-flight') {
      res.set('Retry-After', '1');
      throw new HttpError(409, 'a delivery of this post is still being processed; the gateway retries');
    }
    // Processed before (a retry), or the id came with other content (edited, or a replay): nothing twice.
    if (begun.kind !== 'new') {
      res.json({ caseId, processed: false });
      return;
    }
    try {
      await deps.start(post, now);
    } catch (error) {
      await deps.keys.release(ref);
      throw error;
    }
    await deps.keys.finish(ref, { status: 200, body: '{}' }, deps.now());
    res.json({ caseId, processed: true });
  });
  return router;
}
