/**
 * The customers' web chat and online callback request (issue 13, the online branch). Public:
 * mounted before the Bearer authentication. A session's token (`X-Webchat-Token`) is its proof;
 * the callback request needs none (like a phone call to the Direktberatung) and is idempotent by
 * `Idempotency-Key` in the fixed scope `webchat`. Opening sessions, writing and asking for a
 * callback are rate-limited (api/webchat-limits.ts); a token expires (api/webchat-token.ts).
 */
import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
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
import type { Logger } from '../platform/logger';
import { webchatLimiters, type RateLimitStoreFor, type WebchatRateLimits } from './webchat-limits';
import { WEBCHAT_TOKEN_HEADER } from './webchat-token';
import { WEBCHAT_SCOPE, type WebchatUseCases } from './webchat.use-cases';

export { WEBCHAT_TOKEN_HEADER } from './webchat-token';
export const WEBCHAT_PATH = '/api/v1/webchat';

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

/** What the public routes need besides the use cases. */
export interface WebchatRouteOptions {
  keys: IdempotencyStore;
  temporal: { client: Client; deadlineMs: number };
  limits: WebchatRateLimits;
  logger: Logger;
  /** Where the limits count (api/webchat-limits.ts); none: this process's memory. */
  storeFor?: RateLimitStoreFor;
}

export function webchatRoutes(useCases: WebchatUseCases, { keys, temporal, limits, logger, storeFor }: WebchatRouteOptions): Router {
  const router = Router();
  const limit = webchatLimiters(limits, logger, storeFor);
  // Outside the authenticated part, so the deadline every Temporal call shares is set here.
  router.use(WEBCHAT_PATH, temporalDeadline(temporal.client, temporal.deadlineMs));
  /** The session in the path, and its token still valid: 400 or 401 otherwise. */
  const validSession: RequestHandler = (req, _res, next) => {
    const { sessionId } = parseRequest(WebchatSessionPathSchema, req.params, 'path');
    useCases.verify(sessionId, req.get(WEBCHAT_TOKEN_HEADER));
    next();
  };
  router.post(`${WEBCHAT_PATH}/sessions`, limit.sessions, (_req, res) => {
    res.status(201).json(useCases.openSession());
  });
  // Per IP before the token is checked (guessing tokens costs budget too), per session after it
  // (nobody but the session's holder can use up its budget).
  router.post(`${WEBCHAT_PATH}/sessions/:sessionId/messages`, limit.messagesPerIp, validSession, limit.messagesPerSession, async (req, res) => {
    const { sessionId } = parseRequest(WebchatSessionPathSchema, req.params, 'path');
    const key = parseRequest(IdempotencyKeyHeader, req.get('Idempotency-Key'), 'Idempotency-Key');
    const { text } = parseRequest(WebchatMessageBodySchema, req.body, 'body');
    // The key names the message: a retried send is the same message, and the conversation ignores a repeat.
    res.status(202).json(await useCases.send(sessionId, text, key ?? randomUUID()));
  });
  router.get(`${WEBCHAT_PATH}/sessions/:sessionId`, validSession, async (req, res) => {
    const { sessionId } = parseRequest(WebchatSessionPathSchema, req.params, 'path');
    res.set('Cache-Control', 'no-store');
    res.json(await useCases.read(sessionId));
  });
  // Counted before the idempotency store is asked; a retry answered from it and bad input (a
  // mistyped phone number, which starts nothing) are taken back out of the count (api/webchat-limits.ts).
  router.post(`${WEBCHAT_PATH}/callback-requests`, ...limit.callbacks, idempotent(keys, { required: true, scope: WEBCHAT_SCOPE }, async (req, key) => {
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
