/**
 * An error with an HTTP status and a message meant for the caller. Everything else that reaches
 * the error handler is a fault of ours (500), logged with an id and never echoed.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    /** Seconds after which a retry makes sense (sent as Retry-After), for 503s and 409s in flight. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);
