/**
 * How the simulator turns errors into the gateway's error body `{ code, message }`, for the
 * gateway API and the `/_sim` controls alike.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import type { GatewayErrorBody } from '../gateway.schemas';
import { SimulatorError } from './simulator-error';

/** Parses a part of the request (`location`: body, path, header) or throws a 400 naming the field. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // zod's messages name the expectation, never the value: no phone number is echoed.
  const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : location}: ${issue.message}`);
  throw new SimulatorError(400, 'invalid-request', problems.join('; '));
}

/** Last route: anything unmatched is a 404 in the gateway's error format. */
export const notFound: RequestHandler = (_req, _res, next) => next(new SimulatorError(404, 'not-found', 'no such endpoint'));

/** Refusals keep their status and code; body-parser errors are 400; anything else is a 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const { status, body } = toAnswer(error);
  res.status(status).json(body);
};

function toAnswer(error: unknown): { status: number; body: GatewayErrorBody } {
  if (error instanceof SimulatorError) return { status: error.status, body: { code: error.code, message: error.message } };
  if (isClientError(error)) return { status: error.status, body: { code: 'invalid-request', message: `body: ${error.message}` } };
  return { status: 500, body: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
}

/** Errors of express's body parser (bad JSON, too large) carry a 4xx status. */
function isClientError(error: unknown): error is { status: number; message: string } {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
