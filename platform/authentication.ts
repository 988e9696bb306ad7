/**
 * Which authentication the configuration asks for: the bank's OpenID Connect provider
 * (OIDC_ISSUER), a users file with static tokens (AUTH_USERS_FILE), or, in the embedded default
 * only, the demo users whose tokens `npm start` prints.
 */
import type { User } from '../domain/identity';
import { staticTokenAuthenticator, type Authenticator } from './authenticator';
import { OidcAuthenticator } from './oidc';
import { oidcSettingsOf, type OidcConfig } from './oidc-config';
import { demoUsers, loadDemoSecret, loadUsersFile, UserRegistry } from './users';

export interface Authentication {
  authenticator: Authenticator;
  /**
   * Who works which queue (task reassignment, the people of a queue). With OIDC no list of users
   * is known to the application: empty, so reassigning to a person is refused (to a queue works).
   */
  users: UserRegistry;
  /** The embedded default's demo tokens, to print at start; empty otherwise. */
  demoTokens: Array<{ user: User; token: string }>;
}

/** The authentication `config` names (validated by platform/config.ts: OIDC_ISSUER and AUTH_USERS_FILE exclude each other). */
export function authenticationFromConfig(config: OidcConfig & { AUTH_USERS_FILE?: string }, dataDir: string): Authentication {
  const oidc = oidcSettingsOf(config);
  if (oidc) return { authenticator: new OidcAuthenticator(oidc), users: new UserRegistry([]), demoTokens: [] };
  if (config.AUTH_USERS_FILE) {
    const users = loadUsersFile(config.AUTH_USERS_FILE);
    return { authenticator: staticTokenAuthenticator(users), users, demoTokens: [] };
  }
  const { registry, tokens } = demoUsers(loadDemoSecret(dataDir));
  return { authenticator: staticTokenAuthenticator(registry), users: registry, demoTokens: tokens };
}
