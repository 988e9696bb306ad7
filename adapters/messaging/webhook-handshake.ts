/**
 * The webhook's verification handshake: when the webhook is configured, Meta calls
 * `GET <webhook>?hub.mode=subscribe&hub.verify_token=<ours>&hub.challenge=<random>` and expects
 * the challenge echoed with 200. Anyone else gets nothing, so the URL cannot be claimed by a
 * stranger's app.
 */
import { timingSafeEqual } from 'node:crypto';

/** The query of a handshake request: `URLSearchParams` or a parsed query such as express's `req.query`. */
export type HandshakeQuery = URLSearchParams | Record<string, unknown>;

/**
 * The challenge to answer (with 200, as plain text) when the request is a subscription with our
 * verify token; undefined otherwise (answer 403).
 */
export function answerSubscriptionChallenge(query: HandshakeQuery, verifyToken: string): string | undefined {
  if (verifyToken.length === 0) throw new TypeError('the verify token must not be empty');
  const get = (name: string): unknown => (query instanceof URLSearchParams ? query.get(name) : query[name]);
  const mode = get('hub.mode');
  const token = get('hub.verify_token');
  const challenge = get('hub.challenge');
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || challenge.length === 0) return undefined;
  return sameText(token, verifyToken) ? challenge : undefined;
}

/** Constant-time equality, so the token cannot be guessed character by character. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
