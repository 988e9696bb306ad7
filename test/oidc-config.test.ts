/**
 * Single sign-on's configuration (fail fast, naming the variable) and the mapping of a token's
 * claims to a user.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../platform/config';
import { authenticationFromConfig } from '../platform/authentication';
import { OidcAuthenticator } from '../platform/oidc';
import { oidcSettingsOf } from '../platform/oidc-config';
import { claimAt, parseRoleMap, userFromClaims, type ClaimMapping } from '../platform/oidc-claims';

const OIDC = { OIDC_ISSUER: 'https://login.sparkasse.example/realms/ksc', OIDC_AUDIENCE: 'drehscheibe-api', OIDC_CLIENT_ID: 'drehscheibe-web' };

describe('configuration', () => {
  test('OIDC_ISSUER with its audience and client: the defaults of the claims', () => {
    const settings = oidcSettingsOf(loadConfig(OIDC));
    expect(settings).toMatchObject({
      issuer: OIDC.OIDC_ISSUER,
      audience: 'drehscheibe-api',
      clientId: 'drehscheibe-web',
      scopes: 'openid profile',
      claims: { idClaim: 'sub', nameClaim: 'name', rolesClaim: 'roles', queuesClaim: 'queues' },
    });
    expect(settings?.jwksUrl).toBeUndefined();
    expect(oidcSettingsOf(loadConfig({}))).toBeUndefined();
  });

  test.each([
    [{ ...OIDC, AUTH_USERS_FILE: '/etc/drehscheibe/users.json' }, 'AUTH_USERS_FILE'],
    [{ OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_CLIENT_ID: 'web' }, 'OIDC_AUDIENCE'],
    [{ OIDC_ISSUER: OIDC.OIDC_ISSUER, OIDC_AUDIENCE: 'api' }, 'OIDC_CLIENT_ID'],
    [{ OIDC_AUDIENCE: 'api' }, 'OIDC_AUDIENCE'],
    [{ ...OIDC, OIDC_ISSUER: 'login.sparkasse.example' }, 'OIDC_ISSUER'],
    [{ ...OIDC, OIDC_JWKS_URL: 'keys' }, 'OIDC_JWKS_URL'],
    [{ ...OIDC, OIDC_ROLE_MAP: 'ksc-agents=janitor' }, 'OIDC_ROLE_MAP'],
    [{ ...OIDC, OIDC_ROLE_MAP: 'ksc-agents' }, 'OIDC_ROLE_MAP'],
    [{ ...OIDC, OIDC_ROLES_CLAIM: 'realm_access..roles' }, 'OIDC_ROLES_CLAIM'],
    [{ ...OIDC, OIDC_SCOPES: 'openid  "profile"' }, 'OIDC_SCOPES'],
  ])('a bad combination stops the start and names the variable: %j', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration:[\\s\\S]*${variable}`));
  });

  test('a cluster may take its users from the provider instead of a users file', () => {
    const cluster = { TEMPORAL_ADDRESS: 'temporal.bank.internal:7233' };
    expect(() => loadConfig(cluster)).toThrow(/AUTH_USERS_FILE/);
    let message = '';
    try {
      loadConfig({ ...cluster, ...OIDC });
    } catch (error) {
      message = (error as Error).message;
    }
    // Other variables a cluster needs are still named, but not the users file.
    expect(message).not.toMatch(/AUTH_USERS_FILE/);
  });

  test('the mode follows the configuration: OIDC without demo users, else the demo users', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'drehscheibe-oidc-'));
    const oidc = authenticationFromConfig(loadConfig(OIDC), dataDir);
    expect(oidc.authenticator).toBeInstanceOf(OidcAuthenticator);
    expect(oidc.users.list()).toEqual([]);
    expect(oidc.demoTokens).toEqual([]);
    const demo = authenticationFromConfig(loadConfig({}), dataDir);
    expect(demo.demoTokens.length).toBeGreaterThan(0);
    expect(demo.users.list().length).toBe(demo.demoTokens.length);
  });
});

describe('claims to a user', () => {
  const mapping: ClaimMapping = { idClaim: 'preferred_username', nameClaim: 'name', rolesClaim: 'groups', queuesClaim: 'queues', roleMap: parseRoleMap('ksc-agents=agent, ksc-leads=supervisor, ksc-leads=agent') };

  test('directory groups with commas of their own map when the pairs are separated by semicolons', () => {
    const directory = parseRoleMap('CN=KSC Agents,OU=Groups,DC=bank,DC=de=agent; CN=KSC Leads,OU=Groups,DC=bank,DC=de=supervisor;');
    expect([...directory]).toEqual([
      ['CN=KSC Agents,OU=Groups,DC=bank,DC=de', ['agent']],
      ['CN=KSC Leads,OU=Groups,DC=bank,DC=de', ['supervisor']],
    ]);
    expect(userFromClaims({ sub: 'x1', groups: ['CN=KSC Leads,OU=Groups,DC=bank,DC=de'] }, { ...mapping, idClaim: 'sub', roleMap: directory })).toMatchObject({ ok: true, user: { roles: ['supervisor'] } });
    // Without semicolons the commas separate: such a group cannot be written, and says so.
    expect(() => parseRoleMap('CN=KSC Agents,OU=Groups=agent')).toThrow('"CN=KSC Agents": KSC Agents is not a role');
  });

  test('mapped groups and role names count; other groups are ignored; roles come in a fixed order', () => {
    expect(userFromClaims({ sub: 'f3a9', preferred_username: 's123456', name: 'Sven Leitung', groups: ['ksc-leads', 'auditor', 'vpn-users'], queues: ['ksc', 'ksc'] }, mapping)).toEqual({
      ok: true,
      user: { id: 's123456', name: 'Sven Leitung', roles: ['agent', 'supervisor', 'auditor'], queues: ['ksc'] },
    });
  });

  test('one string is a list of one; no name: the id', () => {
    expect(userFromClaims({ preferred_username: 'a1', groups: 'ksc-agents' }, mapping)).toEqual({ ok: true, user: { id: 'a1', name: 'a1', roles: ['agent'], queues: [] } });
  });

  test('no known role → no-role; no id → malformed', () => {
    expect(userFromClaims({ preferred_username: 'a1', groups: ['vpn-users'] }, mapping)).toEqual({ ok: false, reason: 'no-role' });
    expect(userFromClaims({ preferred_username: 'a1' }, mapping)).toEqual({ ok: false, reason: 'no-role' });
    expect(userFromClaims({ sub: 'x', groups: ['agent'] }, mapping)).toEqual({ ok: false, reason: 'malformed' });
    // Values that are not strings are not roles.
    expect(userFromClaims({ preferred_username: 'a1', groups: [{ name: 'agent' }, 7] }, mapping)).toEqual({ ok: false, reason: 'no-role' });
  });

  test('a claim named like a URL is found by its whole name; a dotted path reaches into objects', () => {
    expect(claimAt({ 'https://bank.example/roles': ['agent'] }, 'https://bank.example/roles')).toEqual(['agent']);
    expect(claimAt({ realm_access: { roles: ['agent'] } }, 'realm_access.roles')).toEqual(['agent']);
    expect(claimAt({ realm_access: ['agent'] }, 'realm_access.roles')).toBeUndefined();
    expect(claimAt({}, 'constructor.name')).toBeUndefined();
  });
});
