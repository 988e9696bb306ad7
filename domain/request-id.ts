/**
 * The request id that follows one API request into the processes it touches (issue 14): the
 * caller's `X-Request-Id` when it is safe, else a fresh UUID. It is carried in a Temporal header
 * (never in workflow arguments, so histories' inputs stay as they are) from the API's client call
 * into the workflow and on into the activities it schedules, where it lands in the logs.
 *
 * Used on both sides of Temporal: the client and activity interceptors
 * (platform/request-id-interceptors.ts) and the workflow interceptors
 * (workflows/request-id.interceptors.ts), so nothing here touches Node or I/O.
 */
import { defaultPayloadConverter, type Headers } from '@temporalio/common';

/** The Temporal header that carries the id (client → workflow → activity). */
export const REQUEST_ID_HEADER = 'drehscheibe-request-id';

/**
 * What we take over from a caller: letters, digits, `.`, `_` and `-`, at most 100 characters.
 * Anything else (spaces, `@`, `:`…) could smuggle an e-mail address, a customer number with
 * separators or log-injection characters into every log line, and is replaced by a UUID.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** True when `value` may be used as a request id as it is. */
export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/**
 * The id `headers` carry, if they carry a safe one (a forged or broken header is ignored). One
 * JSON payload, outside the payload codec: Temporal does not encode headers, and the id is no secret.
 */
export function requestIdIn(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  try {
    const value = defaultPayloadConverter.fromPayload<unknown>(payload);
    return isSafeRequestId(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** `headers` with the id added; unchanged without one. */
export function withRequestId(headers: Headers, requestId: string | undefined): Headers {
  return requestId === undefined ? headers : { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) };
}
