/**
 * Single sign-on: the API takes access tokens of a real OpenID Connect provider (`oidc-provider`
 * in a child process, JWT access tokens for the API's audience) and refuses every kind of wrong
 * token with a 401 that says why, a token without a role of this application with a 403, and
 * follows the provider's key rotation without a restart.
 */
import { createServer, type Server } from 'node:http';
import type { Express } from 'express';
import request from 'supertest';
import { importJWK, SignJWT, type JWK } from 'jose';
import { OidcAuthenticator, type OidcSettings } from '../platform/oidc';
import { parseRoleMap } from '../platform/oidc-claims';
import { UserRegistry } from '../platform/users';
import { startApiSystem, type ApiSystem } from './support/api-system';
import { eventually } from './support/eventually';
import { rsaSigningKey, startOidcProvider, TEST_API_AUDIENCE, type ProviderConfig, type TestClient, type TestOidcProvider } from './support/oidc-provider';

const OTHER_AUDIENCE = 'https://other-system.sparkasse.test/api';
const TTL_SECONDS = 300;
const client = (client_id: string, claims: Record<string, unknown>): TestClient => ({
  client_id,
  client_secret: `${client_id}-secret-0123456789abcdef`,
  grant_types: ['client_credentials'],
  response_types: [],
  token_endpoint_auth_method: 'client_secret_basic',
  claims,
});
const CLIENTS = [
  client('anna', { name: 'Anna Agentin', roles: ['agent'], queues: ['ksc', 'social-media'] }),
  // As Keycloak puts them: the realm's roles, here the bank's groups, most of them not ours.
  client('sven', { name: 'Sven Supervisor', realm_access: { roles: ['ksc-supervisors', 'offline_access', 'uma_authorization'] }, queues: ['supervisor'] }),
  client('jan', { name: 'Jan Hausmeister', roles: ['janitor'], realm_access: { roles: ['facility'] }, queues: ['ksc'] }),
];
const tokenOf = (provider: TestOidcProvider, clientId: string, resource?: string) => provider.clientToken(clientId, `${clientId}-secret-0123456789abcdef`, resource);

let api: ApiSystem;
let provider: TestOidcProvider;
let keyA: JWK;
let config: ProviderConfig;
/** The API's clock, moved by a test. */
let clockOffsetMs = 0;
let app: Express;
let groupsApp: Express;

const settings = (overrides: Partial<OidcSettings> = {}): OidcSettings => ({
  issuer: provider.issuer,
  audience: TEST_API_AUDIENCE,
  clientId: 'drehscheibe-web',
  scopes: 'openid profile',
  claims: { idClaim: 'sub', nameClaim: 'name', rolesClaim: 'roles', queuesClaim: 'queues', roleMap: new Map() },
  now: () => new Date(Date.now() + clockOffsetMs),
  ...overrides,
});
const appWith = (authenticator: OidcAuthenticator) => api.appWith({ authenticator, users: new UserRegistry([]) });
const me = (target: Express, token: string) => request(target).get('/api/v1/me').set('Authorization', `Bearer ${token}`);

beforeAll(async () => {
  keyA = await rsaSigningKey('key-a');
  config = { keys: [keyA], resources: [TEST_API_AUDIENCE, OTHER_AUDIENCE], accessTokenTtlSeconds: TTL_SECONDS, clients: CLIENTS };
  [api, provider] = await Promise.all([startApiSystem('oidc'), startOidcProvider(config)]);
  app = appWith(new OidcAuthenticator(settings()));
  groupsApp = appWith(new OidcAuthenticator(settings({ claims: { idClaim: 'sub', nameClaim: 'name', rolesClaim: 'realm_access.roles', queuesClaim: 'queues', roleMap: parseRoleMap('ksc-agents=agent,ksc-supervisors=supervisor') } })));
});

afterAll(async () => {
  await provider?.stop();
  await api?.stop();
});

afterEach(() => {
  clockOffsetMs = 0;
});

describe('GET /api/v1/auth/config (no token needed)', () => {
  test('static tokens: the web app asks for a token', async () => {
    const res = await request(api.app).get('/api/v1/auth/config').expect(200);
    expect(res.body).toEqual({ mode: 'token' });
  });

  test('OIDC: the provider\'s endpoints, from its discovery document', async () => {
    const res = await request(app).get('/api/v1/auth/config').expect(200);
    const discovery = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    expect(res.body).toEqual({
      mode: 'oidc',
      issuer: provider.issuer,
      clientId: 'drehscheibe-web',
      scopes: 'openid profile',
      authorizationEndpoint: discovery.authorization_endpoint,
      tokenEndpoint: discovery.token_endpoint,
      endSessionEndpoint: discovery.end_session_endpoint,
    });
    expect(discovery.end_session_endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
  });

  test.each([
    ['names none', undefined],
    ['names a malformed one', 'not a url'],
  ])('OIDC: no endSessionEndpoint when the discovery document %s (sign-out then ends the app\'s session only)', async (_case, endSession) => {
    let issuer = '';
    const discovery: Server = createServer((_req, res) => {
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks`, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, ...(endSession ? { end_session_endpoint: endSession } : {}) }));
    });
    await new Promise<void>((resolve) => discovery.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(discovery.address() as { port: number }).port}`;
    try {
      const authenticator = new OidcAuthenticator({ issuer, audience: TEST_API_AUDIENCE, clientId: 'drehscheibe-web', scopes: 'openid', claims: { idClaim: 'sub', nameClaim: 'name', rolesClaim: 'roles', queuesClaim: 'queues', roleMap: new Map() } });
      expect(await authenticator.signInMethod()).toEqual({ mode: 'oidc', issuer, clientId: 'drehscheibe-web', scopes: 'openid', authorizationEndpoint: `${issuer}/auth`, tokenEndpoint: `${issuer}/token` });
    } finally {
      await new Promise((resolve) => discovery.close(resolve));
    }
  });
});

describe('valid tokens', () => {
  test('roles, queues and name come from the token; the routes behind roles admit it', async () => {
    const token = await tokenOf(provider, 'anna');
    const res = await me(app, token).expect(200);
    expect(res.body).toEqual({ id: 'anna', name: 'Anna Agentin', roles: ['agent'], queues: ['ksc', 'social-media'] });
    await request(app).get('/api/v1/tasks').set('Authorization', `Bearer ${token}`).expect(200);
    // The audit trail is for auditors and supervisors.
    await request(app).get('/api/v1/audit').set('Authorization', `Bearer ${token}`).expect(403);
  });

  test('groups map to roles (OIDC_ROLE_MAP, a dotted claim path); other groups are ignored', async () => {
    const res = await me(groupsApp, await tokenOf(provider, 'sven')).expect(200);
    expect(res.body).toEqual({ id: 'sven', name: 'Sven Supervisor', roles: ['supervisor'], queues: ['supervisor'] });
  });

  test('with OIDC no list of users is known: the queues show no people', async () => {
    const res = await request(groupsApp).get('/api/v1/task-queues').set('Authorization', `Bearer ${await tokenOf(provider, 'sven')}`).expect(200);
    const queues = res.body.queues as Array<{ queue: string; people: unknown[] }>;
    expect(queues.length).toBeGreaterThan(0);
    expect(queues.every((queue) => queue.people.length === 0)).toBe(true);
  });
});

describe('refused tokens', () => {
  const expectRefused = (res: request.Response, token: string, reason: RegExp) => {
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(res.body.error).toMatch(reason);
    // The token is never echoed, not even a part of it.
    expect(JSON.stringify(res.body)).not.toContain((token.split('.')[1] ?? token).slice(0, 16));
  };

  test('expired (beyond the clock tolerance) → 401 "expired"', async () => {
    const token = await tokenOf(provider, 'anna');
    clockOffsetMs = (TTL_SECONDS - 5) * 1000;
    await me(app, token).expect(200);
    clockOffsetMs = (TTL_SECONDS + 31) * 1000;
    expectRefused(await me(app, token), token, /expired/);
  });

  test('issued for another audience → 401', async () => {
    const token = await tokenOf(provider, 'anna', OTHER_AUDIENCE);
    expectRefused(await me(app, token), token, /audience/);
  });

  test('issued by another provider (even with the same keys) → 401', async () => {
    const impostor = await startOidcProvider(config);
    try {
      expect(impostor.issuer).not.toBe(provider.issuer);
      const token = await tokenOf(impostor, 'anna');
      expectRefused(await me(app, token), token, /another provider/);
    } finally {
      await impostor.stop();
    }
  });

  test('signed with a key the provider does not publish → 401; with a published key id but another key → 401', async () => {
    const claims = { name: 'Eve', roles: ['admin'], queues: [] };
    const forge = async (key: JWK) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: key.kid!, typ: 'at+jwt' })
        .setIssuer(provider.issuer)
        .setAudience(TEST_API_AUDIENCE)
        .setSubject('eve')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(await importJWK(key, 'RS256'));
    const rogue = await forge(await rsaSigningKey('rogue-key'));
    expectRefused(await me(app, rogue), rogue, /does not publish/);
    const lookalike = await forge(await rsaSigningKey(keyA.kid!));
    expectRefused(await me(app, lookalike), lookalike, /signature/);
  });

  test('a symmetric "signature" (HS256) is not accepted', async () => {
    const token = await new SignJWT({ roles: ['admin'] })
      .setProtectedHeader({ alg: 'HS256', kid: keyA.kid! })
      .setIssuer(provider.issuer)
      .setAudience(TEST_API_AUDIENCE)
      .setSubject('eve')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
    expectRefused(await me(app, token), token, /algorithm/);
  });

  test('not a JWT at all → 401', async () => {
    expectRefused(await me(app, 'not-a-jwt'), 'not-a-jwt', /not a valid access token/);
  });

  test('a valid token without a role of this application → 403 that says so', async () => {
    const token = await tokenOf(provider, 'jan');
    for (const target of [app, groupsApp]) {
      const res = await me(target, token).expect(403);
      expect(res.headers['www-authenticate']).toBe('Bearer error="insufficient_scope"');
      expect(res.body.error).toMatch(/no role of this application/);
    }
  });

  test('the provider unreachable → 503, not a 401 and not a 500', async () => {
    const gone = await startOidcProvider(config);
    const token = await tokenOf(gone, 'anna');
    const unreachable = appWith(new OidcAuthenticator(settings({ issuer: gone.issuer, timeoutMs: 2_000 })));
    await gone.stop();
    const res = await me(unreachable, token).expect(503);
    expect(res.body.error).toMatch(/sign-in provider/);
    expect(res.headers['retry-after']).toBe('5');
    await request(unreachable).get('/api/v1/auth/config').expect(503);
  });
});

describe('key rotation', () => {
  test('a new key verifies without a restart of the API; a removed key stops working', async () => {
    // Its own provider: this test restarts it.
    const rotating = await startOidcProvider(config);
    try {
      // Production defaults are 30 s cooldown and 10 minutes of caching; shortened to watch them.
      const rotatingApp = appWith(new OidcAuthenticator(settings({ issuer: rotating.issuer, jwksCooldownMs: 0, jwksCacheMaxAgeMs: 300 })));
      const oldToken = await tokenOf(rotating, 'anna');
      await me(rotatingApp, oldToken).expect(200);

      // Restart with a new signing key, still publishing the old one.
      const keyB = await rsaSigningKey('key-b');
      await rotating.configure({ ...config, keys: [keyB, keyA] });
      const newToken = await tokenOf(rotating, 'anna');
      expect(JSON.parse(Buffer.from(newToken.split('.')[0]!, 'base64url').toString()).kid).toBe('key-b');
      await me(rotatingApp, newToken).expect(200);
      await me(rotatingApp, oldToken).expect(200);

      // Restart without the old key: once the cached key set is refreshed, old tokens fail.
      await rotating.configure({ ...config, keys: [keyB] });
      const refused = await eventually(() => me(rotatingApp, oldToken), (res) => res.status !== 200, 'the old key to be dropped');
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatch(/does not publish/);
      await me(rotatingApp, newToken).expect(200);
    } catch (error) {
      throw new Error(`${String(error)}\nprovider output:\n${rotating.output()}`);
    } finally {
      await rotating.stop();
    }
  });
});
