/**
 * The OIDC_* variables (single sign-on, platform/oidc.ts): their schema, which platform/config.ts
 * spreads into the configuration, the rules between them, and the verifier's settings from them.
 */
import { z } from 'zod';
import type { OidcSettings } from './oidc';
import { parseRoleMap, type RoleMap } from './oidc-claims';

/** A claim name or a dotted path into the token's claims (`realm_access.roles`). */
const claimPath = (fallback: string) =>
  z
    .string()
    .regex(/^[^\s.]+(\.[^\s.]+)*$/, 'must be a claim name or a dotted path such as realm_access.roles')
    .max(200)
    .default(fallback);

const roleMap = z.string().transform((value, ctx): RoleMap => {
  try {
    return parseRoleMap(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `must be group=role pairs separated by commas: ${(error as Error).message}` });
    return z.NEVER;
  }
});

/** The variables, for `z.object({ ...OIDC_CONFIG_FIELDS })`. */
export const OIDC_CONFIG_FIELDS = {
  /** The provider's issuer, exactly as its tokens' `iss`. Set: OIDC is the auth mode (no AUTH_USERS_FILE, no demo users). */
  OIDC_ISSUER: z.url().optional(),
  /** The `aud` of access tokens for this API (its identifier at the provider). Required with OIDC_ISSUER. */
  OIDC_AUDIENCE: z.string().min(1).max(500).optional(),
  /** The provider's key set; default: `jwks_uri` of `${OIDC_ISSUER}/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: z.url().optional(),
  /** The claim with the roles or groups; a group mapped in OIDC_ROLE_MAP, or a role's own name, is a role. */
  OIDC_ROLES_CLAIM: claimPath('roles'),
  /** `group=role,…`, e.g. `ksc-agents=agent,ksc-supervisors=supervisor`. */
  OIDC_ROLE_MAP: roleMap.optional(),
  OIDC_QUEUES_CLAIM: claimPath('queues'),
  OIDC_NAME_CLAIM: claimPath('name'),
  /** The user id the application records (tasks, audit trail), e.g. `preferred_username`. */
  OIDC_ID_CLAIM: claimPath('sub'),
  /** The web app's client at the provider: public, authorization code flow with PKCE. Required with OIDC_ISSUER. */
  OIDC_CLIENT_ID: z.string().min(1).max(200).optional(),
  /** What the web app asks for, space-separated. */
  OIDC_SCOPES: z
    .string()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, 'must be scopes separated by single spaces, e.g. "openid profile"')
    .default('openid profile'),
};

/** The validated OIDC_* variables. */
export type OidcConfig = z.infer<z.ZodObject<typeof OIDC_CONFIG_FIELDS>>;

/** The rules between the variables (and AUTH_USERS_FILE), for the configuration's superRefine. */
export function checkOidcConfig(config: OidcConfig & { AUTH_USERS_FILE?: string }, ctx: z.RefinementCtx): void {
  if (!config.OIDC_ISSUER) {
    for (const variable of ['OIDC_AUDIENCE', 'OIDC_JWKS_URL', 'OIDC_CLIENT_ID'] as const) {
      if (config[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'needs OIDC_ISSUER' });
    }
    return;
  }
  if (config.AUTH_USERS_FILE) {
    ctx.addIssue({ code: 'custom', path: ['AUTH_USERS_FILE'], message: 'cannot be combined with OIDC_ISSUER: the users come from the sign-in provider then' });
  }
  for (const variable of ['OIDC_AUDIENCE', 'OIDC_CLIENT_ID'] as const) {
    if (!config[variable]) ctx.addIssue({ code: 'custom', path: [variable], message: 'is required when OIDC_ISSUER is set' });
  }
}

/** The verifier's settings; undefined without OIDC_ISSUER (static tokens). */
export function oidcSettingsOf(config: OidcConfig): OidcSettings | undefined {
  if (!config.OIDC_ISSUER || !config.OIDC_AUDIENCE || !config.OIDC_CLIENT_ID) return undefined;
  return {
    issuer: config.OIDC_ISSUER,
    audience: config.OIDC_AUDIENCE,
    ...(config.OIDC_JWKS_URL ? { jwksUrl: config.OIDC_JWKS_URL } : {}),
    clientId: config.OIDC_CLIENT_ID,
    scopes: config.OIDC_SCOPES,
    claims: {
      idClaim: config.OIDC_ID_CLAIM,
      nameClaim: config.OIDC_NAME_CLAIM,
      rolesClaim: config.OIDC_ROLES_CLAIM,
      queuesClaim: config.OIDC_QUEUES_CLAIM,
      roleMap: config.OIDC_ROLE_MAP ?? new Map(),
    },
  };
}
