/**
 * The customers' web chat and online callback request (issue 13, the online branch). Public:
 * mounted before the Bearer authentication. A session's token (`X-Webchat-Token`) is its proof;
 * the callback request needs none (like a phone call to the Direktberatung) and is idempotent by
 * `Idempotency-Key` in the fixed scope `webchat`.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { PreferredTimeSchema } from '../domain/callback';
import { ContactPhone } from '../domain/contact-data';
import { CustomerId } from '../domain/identifiers';
import { freeText } from '../domain/text';
import { temporalDeadline } from './deadline';
import { HttpError } from './http-error';
import { IdempotencyKeyHeader } from './headers';
import { idempotent, type IdempotencyStore } from './idempotency';
import { parseRequest } from './validation';
import { WEBCHAT_SCOPE, type WebchatUseCases } from './webchat.use-cases';

export const WEBCHAT_PATH = '/api/v1/webchat';
export const WEBCHAT_TOKEN_HEADER = 'X-Webchat-Token';

/** Topics a customer may ask a callback about online (the page's choice, the contact history's topic). */
export const WEBCHAT_CALLBACK_TOPICS = ['girokonto', 'kreditkarte', 'online-banking', 'tagesgeld', 'sparplan', 'bausparen', 'anlageberatung', 'baufinanzierung', 'beratung'] as const;

export const WebchatSessionPathSchema = z.strictObject({ sessionId: z.string().regex(/^[0-9a-f]{32}$/, 'is not a session id') });
export const WebchatMessageBodySchema = z.strictObject({ text: freeText(1, 4096) });
export const WebchatCallbackBodySchema = z.strictObject({
  topic: z.enum(WEBCHAT_CALLBACK_TOPICS),
  /** Absent: as soon as possible. */
  preferredTime: PreferredTimeSchema.optional(),
  phone: ContactPhone,
  /** The customer number, if the customer knows it: noted for the Direktberatung, unchecked. */
  customerId: CustomerId.optional(),
});

export function webchatRoutes(useCases: WebchatUseCases, keys: IdempotencyStore, temporal: { client: Client; deadlineMs: number }): Router {
  const router = Router();
  // Outside the authenticated part, so the deadline every Temporal call shares is set here.
  router.use(WEBCHAT_PATH, temporalDeadline(temporal.client, temporal.deadlineMs));
  router.post(`${WEBCHAT_PATH}/sessions`, (_req, res) => {
    res.status(201).json(useCases.openSession());
  });
  router.post(`${WEBCHAT_PATH}/sessions/:sessionId/messages`, async (req, res) => {
    const { sessionId } = parseRequest(WebchatSessionPathSchema, req.params, 'path');
    useCases.verify(sessionId, req.get(WEBCHAT_TOKEN_HEADER));
    const key = parseRequest(IdempotencyKeyHeader, req.get('Idempotency-Key'), 'Idempotency-Key');
    const { text } = parseRequest(WebchatMessageBodySchema, req.body, 'body');
    // The key names the message: a retried send is the same message, and the conversation ignores a repeat.
    res.status(202).json(await useCases.send(sessionId, text, key ?? randomUUID()));
  });
  router.get(`${WEBCHAT_PATH}/sessions/:sessionId`, async (req, res) => {
    const { sessionId } = parseRequest(WebchatSessionPathSchema, req.params, 'path');
    useCases.verify(sessionId, req.get(WEBCHAT_TOKEN_HEADER));
    res.set('Cache-Control', 'no-store');
    res.json(await useCases.read(sessionId));
  });
  router.post(`${WEBCHAT_PATH}/callback-requests`, idempotent(keys, { required: true, scope: WEBCHAT_SCOPE }, async (req, key) => {
    const body = parseRequest(WebchatCallbackBodySchema, req.body, 'body');
    return { status: 201, body: await useCases.requestCallback(body, key!) };
  }));
  // Another method on these paths: 405 with Allow, also without a Bearer token (the app's own
  // 405 comes after the authentication, which a customer never passes).
  const methods: Array<[string, string]> = [
    [`${WEBCHAT_PATH}/sessions`, 'POST'],
    [`${WEBCHAT_PATH}/sessions/:sessionId`, 'GET, HEAD'],
    [`${WEBCHAT_PATH}/sessions/:sessionId/messages`, 'POST'],
    [`${WEBCHAT_PATH}/callback-requests`, 'POST'],
  ];
  for (const [path, allowed] of methods) {
    router.all(path, (req, res) => {
      res.set('Allow', allowed);
      throw new HttpError(405, `method ${req.method} is not allowed here; allowed: ${allowed}`);
    });
  }
  return router;
}
