/**
 * The express route pattern a request matched, with its mount path: `/api/v1/tasks/:id/claim`,
 * never the URL (URLs carry customer numbers and task ids: in a metric label they would leak
 * personal data and make one time series per customer).
 *
 * Express sets `req.route` to the matched route while the request is inside the router that
 * holds it, but resets `req.baseUrl` when the request leaves that router (an error passed on,
 * say), so by the time the answer is written the mount path is gone. {@link trackRoutePattern}
 * therefore notes `baseUrl + route.path` at the moment the router assigns `req.route`.
 */
import type { Request } from 'express';

declare module 'express-serve-static-core' {
  interface Request {
    /** The matched route's full pattern (api/route-pattern.ts); none: no route matched. */
    routePattern?: string;
  }
}

/** Starts noting `req.routePattern`; call first thing for each request. */
export function trackRoutePattern(req: Request): void {
  let route: unknown = req.route;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: unknown) => {
      route = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (typeof path === 'string') req.routePattern = `${req.baseUrl}${path}`;
    },
  });
}

/** The pattern, or `unmatched` for a request no route answered (404s, 401s before routing). */
export function routePatternOf(req: Request): string {
  return req.routePattern ?? 'unmatched';
}
