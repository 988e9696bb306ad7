/**
 * Authentication and role checks: the one place that knows about tokens. Every /api route
 * passes `authenticate`; each route names the roles it admits with `allow(...)`.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Role, User } from '../domain/identity';
import type { UserRegistry } from '../platform/users';
import { HttpError } from './http-error';

declare module 'express-serve-static-core' {
  interface Request {
    /** Set by `authenticate` on every /api request. */
    user?: User;
  }
}

export function authenticate(users: UserRegistry): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('Authorization');
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const user = token ? users.authenticate(token) : undefined;
    if (!user) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new HttpError(401, header ? 'Authorization: unknown token' : 'Authorization: a Bearer token is required'));
      return;
    }
    req.user = user;
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
