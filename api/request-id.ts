/**
 * Every request gets an id: the caller's `X-Request-Id` when it is safe (domain/request-id.ts),
 * else a fresh UUID. It is echoed in the answer's `X-Request-Id`, kept on `req.requestId` for the
 * audit trail, and the rest of the request runs inside a {@link RequestContext} scope, so log
 * lines written during the request and the Temporal calls it makes carry it too.
 */
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { isSafeRequestId } from '../domain/request-id';
import type { RequestContext } from '../platform/request-context';

/** The request-id middleware; mount it before everything that logs or calls Temporal. */
export function requestIds(context: RequestContext): RequestHandler {
  return (req, res, next) => {
    const given = req.get('X-Request-Id');
    const requestId = isSafeRequestId(given) ? given : randomUUID();
    req.requestId = requestId;
    res.set('X-Request-Id', requestId);
    // The body parser's callbacks are bound to this scope (raw-body uses AsyncResource), so
    // handlers behind it still see the id.
    context.run({ requestId }, () => next());
  };
}
