/**
 * The WhatsApp Business Platform's webhook (issue 13): the subscription handshake (GET with the
 * verify token) and deliveries (POST, signed with the app secret in `X-Hub-Signature-256` over the
 * raw body). A forged delivery, or a replayed one whose messages are older than the platform's
 * retry horizon, is refused with 401 and nothing is recorded. The platform retries deliveries, so
 * every message id is processed once (the idempotency store keeps the ids): a retry answers 200
 * and starts nothing. Not behind the bearer-token authentication: the signature is the proof.
 */
import { createHash } from 'node:crypto';
import express, { Router } from 'express';
import { answerSubscriptionChallenge } from '../adapters/messaging/webhook-handshake';
import { verifyWebhookSignature } from '../adapters/messaging/webhook-signature';
import { inboundMessagesOf, SIGNATURE_HEADER, WebhookDeliverySchema, type InboundMessage } from '../adapters/messaging/whatsapp.wire';
import { HttpError } from './http-error';
import type { IdempotencyStore } from './idempotency';

export const WHATSAPP_WEBHOOK_PATH = '/api/v1/channels/whatsapp/webhook';

export interface WhatsAppWebhookDeps {
  appSecret: string;
  verifyToken: string;
  /** A delivery with a message older than this is a replay (the platform retries for up to 7 days). */
  replayWindowMinutes: number;
  /** Where processed message ids are kept. */
  keys: IdempotencyStore;
  /** Hands one customer message to its conversation (starts it, or joins the running one). */
  deliver(message: InboundMessage): Promise<void>;
  now(): Date;
}

/** How long one delivery may hold a message id before a retry may take it over. */
const LEASE_MS = 60_000;

export function whatsappWebhookRoutes(deps: WhatsAppWebhookDeps): Router {
  const router = Router();
  router.get(WHATSAPP_WEBHOOK_PATH, (req, res) => {
    const challenge = answerSubscriptionChallenge(req.query as Record<string, unknown>, deps.verifyToken);
    if (challenge === undefined) throw new HttpError(403, 'hub.verify_token: does not match, or hub.mode is not subscribe');
    res.type('text/plain').send(challenge);
  });
  router.post(WHATSAPP_WEBHOOK_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
    const raw: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    if (!verifyWebhookSignature(raw, req.get(SIGNATURE_HEADER), deps.appSecret)) {
      throw new HttpError(401, `${SIGNATURE_HEADER}: missing, or it does not match the body`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new HttpError(400, 'body: is not JSON', [{ field: 'body', message: 'is not JSON' }]);
    }
    const parsed = WebhookDeliverySchema.safeParse(json);
    if (!parsed.success) throw new HttpError(400, 'body: is not a WhatsApp webhook delivery', [{ field: 'body', message: 'is not a WhatsApp webhook delivery' }]);
    const messages = inboundMessagesOf(parsed.data);
    const now = deps.now();
    if (messages.some((message) => now.getTime() - message.sentAt.getTime() > deps.replayWindowMinutes * 60_000)) {
      throw new HttpError(401, `a message of this delivery is older than ${deps.replayWindowMinutes} minutes: refused as a replay`);
    }
    let processed = 0;
    for (const message of messages) {
      const ref = { scope: 'whatsapp', operation: 'inbound-message', key: message.messageId };
      const fingerprint = createHash('sha256').update(`${message.from}\n${message.sentAt.toISOString()}\n${message.text ?? message.type}`).digest('hex');
      const begun = await deps.keys.begin(ref, fingerprint, now, new Date(now.getTime() + LEASE_MS));
      if (begun.kind === 'in-flight') {
        res.set('Retry-After', '1');
        throw new HttpError(409, 'a delivery of this message is still being processed; the platform retries');
      }
      // Processed before (a retry), or the id came with other content (a replay attempt): nothing twice.
      if (begun.kind !== 'new') continue;
      try {
        await deps.deliver(message);
      } catch (error) {
        await deps.keys.release(ref);
        throw error;
      }
      await deps.keys.finish(ref, { status: 200, body: '{}' }, deps.now());
      processed += 1;
    }
    res.json({ received: messages.length, processed });
  });
  return router;
}
