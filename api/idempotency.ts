/**
 * The one idempotency rule for every REST start (DESIGN.md "Idempotency"; the IETF
 * Idempotency-Key draft): a key is scoped to the caller and the operation and fingerprinted with
 * the request (path parameters and body).
 *
 * - first request: runs; its answer (status, Location, JSON body) is stored before it is sent;
 * - the same key again with the same request: the stored answer, byte for byte, with
 *   `Idempotent-Replayed: true`, and nothing runs again, also long after the process closed;
 * - the same key with another request: 422 naming `Idempotency-Key`;
 * - the same key while the first request still runs: 409 with `Retry-After`;
 * - a first request that fails (any 4xx/5xx): nothing is stored, the key can be used again.
 *
 * A crash between the side effect and storing the answer is covered one level down: every use
 * case derives its workflow id (and so its side effects) from the same scoped key, so the retry
 * reaches the same process instead of starting another.
 */
import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { IdempotencyKeyHeader } from './headers';
import { currentUser } from './auth';
import { HttpError } from './http-error';
import { parseRequest } from './validation';

/** What a route answers; the idempotency layer stores and sends it. */
export interface Answer {
  status: number;
  body: unknown;
  location?: string;
}

/** The stored first answer of a key. */
export interface StoredAnswer {
  status: number;
  location?: string;
  /** The JSON body exactly as it was sent. */
  body: string;
}

export type BeginResult = { kind: 'new' } | { kind: 'replay'; answer: StoredAnswer } | { kind: 'other-request' } | { kind: 'in-flight' };

export interface IdempotencyKeyRef {
  scope: string;
  operation: string;
  key: string;
}

/** Where keys and first answers are kept (the application database). */
export interface IdempotencyStore {
  /**
   * Claims the key for a request with `fingerprint`, or says what is known of it. An in-flight
   * claim older than `lockedUntil` of its holder is taken over (the holder died).
   */
  begin(ref: IdempotencyKeyRef, fingerprint: string, now: Date, lockedUntil: Date): Promise<BeginResult>;
  /** Stores the first answer. */
  finish(ref: IdempotencyKeyRef, answer: StoredAnswer, now: Date): Promise<void>;
  /** Frees the key after a failed first request. */
  release(ref: IdempotencyKeyRef): Promise<void>;
}

/** How long a request may hold its key before another may take it over. */
const LEASE_MS = 60_000;

/** The key as scoped for use cases: one caller's key never meets another's. */
export function scopedKey(userId: string, key: string): string {
  return createHash('sha256').update(`${userId}\n${key}`).digest('hex').slice(0, 24);
}

/** SHA-256 of a value's JSON with object keys sorted (key order does not change the request). */
export function fingerprintOf(value: unknown): string {
  const canonical = (item: unknown): unknown =>
    item && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.keys(item).sort().map((key) => [key, canonical((item as Record<string, unknown>)[key])]))
      : Array.isArray(item)
        ? item.map(canonical)
        : item;
  return createHash('sha256').update(JSON.stringify(canonical(value ?? null))).digest('hex');
}

export interface IdempotentOptions {
  /** Whether the request must carry a key (a start without one is refused). */
  required: boolean;
  /**
   * The keys' scope for callers without a user (the customers' web chat: `webchat`); by default
   * the signed-in user's id.
   */
  scope?: string;
}

/**
 * A route handler under the idempotency rule. `handle` gets the request and the validated key
 * (undefined when optional and absent) and returns its answer.
 */
export function idempotent(
  store: IdempotencyStore,
  options: IdempotentOptions,
  handle: (req: Request, key: string | undefined) => Promise<Answer>,
): RequestHandler {
  const keySchema = options.required ? IdempotencyKeyHeader.unwrap() : IdempotencyKeyHeader;
  return async (req, res) => {
    const key = parseRequest(keySchema, req.get('Idempotency-Key'), 'Idempotency-Key');
    if (key === undefined) {
      send(res, serialise(await handle(req, undefined)));
      return;
    }
    const ref: IdempotencyKeyRef = { scope: options.scope ?? currentUser(req).id, operation: `${req.method} ${req.baseUrl}${String(req.route?.path ?? req.path)}`, key };
    const now = new Date();
    const begun = await store.begin(ref, fingerprintOf({ params: req.params, body: req.body }), now, new Date(now.getTime() + LEASE_MS));
    switch (begun.kind) {
      case 'replay':
        res.set('Idempotent-Replayed', 'true');
        send(res, begun.answer);
        return;
      case 'other-request':
        throw new HttpError(422, 'Idempotency-Key: was used before with a different request', [
          { field: 'Idempotency-Key', message: 'was used before with a different request' },
        ]);
      case 'in-flight':
        res.set('Retry-After', '1');
        throw new HttpError(409, 'Idempotency-Key: a request with this key is still being processed; try again shortly', [
          { field: 'Idempotency-Key', message: 'a request with this key is still being processed' },
        ]);
      case 'new':
        break;
    }
    let answer: StoredAnswer;
    try {
      answer = serialise(await handle(req, key));
    } catch (error) {
      await store.release(ref);
      throw error;
    }
    if (answer.status >= 200 && answer.status < 300) await store.finish(ref, answer, new Date());
    else await store.release(ref);
    send(res, answer);
  };
}

function serialise(answer: Answer): StoredAnswer {
  return { status: answer.status, location: answer.location, body: JSON.stringify(answer.body) };
}

function send(res: Parameters<RequestHandler>[1], answer: StoredAnswer): void {
  if (answer.location) res.location(answer.location);
  res.status(answer.status).type('application/json').send(answer.body);
}
