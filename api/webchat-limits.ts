/**
 * Rate limits of the public web-chat endpoints (the online branch, no staff login). Every message
 * starts or signals a conversation process and every callback request starts a callback process
 * with a task for the Direktberatung, so without limits one script could flood the agents and the
 * engine. Over a limit: 429 with `Retry-After` and the usual error body (api/error-handler.ts).
 *
 * The key is the client's IP address (`req.ip`; IPv6 by its /56 prefix, which one household or
 * phone usually owns whole), because an anonymous visitor has nothing else: a session id is free
 * to get (limited here, too) and the callback request has no session at all. Behind the bank's
 * reverse proxy `req.ip` is the proxy's address unless API_TRUST_PROXY names it (api/app.ts sets
 * express's `trust proxy`); then it is the address the proxy saw. Customers behind one NAT (an
 * office, a mobile carrier) share the per-IP budget, which is why the defaults leave room for
 * several people; messages are limited per session as well, so one chat cannot use it all up.
 *
 * Counters live where `storeFor` says: the application database in a running system
 * (prisma/rate-limit.store.ts), so every API instance behind the load balancer counts against one
 * budget per client and a restart keeps the counts; this process's memory (express-rate-limit's
 * MemoryStore) when none is given (tests that build several apps on one database).
 */
import type { RequestHandler, Response } from 'express';
import { MemoryStore, rateLimit, type AugmentedRequest, type Store } from 'express-rate-limit';
import type { Logger } from '../platform/logger';
import { HttpError } from './http-error';

/** At most `limit` requests per `windowMinutes` (a fixed window that starts at a key's first request). */
export interface RateLimit {
  limit: number;
  windowMinutes: number;
}

/** The public web chat's limits (platform/config.ts `webchatSettingsOf`). */
export interface WebchatRateLimits {
  /** New sessions per IP (WEBCHAT_SESSIONS_PER_IP per WEBCHAT_SESSIONS_WINDOW_MINUTES). */
  sessionsPerIp: RateLimit;
  /** Messages per IP, over all its sessions, counted before the token is checked. */
  messagesPerIp: RateLimit;
  /** Messages per session, counted once the token is accepted. */
  messagesPerSession: RateLimit;
  /** Callback requests per IP; bad input and a retry answered from the idempotency store are not counted. */
  callbacksPerIp: RateLimit;
}

/** What a real online branch can live with: a person chats and asks for a callback well below these. */
export const DEFAULT_WEBCHAT_RATE_LIMITS: WebchatRateLimits = {
  sessionsPerIp: { limit: 10, windowMinutes: 10 },
  messagesPerIp: { limit: 120, windowMinutes: 1 },
  messagesPerSession: { limit: 30, windowMinutes: 1 },
  callbacksPerIp: { limit: 5, windowMinutes: 60 },
};

/** The middlewares of the four limits, each with its own counters. */
export interface WebchatLimiters {
  sessions: RequestHandler;
  messagesPerIp: RequestHandler;
  /** Needs `req.params.sessionId` checked (and the token accepted) before it. */
  messagesPerSession: RequestHandler;
  /** The limiter followed by the step that takes retries and bad input back out of the count. */
  callbacks: RequestHandler[];
}

/** Where a limiter (by name) keeps its counters; none: in this process's memory. */
export type RateLimitStoreFor = (name: string) => Store;

/** Builds the limiters; call once per app (with memory counters, each call has fresh ones). */
export function webchatLimiters(limits: WebchatRateLimits, logger: Logger, storeFor: RateLimitStoreFor = () => new MemoryStore()): WebchatLimiters {
  const callbackStore = storeFor(CALLBACK_LIMIT);
  return {
    sessions: limiter(limits.sessionsPerIp, 'webchatSessionLimit', `too many chat sessions opened from this network (at most ${limitText(limits.sessionsPerIp)})`, logger, { store: storeFor('webchatSessionLimit') }),
    messagesPerIp: limiter(limits.messagesPerIp, 'webchatMessageIpLimit', `too many chat messages from this network (at most ${limitText(limits.messagesPerIp)})`, logger, { store: storeFor('webchatMessageIpLimit') }),
    messagesPerSession: limiter(limits.messagesPerSession, 'webchatMessageSessionLimit', `too many messages in this chat session (at most ${limitText(limits.messagesPerSession)})`, logger, {
      keyGenerator: (req) => `session:${String(req.params.sessionId)}`,
      store: storeFor('webchatMessageSessionLimit'),
    }),
    callbacks: [
      limiter(limits.callbacksPerIp, CALLBACK_LIMIT, `too many callback requests from this network (at most ${limitText(limits.callbacksPerIp)})`, logger, { store: callbackStore }),
      uncountWhenNothingNew(callbackStore, CALLBACK_LIMIT),
    ],
  };
}

const CALLBACK_LIMIT = 'webchatCallbackLimit';

function limitText({ limit, windowMinutes }: RateLimit): string {
  return `${limit} in ${windowMinutes === 1 ? 'a minute' : `${windowMinutes} minutes`}`;
}

/**
 * One limit. `property` is where express-rate-limit puts its count on the request (one per
 * limiter, so two limiters on one route do not overwrite each other's). The library's own headers
 * are off: the 429 goes through the error handler like every other error, with `Retry-After`.
 */
function limiter(
  { limit, windowMinutes }: RateLimit,
  property: string,
  message: string,
  logger: Logger,
  options: { keyGenerator?: (req: Parameters<RequestHandler>[0]) => string; store?: Store } = {},
): RequestHandler {
  return rateLimit({
    limit,
    windowMs: windowMinutes * 60_000,
    requestPropertyName: property,
    legacyHeaders: false,
    standardHeaders: false,
    ...options,
    handler: (req, _res, next) => {
      next(new HttpError(429, `${message}; try again in ${retryAfterSeconds(req, property)} seconds`, [], retryAfterSeconds(req, property)));
    },
    // The library reports misconfigurations (e.g. an X-Forwarded-For header while no proxy is
    // trusted) once each; its messages can carry a client's address, so only the code is logged.
    logger: {
      error: (error) => logger.error('rate limiter misconfigured', { code: codeOf(error) }),
      warn: (error) => logger.warn('rate limiter warning', { code: codeOf(error) }),
    },
  });
}

/** Whole seconds until the window of this request's key ends, at least 1. */
function retryAfterSeconds(req: Parameters<RequestHandler>[0], property: string): number {
  const resetTime = (req as AugmentedRequest)[property]?.resetTime;
  return resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - Date.now()) / 1000)) : 60;
}

/**
 * Takes a callback request back out of the count once its answer shows it asked for nothing new:
 * answered from the idempotency store (`Idempotent-Replayed: true`) or refused with 409 because
 * the same key is still being processed (both retries of a request already counted), or refused
 * as bad input (400: nothing started; a customer's typo should not cost a callback). Only on
 * `finish`, not when the connection drops: a client that hangs up before its answer must not get
 * a request that did start a process uncounted (express-rate-limit's `skipFailedRequests` would).
 * A retry that arrives when the limit is already reached is refused (429) before the idempotency
 * store is asked; the same key after `Retry-After` gets the first answer.
 */
function uncountWhenNothingNew(store: Store, property: string): RequestHandler {
  return (req, res, next) => {
    const info = (req as AugmentedRequest)[property];
    if (info) {
      res.once('finish', () => {
        const sameWindow = !info.resetTime || Date.now() < info.resetTime.getTime();
        if (sameWindow && askedNothingNew(res)) void store.decrement(info.key);
      });
    }
    next();
  };
}

function askedNothingNew(res: Response): boolean {
  return res.get('Idempotent-Replayed') === 'true' || res.statusCode === 409 || res.statusCode === 400;
}

function codeOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : 'unknown';
}
