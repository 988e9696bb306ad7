/**
 * One authenticated JSON POST to a bank gateway (SMS, social media): the shared part of their
 * HTTP adapters. One attempt: retrying is the Temporal activity's job. The body travels in the
 * request only; error messages name the gateway and the status, never the body.
 *
 * A failure is `unavailable` (no answer, 5xx, 408, 429, an answer outside the gateway's API: worth
 * another attempt) or `rejected` (any other 4xx: the same request fails again); the caller turns
 * it into its port's error type.
 */
import type { z } from 'zod';

export type GatewayFailureKind = 'unavailable' | 'rejected';

export interface GatewayPost<A> {
  url: string;
  accessToken: string;
  /** The header the gateway deduplicates by, and its value. */
  idempotency: { header: string; key: string };
  body: unknown;
  answer: z.ZodType<A>;
  timeoutMs: number;
  /** How messages name the call, e.g. `sms` or `reply`, and the gateway, e.g. `gateway`. */
  names: { call: string; gateway: string };
  fail: (kind: GatewayFailureKind, message: string) => Error;
}

export async function postToGateway<A>({ url, accessToken, idempotency, body, answer, timeoutMs, names, fail }: GatewayPost<A>): Promise<A> {
  const signal = AbortSignal.timeout(timeoutMs);
  let response: Response;
  let raw: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json', [idempotency.header]: idempotency.key },
      body: JSON.stringify(body),
      signal,
    });
    raw = await response.text();
  } catch {
    throw fail('unavailable', signal.aborted ? `${names.call}: no answer within ${timeoutMs} ms` : `${names.call}: ${names.gateway} unreachable`);
  }
  if (!response.ok) {
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw fail(retryable ? 'unavailable' : 'rejected', `${names.call}: ${names.gateway} answered ${response.status}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = answer.safeParse(json);
  if (!parsed.success) throw fail('unavailable', `${names.call}: ${names.gateway} answered ${response.status} with something that is not in its API`);
  return parsed.data;
}

/** The fields a request body failed on, for a `rejected` message (the values stay out). */
export function invalidFields(error: z.ZodError): string {
  return [...new Set(error.issues.map((issue) => issue.path.join('.')))].join(', ');
}
