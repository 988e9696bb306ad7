/**
 * Prometheus metrics of the API process (issue 14, section 3), served at `GET /metrics` in the
 * text exposition format. Each app makes its own registry (no module-level registry: two apps in
 * one process, as tests build them, never share or clash):
 *
 * - `http_requests_total{method,route,status}` and `http_request_duration_seconds{method,route}`,
 *   where `route` is the express route pattern (api/route-pattern.ts), never the URL;
 * - Node's process metrics (prom-client's defaults: CPU, memory, event-loop lag, GC);
 * - the business gauges (api/operations-gauges.ts), when a source is given.
 *
 * With a token, `/metrics` answers only `Authorization: Bearer <token>` (METRICS_TOKEN).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { Logger } from '../platform/logger';
import { HttpError } from './http-error';
import { registerOperationsGauges, type OperationsSource } from './operations-gauges';
import { routePatternOf, trackRoutePattern } from './route-pattern';

/** From 5 ms (a cached read) to 10 s (an Update that waits for its workflow); slower is +Inf. */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export interface ApiMetricsOptions {
  /** The business figures' source; none: only HTTP and process metrics. */
  operations?: OperationsSource;
  /** How long one business snapshot answers scrapes (default 5 s). */
  operationsCacheMs?: number;
  /** Required as Bearer token on `/metrics` when set. */
  token?: string;
  now?: () => Date;
  logger: Logger;
}

export interface ApiMetrics {
  registry: Registry;
  /** Counts and times every request; mount it before everything else. */
  middleware: RequestHandler;
  /** `GET /metrics`. */
  routes: Router;
}

export function createApiMetrics({ operations, operationsCacheMs, token, now, logger }: ApiMetricsOptions): ApiMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route pattern and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({ name: 'http_request_duration_seconds', help: 'Time from receiving a request to the last byte of its answer, by method and route pattern', labelNames: ['method', 'route'], buckets: HTTP_DURATION_BUCKETS, registers: [registry] });
  if (operations) registerOperationsGauges(registry, { source: operations, cacheMs: operationsCacheMs, now, logger });

  const middleware: RequestHandler = (req, res, next) => {
    trackRoutePattern(req);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routePatternOf(req);
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      duration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  const routes = Router();
  const authorized = token === undefined ? () => true : bearerCheck(token);
  routes.get('/metrics', async (req, res, next) => {
    if (!authorized(req.get('Authorization'))) {
      res.set('WWW-Authenticate', 'Bearer');
      next(new HttpError(401, 'Authorization: the metrics token is required (Bearer)'));
      return;
    }
    res.set('Content-Type', registry.contentType).send(await registry.metrics());
  });
  return { registry, middleware, routes };
}

/** Compares in constant time (over digests, so the length of the token leaks neither). */
function bearerCheck(token: string): (header: string | undefined) => boolean {
  const expected = createHash('sha256').update(token).digest();
  return (header) => {
    const given = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    return given !== undefined && timingSafeEqual(createHash('sha256').update(given).digest(), expected);
  };
}
