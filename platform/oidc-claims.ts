/**
 * From a verified access token's claims to a `User`: which claim holds the id, the name, the
 * roles (or the bank's groups, mapped to roles) and the queues. Pure: the token's signature,
 * issuer, audience and lifetime are checked before (platform/oidc.ts).
 */
import { ROLES, type Role, type User } from '../domain/identity';

/** The bank's group (or role) names → this application's roles. */
export type RoleMap = ReadonlyMap<string, readonly Role[]>;

/** Where the claims are and how groups become roles (OIDC_* in platform/config.ts). */
export interface ClaimMapping {
  /** The user's id, e.g. `sub` or `preferred_username`. */
  idClaim: string;
  nameClaim: string;
  /** Roles or groups: an array of strings or one string; a dotted path reaches into objects (`realm_access.roles`). */
  rolesClaim: string;
  queuesClaim: string;
  roleMap: RoleMap;
}

/** Why claims give no user: no id (`malformed`), or no role of this application (`no-role`). */
export type ClaimsResult = { ok: true; user: User } | { ok: false; reason: 'malformed' | 'no-role' };

// Bounds against tokens with absurd claims: no id, name or list may grow without limit.
const MAX_TEXT = 200;
const MAX_ENTRIES = 200;

const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

/**
 * Parses `group=role,group=role` (OIDC_ROLE_MAP). A group may be named more than once to get
 * several roles. Directory groups arrive as distinguished names with commas of their own
 * (`CN=KSC Agents,OU=Groups,DC=bank,DC=de`): a spec with a `;` is split at semicolons instead
 * (`CN=KSC Agents,OU=Groups,DC=bank,DC=de=agent; CN=KSC Leads,…=supervisor`); the role is what
 * follows a pair's last `=`. Throws naming the bad pair.
 */
export function parseRoleMap(spec: string): RoleMap {
  const map = new Map<string, Role[]>();
  const separator = spec.includes(';') ? ';' : ',';
  for (const pair of spec.split(separator).map((entry) => entry.trim()).filter((entry) => entry.length > 0)) {
    const at = pair.lastIndexOf('=');
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || group.length === 0) throw new Error(`"${pair}" is not group=role`);
    if (!isRole(role)) throw new Error(`"${pair}": ${role} is not a role (one of ${ROLES.join(', ')})`);
    map.set(group, [...new Set([...(map.get(group) ?? []), role])]);
  }
  return map;
}

/**
 * The claim at `path`: the whole path as one name first (claims named like URLs, e.g.
 * `https://bank.example/roles`, contain dots), else the dotted path into nested objects.
 */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(claims, path)) return claims[path];
  let value: unknown = claims;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A claim as a list of strings: an array's strings, or one string; anything else is empty. */
function stringsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list
    .filter((entry): entry is string => typeof entry === 'string' && entry.length > 0 && entry.length <= MAX_TEXT)
    .slice(0, MAX_ENTRIES);
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_TEXT ? value.trim() : undefined;

/**
 * The user the claims describe. Mapped groups give their roles; a value that is a role's name
 * counts as that role; other values are ignored (a token carries many groups of other systems).
 */
export function userFromClaims(claims: Record<string, unknown>, mapping: ClaimMapping): ClaimsResult {
  const id = textOf(claimAt(claims, mapping.idClaim));
  if (!id) return { ok: false, reason: 'malformed' };
  const roles = new Set<Role>();
  for (const value of stringsOf(claimAt(claims, mapping.rolesClaim))) {
    for (const role of mapping.roleMap.get(value) ?? (isRole(value) ? [value] : [])) roles.add(role);
  }
  if (roles.size === 0) return { ok: false, reason: 'no-role' };
  return {
    ok: true,
    user: {
      id,
      name: textOf(claimAt(claims, mapping.nameClaim)) ?? id,
      roles: ROLES.filter((role) => roles.has(role)),
      queues: [...new Set(stringsOf(claimAt(claims, mapping.queuesClaim)))],
    },
  };
}
