/**
 * The telephony port over HTTP against the CTI gateway (`openapi.yaml`).
 *
 * One HTTP attempt per call: retrying is the job of the Temporal activity that calls this, and
 * the idempotency key makes its retry land on the same transfer or call instead of a second one.
 * Errors become `TelephonyError`s whose kind tells the activity whether a retry can help.
 * Phone numbers are personal data: they travel in request bodies only, never in URLs, error
 * messages or logs.
 */
import type { z } from 'zod';
import {
  DEFAULT_RING_TIMEOUT_SECONDS,
  GatewayErrorSchema,
  PlaceCallResultSchema,
  WarmTransferResultSchema,
  type PlaceCallBody,
  type WarmTransferBody,
} from './gateway.schemas';
import {
  TelephonyError,
  type PlaceCallOutcome,
  type PlaceCallRequest,
  type Telephony,
  type WarmTransferOutcome,
  type WarmTransferRequest,
} from './telephony.port';

/** Constructor options of `HttpTelephony`. */
export interface HttpTelephonyOptions {
  /** Where the CTI gateway listens, e.g. `http://cti.bank.internal:8080/v1` (a path is kept). */
  baseUrl: string;
  /**
   * Bound of one request in milliseconds. Requests the gateway holds on purpose (a ringing
   * transfer or outbound call) get their wait plus this as margin.
   */
  requestTimeoutMs?: number;
  /** How long an outbound call rings before it counts as not answered; sent to the gateway. */
  ringTimeoutSeconds?: number;
  /** Replaces the global `fetch`, e.g. to add TLS client certificates or tracing. */
  fetch?: typeof fetch;
  /** Sent as `Authorization: Bearer …` on every call (TELEPHONY_TOKEN); none: no header. */
  accessToken?: string;
}

/** `Telephony` over the CTI gateway's HTTP API. */
export class HttpTelephony implements Telephony {
  private readonly baseUrl: string;
  private readonly requestTimeoutMs: number;
  private readonly ringTimeoutSeconds: number;
  private readonly fetch: typeof fetch;
  private readonly authorization: Record<string, string>;

  constructor({ baseUrl, requestTimeoutMs = 5000, ringTimeoutSeconds = DEFAULT_RING_TIMEOUT_SECONDS, fetch: fetchImpl, accessToken }: HttpTelephonyOptions) {
    this.authorization = accessToken ? { authorization: `Bearer ${accessToken}` } : {};
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.requestTimeoutMs = requestTimeoutMs;
    this.ringTimeoutSeconds = ringTimeoutSeconds;
    this.fetch = fetchImpl ?? globalThis.fetch;
  }

  async warmTransfer(request: WarmTransferRequest): Promise<WarmTransferOutcome> {
    const operation = `warm transfer of call ${request.callId}`;
    assertPositive(request.timeoutSeconds, 'timeoutSeconds', operation);
    const body: WarmTransferBody = {
      targetQueue: request.targetQueue,
      announcement: request.announcement,
      timeoutSeconds: request.timeoutSeconds,
    };
    const answer = await this.post({
      operation,
      path: `/calls/${encodeURIComponent(request.callId)}/warm-transfers`,
      idempotencyKey: request.idempotencyKey,
      body,
      // The gateway holds the request while the advisor's phone rings.
      timeoutMs: request.timeoutSeconds * 1000 + this.requestTimeoutMs,
    });
    return parseAnswer(WarmTransferResultSchema, answer, operation);
  }

  async placeCall(request: PlaceCallRequest): Promise<PlaceCallOutcome> {
    // No number in here: this text ends up in errors, logs and Temporal history.
    const operation = `outbound call for queue ${request.queue}`;
    const body: PlaceCallBody = {
      phoneNumber: request.phoneNumber,
      queue: request.queue,
      ...(request.callerId !== undefined ? { callerId: request.callerId } : {}),
      ringTimeoutSeconds: this.ringTimeoutSeconds,
    };
    const answer = await this.post({
      operation,
      path: '/outbound-calls',
      idempotencyKey: request.idempotencyKey,
      body,
      timeoutMs: this.ringTimeoutSeconds * 1000 + this.requestTimeoutMs,
    });
    return parseAnswer(PlaceCallResultSchema, answer, operation);
  }

  /** One POST; answers the parsed JSON of a 2xx or throws a `TelephonyError`. */
  private async post({ operation, path, idempotencyKey, body, timeoutMs }: PostArgs): Promise<unknown> {
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey, ...this.authorization },
        body: JSON.stringify(body),
        signal,
      });
      // Inside the try: the body can still time out or be cut off after the headers arrived.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new TelephonyError('timeout', `${operation}: no answer from the CTI gateway within ${timeoutMs} ms`);
      throw new TelephonyError('unavailable', `${operation}: CTI gateway unreachable (${networkCode(error)})`);
    }
    if (!response.ok) throw statusError(operation, response.status, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new TelephonyError('unavailable', `${operation}: CTI gateway answered ${response.status} without JSON`);
    }
  }
}

interface PostArgs {
  operation: string;
  path: string;
  idempotencyKey: string;
  body: WarmTransferBody | PlaceCallBody;
  timeoutMs: number;
}

/**
 * 4xx: the request is wrong and a retry would be too (`rejected`), except 408 and 429, which
 * say "not now". 5xx and anything unexpected: the gateway's trouble, a retry may help.
 */
function statusError(operation: string, status: number, text: string): TelephonyError {
  // Only the gateway's code, never its message: a message may quote the request, number and all.
  const code = gatewayCode(text);
  const message = `${operation}: CTI gateway answered ${status}${code ? ` (${code})` : ''}`;
  const retryable = status >= 500 || status === 408 || status === 429 || status < 400;
  return new TelephonyError(retryable ? 'unavailable' : 'rejected', message);
}

function gatewayCode(text: string): string | undefined {
  try {
    const parsed = GatewayErrorSchema.safeParse(JSON.parse(text));
    // A code is an identifier; anything else is not repeated.
    return parsed.success && /^[a-z0-9][a-z0-9-]{0,63}$/i.test(parsed.data.code) ? parsed.data.code : undefined;
  } catch {
    return undefined;
  }
}

function parseAnswer<S extends z.ZodType>(schema: S, answer: unknown, operation: string): z.infer<S> {
  const parsed = schema.safeParse(answer);
  if (parsed.success) return parsed.data;
  // The gateway broke its contract; nothing we sent can fix it, but a later attempt may.
  throw new TelephonyError('unavailable', `${operation}: CTI gateway answered something that is not in its API`);
}

function assertPositive(value: number, field: string, operation: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new TelephonyError('rejected', `${operation}: ${field} must be a positive number`);
}

/**
 * The system error code (ECONNREFUSED, ECONNRESET, …) behind a failed fetch, without its message.
 * Duck-typed: fetch's errors may come from another realm, where `instanceof Error` is false.
 */
function networkCode(error: unknown): string {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'unknown error';
}
