/**
 * How the simulator refuses requests: in the Graph API's error shape
 * (`{ error: { message, type, code, error_subcode?, error_data?, fbtrace_id } }`), with the codes
 * and HTTP statuses the Cloud API uses for the same situations.
 */
import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { z } from 'zod';
import { CloudApiErrorCode, type CloudApiErrorAnswer } from '../whatsapp.wire';

/** A refusal with its HTTP status and Graph error fields. */
export class CloudApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    readonly type: string,
    message: string,
    readonly details?: string,
    readonly subcode?: number,
  ) {
    super(message);
    this.name = 'CloudApiError';
  }

  /** The answer's body; a fresh trace id each time, like Meta's. */
  toAnswer(): CloudApiErrorAnswer {
    return {
      error: {
        message: this.message,
        type: this.type,
        code: this.code,
        ...(this.subcode !== undefined ? { error_subcode: this.subcode } : {}),
        ...(this.details !== undefined ? { error_data: { messaging_product: 'whatsapp' as const, details: this.details } } : {}),
        fbtrace_id: `A${randomBytes(12).toString('base64url')}`,
      },
    };
  }
}

/** `(#100) Invalid parameter`, with what is wrong in `details`. */
export function invalidParameter(details: string): CloudApiError {
  return new CloudApiError(400, CloudApiErrorCode.invalidParameter, 'OAuthException', '(#100) Invalid parameter', details);
}

/** A missing, malformed or wrong access token. */
export function invalidToken(): CloudApiError {
  return new CloudApiError(401, CloudApiErrorCode.invalidToken, 'OAuthException', 'Invalid OAuth access token - Cannot parse access token');
}

/** A phone number id that is not the simulator's (Graph's answer for any unknown object id). */
export function unknownObject(): CloudApiError {
  return new CloudApiError(
    400,
    CloudApiErrorCode.invalidParameter,
    'GraphMethodException',
    'Unsupported post request. Object with the given ID does not exist, cannot be loaded due to missing permissions, or does not support this operation.',
    undefined,
    33,
  );
}

/** A free-form message outside the customer-service window. */
export function reEngagement(): CloudApiError {
  return new CloudApiError(
    400,
    CloudApiErrorCode.reEngagement,
    'OAuthException',
    '(#131047) Re-engagement message',
    'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  );
}

/** An injected fault with `status`, carrying the code the platform uses for it. */
export function injectedFault(status: number): CloudApiError {
  if (status === 401) return invalidToken();
  if (status === 429) return new CloudApiError(429, CloudApiErrorCode.throughput, 'OAuthException', '(#130429) Rate limit hit');
  if (status === 503) return new CloudApiError(503, CloudApiErrorCode.serviceUnavailable, 'OAuthException', '(#131016) Service unavailable');
  if (status >= 500) return new CloudApiError(status, CloudApiErrorCode.generic, 'OAuthException', '(#131000) Something went wrong');
  return new CloudApiError(status, CloudApiErrorCode.invalidParameter, 'OAuthException', '(#100) Invalid parameter', 'injected fault');
}

/** Parses a part of the request (`location`: body, header) or throws `(#100)` naming the fields. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, location: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  // zod's messages name the expectation, never the value: no number or text is echoed.
  const problems = result.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : location}: ${issue.message}`);
  throw invalidParameter(problems.join('; '));
}

/** Last route: Graph answers an unknown path with code 2500. */
export const notFound: RequestHandler = (_req, _res, next) =>
  next(new CloudApiError(400, 2500, 'OAuthException', 'Unknown path components'));

/** Refusals keep their status and code; body-parser errors are `(#100)`; anything else is a 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (res.headersSent) return next(error);
  const refusal = toRefusal(error);
  res.status(refusal.status).json(refusal.toAnswer());
};

function toRefusal(error: unknown): CloudApiError {
  if (error instanceof CloudApiError) return error;
  const status = (error as { status?: unknown } | null)?.status;
  // express's body parser: bad JSON, too large.
  if (typeof status === 'number' && status >= 400 && status < 500) return invalidParameter(`body: ${(error as Error).message}`);
  return new CloudApiError(500, CloudApiErrorCode.generic, 'OAuthException', '(#131000) Something went wrong');
}
