/**
 * Sign-in through the bank's OpenID Connect provider: the authorization code flow with PKCE
 * (S256), as a public client (no secret in the browser). The page goes to the provider with a
 * random `state` and a code challenge; the provider sends the browser back to `/anmelden` with a
 * code, which is exchanged at the provider's token endpoint (CORS) for the access token, which
 * the app then uses exactly like a pasted token.
 *
 * The verifier and state wait in sessionStorage (this tab only) for the way back and are used
 * once: a code that comes back with another state, or a second time, is refused.
 */
import { ApiError, NetworkError } from './client';

/** GET /api/v1/auth/config's answer. */
export type AuthConfig =
  | { mode: 'token' }
  | { mode: 'oidc'; issuer: string; clientId: string; scopes: string; authorizationEndpoint: string; tokenEndpoint: string; endSessionEndpoint?: string };

type OidcConfig = Extract<AuthConfig, { mode: 'oidc' }>;

/** What waits in sessionStorage for the way back from the provider. */
interface PendingSignIn {
  state: string;
  verifier: string;
  redirectUri: string;
  /** Where to go after signing in (a path of this app). */
  target: string;
}

const PENDING_KEY = 'drehscheibe.oidc.pending';
/** The ID token of this tab's sign-in: the hint sign-out gives the provider (never sent to the API). */
const ID_TOKEN_KEY = 'drehscheibe.oidc.id-token';

// Asked once per page load: the answer changes only with the server's configuration. Not in the
// query cache, which a sign-out or an expired token clears.
let known: AuthConfig | undefined;
let asking: Promise<AuthConfig> | undefined;

/** How this app signs in, if already known (no waiting). */
export function knownAuthConfig(): AuthConfig | undefined {
  return known;
}

/** How this app signs in (asked before anyone is signed in); a failure is asked again next time. */
export function authConfig(): Promise<AuthConfig> {
  asking ??= fetchAuthConfig().then(
    (config) => (known = config),
    (error: unknown) => {
      asking = undefined;
      throw error;
    },
  );
  return asking;
}

async function fetchAuthConfig(): Promise<AuthConfig> {
  let response: Response;
  try {
    response = await fetch('/api/v1/auth/config', { headers: { Accept: 'application/json' } });
  } catch (error) {
    throw new NetworkError(error);
  }
  if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
  return (await response.json()) as AuthConfig;
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomString = (bytes: number) => base64Url(crypto.getRandomValues(new Uint8Array(bytes)));

/** The provider sends the browser back to the sign-in page. Register it at the provider. */
export function redirectUriOf(origin: string): string {
  return `${origin}/anmelden`;
}

/** Goes to the provider's sign-in; comes back to `/anmelden` with a code. */
export async function startOidcSignIn(config: OidcConfig, target: string): Promise<void> {
  const verifier = randomString(32);
  const challenge = base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const pending: PendingSignIn = { state: randomString(16), verifier, redirectUri: redirectUriOf(window.location.origin), target };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(config.authorizationEndpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scopes,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** A sign-in that came back and cannot be completed: a sentence for the person. */
export class SignInFailed extends Error {
  override name = 'SignInFailed';
}

/** The pending sign-in, taken out of storage (it is used once). */
function takePending(): PendingSignIn | undefined {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  if (!stored) return undefined;
  try {
    return JSON.parse(stored) as PendingSignIn;
  } catch {
    return undefined;
  }
}

// The way back is handled once per code, even if the page's effect runs twice.
const completions = new Map<string, Promise<{ token: string; target: string }>>();

/**
 * Completes the sign-in the provider sent back (`?code&state` or `?error`): checks the state,
 * exchanges the code. Returns the access token and where to go; throws `SignInFailed`.
 */
export function completeOidcSignIn(config: OidcConfig, params: URLSearchParams): Promise<{ token: string; target: string }> {
  const key = params.get('code') ?? params.get('error') ?? '';
  let completion = completions.get(key);
  if (!completion) {
    completion = exchange(config, params);
    completions.set(key, completion);
  }
  return completion;
}

async function exchange(config: OidcConfig, params: URLSearchParams): Promise<{ token: string; target: string }> {
  const pending = takePending();
  if (params.get('error')) throw new SignInFailed(params.get('error') === 'access_denied' ? 'Die Anmeldung wurde abgebrochen.' : 'Die Anmeldung beim Bankkonto ist fehlgeschlagen. Bitte versuchen Sie es erneut.');
  const code = params.get('code');
  // Another tab's or an attacker's code: only the state this tab sent is accepted.
  if (!pending || !code || params.get('state') !== pending.state) throw new SignInFailed('Diese Anmeldung wurde nicht von dieser Seite begonnen. Bitte melden Sie sich erneut an.');
  let response: Response;
  try {
    response = await fetch(config.tokenEndpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: pending.redirectUri, client_id: config.clientId, code_verifier: pending.verifier }),
    });
  } catch {
    throw new SignInFailed('Der Anmeldedienst der Bank ist nicht erreichbar. Bitte versuchen Sie es später erneut.');
  }
  const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; id_token?: unknown };
  if (!response.ok || typeof body.access_token !== 'string') throw new SignInFailed('Die Anmeldung beim Bankkonto ist fehlgeschlagen. Bitte versuchen Sie es erneut.');
  if (typeof body.id_token === 'string') sessionStorage.setItem(ID_TOKEN_KEY, body.id_token);
  else sessionStorage.removeItem(ID_TOKEN_KEY);
  return { token: body.access_token, target: pending.target };
}

/**
 * Sign-out at the provider too (OpenID Connect RP-Initiated Logout 1.0), when it offers it: the
 * browser goes to its end-session endpoint and comes back to the sign-in page. Without it, the
 * provider's session would outlive the app's, and on a desk people share the next "Mit Bankkonto
 * anmelden" would sign in the previous person without asking. True when the browser is on its way.
 */
export function endProviderSession(config: AuthConfig | undefined): boolean {
  const idToken = sessionStorage.getItem(ID_TOKEN_KEY);
  sessionStorage.removeItem(ID_TOKEN_KEY);
  if (config?.mode !== 'oidc' || !config.endSessionEndpoint) return false;
  const url = new URL(config.endSessionEndpoint);
  url.search = new URLSearchParams({
    client_id: config.clientId,
    post_logout_redirect_uri: redirectUriOf(window.location.origin),
    ...(idToken ? { id_token_hint: idToken } : {}),
  }).toString();
  window.location.assign(url.toString());
  return true;
}
