/**
 * The social-media gateway simulator: the reply endpoint (`POST /v1/replies`) on a local port,
 * and the gateway's side of our webhook (posts signed with the shared secret), steered by tests
 * through `control` and by people under `/_sim`:
 *
 * | `POST /_sim/posts` `{ text, network?, postId?, kind?, author?, postedAt? }` | a post arrives: a signed delivery goes to the webhook → `{ postId, caseId, deliveryId, outcome }` |
 * | `POST /_sim/deliveries/{deliveryId}/redeliver` | the same delivery again, byte for byte (the gateway's retry) |
 * | `GET /_sim/replies` | `{ replies }`: what the bank published, in order |
 * | `POST /_sim/fail-next` `{ count, status? }` | the next replies fail with `status` (503) |
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { socialCaseId, SOCIAL_NETWORKS, SocialPostId, type SocialNetwork } from '../../../domain/social-case';
import { signWebhookBody } from '../../messaging/webhook-signature';
import { IDEMPOTENCY_KEY_HEADER, ReplyBodySchema, SOCIAL_SIGNATURE_HEADER, type PostDelivery } from '../social.wire';

export interface PublishedReply {
  replyId: string;
  network: SocialNetwork;
  postId: string;
  text: string;
  idempotencyKey?: string;
  at: string;
}

export interface SocialDelivery {
  deliveryId: string;
  postId: string;
  rawBody: string;
  signature: string;
  outcomes: Array<number | 'unreachable' | 'no-webhook'>;
}

export interface SocialMediaSimulatorControl {
  replies(): PublishedReply[];
  /** A post arrives: builds the delivery, signs it and POSTs it to the webhook; resolves with the webhook's status. */
  post(post: Partial<PostDelivery> & { text: string }): Promise<{ postId: string; caseId: string; deliveryId: string; outcome: number | 'unreachable' | 'no-webhook' }>;
  redeliver(deliveryId: string): Promise<number | 'unreachable' | 'no-webhook'>;
  deliveries(): SocialDelivery[];
  setWebhookUrl(url: string | undefined): void;
  failNext(count: number, status?: number): void;
  reset(): void;
}

export interface SocialMediaSimulator {
  url: string;
  control: SocialMediaSimulatorControl;
  close(): Promise<void>;
}

const PostBody = z.strictObject({
  text: z.string().min(1).max(5000),
  network: z.enum(SOCIAL_NETWORKS).optional(),
  postId: SocialPostId.optional(),
  kind: z.enum(['post', 'comment', 'message']).optional(),
  author: z.strictObject({ handle: z.string().min(1).max(100), name: z.string().min(1).max(200).optional() }).optional(),
  postedAt: z.iso.datetime({ offset: true }).optional(),
});
const FailBody = z.strictObject({ count: z.number().int().min(1).max(1000), status: z.number().int().min(400).max(599).optional() });

export async function startSocialMediaSimulator({ port = 0, host = '127.0.0.1', accessToken, webhookSecret, webhookUrl }: { port?: number; host?: string; accessToken: string; webhookSecret: string; webhookUrl?: string }): Promise<SocialMediaSimulator> {
  let target = webhookUrl;
  let published: PublishedReply[] = [];
  let byKey = new Map<string, PublishedReply>();
  let deliveries: SocialDelivery[] = [];
  let faults: number[] = [];

  const postOnce = async (delivery: SocialDelivery): Promise<number | 'unreachable' | 'no-webhook'> => {
    let outcome: number | 'unreachable' | 'no-webhook';
    if (!target) outcome = 'no-webhook';
    else {
      try {
        const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', [SOCIAL_SIGNATURE_HEADER]: delivery.signature }, body: delivery.rawBody, signal: AbortSignal.timeout(30_000) });
        await response.arrayBuffer();
        outcome = response.status;
      } catch {
        outcome = 'unreachable';
      }
    }
    delivery.outcomes.push(outcome);
    return outcome;
  };

  const control: SocialMediaSimulatorControl = {
    replies: () => published.map((reply) => ({ ...reply })),
    async post(input) {
      const body: PostDelivery = {
        network: input.network ?? 'facebook',
        postId: input.postId ?? `${Date.now()}_${randomBytes(6).toString('hex')}`,
        kind: input.kind ?? 'comment',
        author: input.author ?? { handle: 'test.kunde', name: 'Test Kunde' },
        text: input.text,
        postedAt: input.postedAt ?? new Date().toISOString(),
      };
      const rawBody = JSON.stringify(body);
      const delivery: SocialDelivery = { deliveryId: randomBytes(8).toString('hex'), postId: body.postId, rawBody, signature: signWebhookBody(rawBody, webhookSecret), outcomes: [] };
      deliveries.push(delivery);
      const outcome = await postOnce(delivery);
      return { postId: body.postId, caseId: socialCaseId(body.network, body.postId), deliveryId: delivery.deliveryId, outcome };
    },
    async redeliver(deliveryId) {
      const delivery = deliveries.find((candidate) => candidate.deliveryId === deliveryId);
      if (!delivery) throw new RangeError(`no delivery ${deliveryId}`);
      return postOnce(delivery);
    },
    deliveries: () => deliveries.map((delivery) => ({ ...delivery, outcomes: [...delivery.outcomes] })),
    setWebhookUrl(url) {
      target = url;
    },
    failNext(count, status = 503) {
      faults.push(...Array.from({ length: count }, () => status));
    },
    reset() {
      published = [];
      byKey = new Map();
      deliveries = [];
      faults = [];
    },
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  app.post('/v1/replies', (req, res) => {
    const fault = faults.shift();
    if (fault !== undefined) return void res.status(fault).json({ error: 'injected fault' });
    if (req.get('authorization') !== `Bearer ${accessToken}`) return void res.status(401).json({ error: 'invalid token' });
    const parsed = ReplyBodySchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    const earlier = key === undefined ? undefined : byKey.get(key);
    if (earlier) return void res.json({ replyId: earlier.replyId });
    const reply: PublishedReply = { replyId: `reply_${randomBytes(8).toString('hex')}`, ...parsed.data, ...(key === undefined ? {} : { idempotencyKey: key }), at: new Date().toISOString() };
    published.push(reply);
    if (key !== undefined) byKey.set(key, reply);
    res.status(201).json({ replyId: reply.replyId });
  });
  app.post('/_sim/posts', async (req, res) => {
    const parsed = PostBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    res.json(await control.post(parsed.data));
  });
  app.post('/_sim/deliveries/:deliveryId/redeliver', async (req, res) => {
    if (!deliveries.some((delivery) => delivery.deliveryId === req.params.deliveryId)) return void res.status(404).json({ error: 'no such delivery' });
    res.json({ outcome: await control.redeliver(String(req.params.deliveryId)) });
  });
  app.get('/_sim/replies', (_req, res) => {
    res.json({ replies: control.replies() });
  });
  app.post('/_sim/fail-next', (req, res) => {
    const parsed = FailBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    control.failNext(parsed.data.count, parsed.data.status);
    res.json({});
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const status = (error as { status?: unknown } | null)?.status;
    res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500).json({ error: 'bad request' });
  };
  app.use(onError);

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
