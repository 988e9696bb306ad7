/**
 * The authentication port: who a bearer token belongs to, and how the web app signs in. Two
 * adapters: static tokens (a users file, or the embedded default's demo users; platform/users.ts)
 * and the bank's OpenID Connect provider (platform/oidc.ts).
 */
import type { User } from '../domain/identity';
import type { UserRegistry } from './users';

/**
 * Why a token was refused. The API turns this into its answer (api/auth.ts): `no-role` is a 403
 * (the person is known, but not to this application), `provider-unavailable` a 503, the rest 401.
 */
export type AuthFailure =
  | 'unknown-token'
  | 'malformed'
  | 'expired'
  | 'not-yet-valid'
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'unknown-key'
  | 'bad-signature'
  | 'algorithm-not-allowed'
  | 'no-role'
  | 'provider-unavailable';

export type AuthResult = { ok: true; user: User } | { ok: false; reason: AuthFailure };

/** How the web app signs in (GET /api/v1/auth/config): a pasted token, or the provider's authorization code flow. */
export type SignInMethod =
  | { mode: 'token' }
  | {
      mode: 'oidc';
      issuer: string;
      clientId: string;
      scopes: string;
      authorizationEndpoint: string;
      tokenEndpoint: string;
      /** Where sign-out ends the person's session at the provider too (a shared desk must not sign the next person in as the last). */
      endSessionEndpoint?: string;
    };

export interface Authenticator {
  /** Checks a bearer token (never logged, never echoed). */
  authenticate(token: string): Promise<AuthResult>;
  /** For the web app; with OIDC from the provider's discovery document (throws `ProviderUnavailableError` when it cannot be read). */
  signInMethod(): Promise<SignInMethod>;
}

/** The provider could not be reached or answered nonsense: not the caller's fault (503). */
export class ProviderUnavailableError extends Error {
  constructor(detail: string) {
    super(`the sign-in provider is unavailable: ${detail}`);
    this.name = 'ProviderUnavailableError';
  }
}

/** Static tokens: a lookup of the token's hash in `users`. */
export function staticTokenAuthenticator(users: Pick<UserRegistry, 'authenticate'>): Authenticator {
  return {
    authenticate: (token) => {
      const user = users.authenticate(token);
      return Promise.resolve(user ? { ok: true, user } : { ok: false, reason: 'unknown-token' });
    },
    signInMethod: () => Promise.resolve({ mode: 'token' }),
  };
}
