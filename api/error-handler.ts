/**
 * The one place where errors become HTTP answers. Client mistakes get a 4xx naming the field;
 * unknown ids 404; conflicts 409; only our own faults 500 (logged with an id, body says nothing).
 */
import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler } from 'express';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { CampaignRunErrors } from '../domain/campaign-run';
import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcCancelledError, isGrpcDeadlineError } from '@temporalio/client';
import { CoreBankingError } from '../adapters/core-banking/core-banking.port';
import { CallbackErrors } from '../domain/callback';
import { ConsentErrors } from '../domain/consent';
import { ContactBlockErrors } from '../domain/contact-block';
import { TaskErrors } from '../domain/task';
import { HttpError, type FieldProblem } from './http-error';
import { routePatternOf } from './route-pattern';
import type { Logger } from '../platform/logger';

/** Workflow failure types and the HTTP status each maps to. */
const FAILURE_STATUS: Record<string, number> = {
  [ContactBlockErrors.NotActive]: 404,
  [ContactBlockErrors.RequestIdReused]: 422,
  [TaskErrors.NotFound]: 404,
  [TaskErrors.NotActive]: 409,
  [TaskErrors.ClaimedByOther]: 409,
  [TaskErrors.NotYourQueue]: 403,
  [TaskErrors.InvalidResult]: 422,
  [CallbackErrors.AlreadyFinished]: 409,
  [ConsentErrors.NotAsking]: 409,
  [ConsentErrors.Unavailable]: 503,
  [CampaignRunErrors.NotInState]: 409,
};

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const http = toHttpError(error);
    if (http) {
      if (http.retryAfterSeconds !== undefined) res.set('Retry-After', String(http.retryAfterSeconds));
      res.status(http.status).json({ error: http.message, ...(http.fields.length ? { fields: http.fields } : {}) });
      return;
    }
    const errorId = randomUUID();
    logger.error('request failed', { errorId, method: req.method, route: routePatternOf(req), error: describe(error) });
    res.status(500).json({ error: 'internal error', errorId });
  };
}

function toHttpError(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (isBodyParserError(error)) {
    if (error.type === 'entity.parse.failed') return new HttpError(400, 'body: is not valid JSON', [{ field: 'body', message: 'is not valid JSON' }]);
    if (error.type === 'entity.too.large') return new HttpError(413, 'body: is too large');
    return new HttpError(error.status, `body: ${error.message}`);
  }
  if (error instanceof WorkflowNotFoundError) return new HttpError(404, 'not found');
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || pastDeadline(error)) {
    // api/deadline.ts: the process did not answer in time. It may still do what was asked.
    return new HttpError(503, 'the process did not answer in time; it may still carry out the request: try again shortly', [], 2);
  }
  if (error instanceof CoreBankingError) {
    // An outage of core banking is the gateway's, not the caller's: 503, so the desktop can try
    // again; a refusal is a bad gateway answer (502). Never a 500 of ours; no gateway details.
    if (error.kind === 'unavailable' || error.kind === 'timeout') {
      return new HttpError(503, `core banking ${error.kind === 'timeout' ? 'did not answer in time' : 'is unavailable'}; try again shortly`);
    }
    return new HttpError(502, 'core banking rejected the request');
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const status = error.cause.type ? FAILURE_STATUS[error.cause.type] : undefined;
    const fields = Array.isArray(error.cause.details?.[0]) ? (error.cause.details[0] as FieldProblem[]) : [];
    if (status) return new HttpError(status, error.cause.message, fields, status === 503 ? 2 : undefined);
  }
  return undefined;
}

/**
 * Whether a Temporal call ran out of the request's deadline (api/deadline.ts). The client wraps
 * the gRPC error (`ServiceError: Failed to query Workflow`); depending on which side noticed
 * first, its code is DEADLINE_EXCEEDED or CANCELLED. Both helpers look down the cause chain.
 */
function pastDeadline(error: unknown): boolean {
  return isGrpcDeadlineError(error) || isGrpcCancelledError(error);
}

interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as BodyParserError).type === 'string' &&
    typeof (error as BodyParserError).status === 'number' &&
    (error as BodyParserError).status < 500
  );
}

/** Error name and message only: messages of ours never carry personal data, stacks stay local. */
function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
