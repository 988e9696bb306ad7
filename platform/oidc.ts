/**
 * Single sign-on with the bank's OpenID Connect provider: the API takes the provider's JWT access
 * tokens as bearer tokens and checks them itself (signature against the provider's published keys,
 * issuer, audience, lifetime), with `jose`; nothing is asked of the provider per request but, now
 * and then, its key set.
 *
 * Keys rotate: a token signed with a key the cached set does not know makes `jose` fetch the set
 * again (at most once per cooldown), and the set is refreshed after `cacheMaxAgeMs` anyway, so a
 * key the provider removed stops working within that time, without a restart.
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { ProviderUnavailableError, type AuthFailure, type AuthResult, type Authenticator, type SignInMethod } from './authenticator';
import { userFromClaims, type ClaimMapping } from './oidc-claims';

/** Asymmetric algorithms only: an HMAC "signature" would need a shared secret, `none` is none. */
export const OIDC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface OidcSettings {
  /** Exactly the `iss` of the provider's tokens (and of its discovery document). */
  issuer: string;
  /** The `aud` tokens for this API carry. */
  audience: string;
  /** The key set; default: `jwks_uri` from the discovery document. */
  jwksUrl?: string;
  /** The web app's public client and the scopes it asks for. */
  clientId: string;
  scopes: string;
  claims: ClaimMapping;
  /** Allowed difference between our clock and the provider's (default 30 s). */
  clockToleranceSeconds?: number;
  /** The key set is fetched again after this long (default 10 minutes). */
  jwksCacheMaxAgeMs?: number;
  /** No new fetch of the key set within this long after the last one (default 30 s): a flood of tokens with made-up key ids must not flood the provider. */
  jwksCooldownMs?: number;
  /** Requests to the provider give up after this long (default 5 s). */
  timeoutMs?: number;
  /** The clock tokens' lifetimes are checked against (tests move it). */
  now?: () => Date;
}

/** The parts of the discovery document this application uses. */
interface Discovery {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint: string;
  token_endpoint: string;
  /** RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0); optional in the document. */
  end_session_endpoint?: string;
}

/** `${issuer}/.well-known/openid-configuration` (OpenID Connect Discovery 1.0, section 4). */
export function discoveryUrlOf(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * The provider's discovery document, read when first needed and then kept; a failed read is
 * tried again at the next need (the API starts even while the provider is briefly away).
 */
class DiscoveryDocument {
  private pending?: Promise<Discovery>;

  constructor(
    private readonly issuer: string,
    private readonly timeoutMs: number,
  ) {}

  get(): Promise<Discovery> {
    this.pending ??= this.fetch().catch((error: unknown) => {
      this.pending = undefined;
      throw error;
    });
    return this.pending;
  }

  private async fetch(): Promise<Discovery> {
    const url = discoveryUrlOf(this.issuer);
    let body: unknown;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), headers: { Accept: 'application/json' } });
      if (!response.ok) throw new ProviderUnavailableError(`its discovery document answered ${response.status}`);
      body = await response.json();
    } catch (error) {
      if (error instanceof ProviderUnavailableError) throw error;
      throw new ProviderUnavailableError(`its discovery document could not be read (${error instanceof Error ? error.name : 'error'})`);
    }
    const document = body as Partial<Record<keyof Discovery, unknown>>;
    // The document must name the configured issuer exactly (Discovery 1.0, section 4.3): else it is someone else's.
    if (document.issuer !== this.issuer) throw new ProviderUnavailableError('its discovery document names another issuer');
    for (const field of ['jwks_uri', 'authorization_endpoint', 'token_endpoint'] as const) {
      if (typeof document[field] !== 'string' || !URL.canParse(document[field])) throw new ProviderUnavailableError(`its discovery document has no ${field}`);
    }
    // Optional: a provider without it ends only the app's session at sign-out (a malformed one is ignored, not trusted).
    const endSession = typeof document.end_session_endpoint === 'string' && URL.canParse(document.end_session_endpoint) ? document.end_session_endpoint : undefined;
    return { ...(document as Discovery), end_session_endpoint: endSession };
  }
}

/** A `jose` error (or a failed fetch of the key set) as the reason the token is refused. */
function failureOf(error: unknown): AuthFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') return 'wrong-issuer';
    if (error.claim === 'aud') return 'wrong-audience';
    if (error.claim === 'nbf' || error.claim === 'iat') return 'not-yet-valid';
    return 'malformed';
  }
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWKSMultipleMatchingKeys) return 'unknown-key';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad-signature';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm-not-allowed';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported || error instanceof errors.JWKInvalid) return 'malformed';
  // The key set could not be fetched, timed out or is not one (JWKSTimeout, JWKSInvalid, a refused connection).
  return 'provider-unavailable';
}

/** Access tokens of the bank's OpenID Connect provider. */
export class OidcAuthenticator implements Authenticator {
  private readonly discovery: DiscoveryDocument;
  private keySet?: Promise<ReturnType<typeof createRemoteJWKSet>>;

  constructor(private readonly settings: OidcSettings) {
    this.discovery = new DiscoveryDocument(settings.issuer, settings.timeoutMs ?? 5_000);
  }

  async authenticate(token: string): Promise<AuthResult> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, (header, input) => this.keys().then((keys) => keys(header, input)), {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        algorithms: OIDC_ALGORITHMS,
        clockTolerance: this.settings.clockToleranceSeconds ?? 30,
        // A token without an end would be valid forever.
        requiredClaims: ['exp'],
        ...(this.settings.now ? { currentDate: this.settings.now() } : {}),
      }));
    } catch (error) {
      return { ok: false, reason: error instanceof ProviderUnavailableError ? 'provider-unavailable' : failureOf(error) };
    }
    return userFromClaims(payload, this.settings.claims);
  }

  async signInMethod(): Promise<SignInMethod> {
    const document = await this.discovery.get();
    return {
      mode: 'oidc',
      issuer: this.settings.issuer,
      clientId: this.settings.clientId,
      scopes: this.settings.scopes,
      authorizationEndpoint: document.authorization_endpoint,
      tokenEndpoint: document.token_endpoint,
      ...(document.end_session_endpoint ? { endSessionEndpoint: document.end_session_endpoint } : {}),
    };
  }

  /** The remote key set, made once its address is known (configured, or from discovery). */
  private keys(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    this.keySet ??= (async () => {
      const url = this.settings.jwksUrl ?? (await this.discovery.get()).jwks_uri;
      return createRemoteJWKSet(new URL(url), {
        timeoutDuration: this.settings.timeoutMs ?? 5_000,
        cooldownDuration: this.settings.jwksCooldownMs ?? 30_000,
        cacheMaxAge: this.settings.jwksCacheMaxAgeMs ?? 10 * 60_000,
      });
    })().catch((error: unknown) => {
      this.keySet = undefined;
      throw error;
    });
    return this.keySet;
  }
}
