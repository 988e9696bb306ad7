/**
 * Authentication and role checks: the one place that knows about tokens. Every /api route
 * passes `authenticate`; each route names the roles it admits with `allow(...)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role, User } from '../domain/identity';
import type { AuthFailure, Authenticator } from '../platform/authenticator';
import { HttpError } from './http-error';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api request. */
    user?: User;
  }
}

/** What a refused token is told (RFC 6750 `invalid_token`): why, never the token. */
const INVALID_TOKEN: Record<Exclude<AuthFailure, 'no-role' | 'provider-unavailable'>, string> = {
  'unknown-token': 'unknown token',
  malformed: 'the token is not a valid access token',
  expired: 'the token has expired; sign in again',
  'not-yet-valid': 'the token is not valid yet (compare the clocks of this server and the sign-in provider)',
  'wrong-issuer': 'the token was issued by another provider',
  'wrong-audience': 'the token is not meant for this API (audience)',
  'unknown-key': 'the token is signed with a key the sign-in provider does not publish',
  'bad-signature': "the token's signature does not verify",
  'algorithm-not-allowed': 'the token is signed with an algorithm this API does not accept',
};

/** The answer to a refused token. */
function refusal(reason: AuthFailure, res: Response): HttpError {
  // Valid, but the person has no role here: signing in again would not help, so 403, not 401.
  if (reason === 'no-role') {
    res.set('WWW-Authenticate', 'Bearer error="insufficient_scope"');
    return new HttpError(403, 'Authorization: the token carries no role of this application; ask for one to be granted');
  }
  // Not the caller's fault: the keys to check the token with cannot be had right now.
  if (reason === 'provider-unavailable') return new HttpError(503, 'Authorization: the sign-in provider cannot be reached to check the token; try again shortly', [], 5);
  res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
  return new HttpError(401, `Authorization: ${INVALID_TOKEN[reason]}`);
}

/** Every /api route passes this: the bearer token's user, checked by `authenticator`. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('Authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    if (!token) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new HttpError(401, header ? 'Authorization: not a Bearer token' : 'Authorization: a Bearer token is required'));
      return;
    }
    const result = await authenticator.authenticate(token);
    if (!result.ok) {
      next(refusal(result.reason, res));
      return;
    }
    req.user = result.user;
    next();
  };
}

/** Admits users holding at least one of `roles` (admin always). */
export function allow(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    const user = req.user;
    if (user && user.roles.some((role) => role === 'admin' || roles.includes(role))) return next();
    next(new HttpError(403, `this needs one of the roles: ${roles.join(', ')}`));
  };
}

/** The authenticated user (routes behind `authenticate` only). */
export function currentUser(req: Request): User {
  if (!req.user) throw new HttpError(401, 'Authorization: a Bearer token is required');
  return req.user;
}
