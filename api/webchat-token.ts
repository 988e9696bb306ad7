/**
 * The customers' web-chat session tokens (`X-Webchat-Token`): stateless proof that we opened a
 * session, and when.
 *
 * `token = {issuedAt}.{base64url HMAC-SHA-256(secret, "webchat-session\n{sessionId}\n{issuedAt}")}`,
 * `issuedAt` in whole seconds since the epoch. The issue time is inside the HMAC'd payload, so a
 * client cannot make its session younger by editing it; the lifetime is applied when the token is
 * presented, not baked into it, so a shorter WEBCHAT_SESSION_HOURS also ends tokens already handed
 * out. Still no table: every API instance and a restarted one accept the same tokens (the secret
 * is derived from the payload key, platform/webchat-secret.ts). Tokens of the earlier format
 * (without an issue time) no longer verify: the page then opens a new session, as after expiry.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HttpError } from './http-error';

/** How long a session is valid when nothing else is configured (WEBCHAT_SESSION_HOURS). */
export const DEFAULT_WEBCHAT_SESSION_HOURS = 24;

/** The header that carries the token (also in the OpenAPI document). */
export const WEBCHAT_TOKEN_HEADER = 'X-Webchat-Token';

/** `{seconds}.{43 base64url characters}`: anything else cannot be one of ours. */
const TOKEN_SHAPE = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** A freshly issued token and the moment it stops being accepted. */
export interface IssuedWebchatToken {
  token: string;
  expiresAt: Date;
}

/** Issues and checks session tokens; no state besides the secret and the lifetime. */
export class WebchatTokens {
  private readonly lifetimeSeconds: number;

  /**
   * @param secret the HMAC key (at least 16 bytes)
   * @param sessionHours how long a token is accepted after it was issued
   */
  constructor(
    private readonly secret: Buffer,
    sessionHours: number,
  ) {
    if (secret.length < 16) throw new Error('the web chat secret must have at least 16 bytes');
    if (!(sessionHours > 0)) throw new Error('a web chat session must last longer than 0 hours');
    this.lifetimeSeconds = Math.round(sessionHours * 3600);
  }

  /** The token of `sessionId`, issued at `now`. */
  issue(sessionId: string, now: Date): IssuedWebchatToken {
    const issuedAt = Math.floor(now.getTime() / 1000);
    return { token: `${issuedAt}.${this.macOf(sessionId, issuedAt)}`, expiresAt: new Date((issuedAt + this.lifetimeSeconds) * 1000) };
  }

  /**
   * Accepts a token of `sessionId` that is still within its lifetime at `now`. The signature is
   * checked before the age: a forged token learns nothing about expiry.
   *
   * @throws {HttpError} 401 when the token is missing, not this session's, or expired (each named in the message and `fields`).
   */
  verify(sessionId: string, token: string | undefined, now: Date): void {
    if (token === undefined) throw refused('is required');
    const match = TOKEN_SHAPE.exec(token);
    const issuedAt = match ? Number(match[1]) : NaN;
    const given = Buffer.from(match?.[2] ?? '');
    const expected = Buffer.from(this.macOf(sessionId, Number.isFinite(issuedAt) ? issuedAt : 0));
    if (!match || given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused('does not belong to this session');
    if (Math.floor(now.getTime() / 1000) >= issuedAt + this.lifetimeSeconds) {
      throw new HttpError(401, `${WEBCHAT_TOKEN_HEADER}: the session has expired (a chat session lasts ${this.lifetimeSeconds / 3600} hours); open a new session`, [
        { field: WEBCHAT_TOKEN_HEADER, message: 'has expired' },
      ]);
    }
  }

  private macOf(sessionId: string, issuedAt: number): string {
    return createHmac('sha256', this.secret).update(`webchat-session\n${sessionId}\n${issuedAt}`).digest('base64url');
  }
}

function refused(message: string): HttpError {
  return new HttpError(401, `${WEBCHAT_TOKEN_HEADER}: ${message}`, [{ field: WEBCHAT_TOKEN_HEADER, message }]);
}
