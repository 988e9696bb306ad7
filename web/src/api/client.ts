/**
 * The web app's one way to the REST API: same origin, the bearer token from the sign-in, JSON in
 * and out. Every non-2xx answer becomes an `ApiError` carrying the API's message and the fields
 * it named, so forms can put each message beside its field.
 */
import { clearToken, readToken } from './token';

/** A field the API named in a 400/422 answer. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly body: unknown = undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The network failed or the server did not answer at all. */
export class NetworkError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'NetworkError';
  }
}

export interface ApiOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Sent as `Idempotency-Key`: make one per submission and reuse it when retrying that submission. */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Called when the API says the token is no longer valid (the session ends). */
let onUnauthorized: () => void = () => undefined;
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

function headersFor(options: ApiOptions, token: string | null): Headers {
  const headers = new Headers({ Accept: 'application/json' });
  if (token) headers.set('Authorization', `Bearer ${token}`);
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (options.idempotencyKey) headers.set('Idempotency-Key', options.idempotencyKey);
  return headers;
}

async function errorOf(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const record = (body ?? {}) as { error?: unknown; fields?: unknown };
  const message = typeof record.error === 'string' ? record.error : response.statusText || `HTTP ${response.status}`;
  const fields = Array.isArray(record.fields) ? (record.fields as FieldProblem[]).filter((field) => typeof field?.field === 'string') : [];
  return new ApiError(response.status, message, fields, body);
}

/**
 * Calls `/api/v1{path}` and returns the parsed JSON answer (undefined for 204).
 * Throws `ApiError` for any non-2xx answer and `NetworkError` when no answer came.
 */
export async function api<T>(path: string, options: ApiOptions = {}, token: string | null = readToken()): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers: headersFor(options, token),
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(error);
  }
  if (!response.ok) {
    const error = await errorOf(response);
    if (response.status === 401 && token) {
      clearToken();
      onUnauthorized();
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** One server-sent event. */
export interface StreamEvent {
  event: string;
  data: string;
}

/**
 * Reads a `text/event-stream` from `/api/v1{path}` with the bearer token (EventSource cannot
 * send headers) and calls `onEvent` for each event. Resolves when the server ends the stream,
 * rejects on an error answer or a broken connection; abort with `signal`.
 */
export async function apiStream(path: string, onEvent: (event: StreamEvent) => void, signal: AbortSignal): Promise<void> {
  const token = readToken();
  const headers = new Headers({ Accept: 'text/event-stream' });
  if (token) headers.set('Authorization', `Bearer ${token}`);
  const response = await fetch(`/api/v1${path}`, { headers, signal, cache: 'no-store' });
  if (!response.ok || !response.body) throw await errorOf(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const parsed = parseEvent(block);
      if (parsed) onEvent(parsed);
    }
  }
}

/** One event block of the SSE format; comments (heartbeats) give undefined. */
export function parseEvent(block: string): StreamEvent | undefined {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line === '' || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  return data.length > 0 ? { event, data: data.join('\n') } : undefined;
}
