// A real OpenID Connect provider for the tests (the `oidc-provider` package, the same code many
// identity products are built on), run as a child process: the package is an ES module, which
// jest's CommonJS runtime cannot load. test/support/oidc-provider.ts starts it and talks to it
// over the IPC channel of `fork`.
//
// It listens on 127.0.0.1 (a free port) at once and waits for `{ type: 'configure', id, config }`;
// each such message builds a new provider (new keys, clients, accounts: a restart, in all but the
// process) behind the same port, and answers `{ type: 'configured', id, issuer }`. Port and
// issuer stay the same across restarts, as a real provider's do.
//
// config: {
//   issuer?: string                  default http://127.0.0.1:<port>
//   keys: JWK[]                      private signing keys; the first one signs
//   resources: string[]              resource indicators (token audiences) it issues JWTs for; the first is the default
//   accessTokenTtlSeconds: number
//   clients: client metadata[], each with an optional `claims` object that goes into its client_credentials tokens
//   accounts: { [login]: claims }    claims of the users' access tokens (the dev login accepts any password)
// }
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

let handler = (_req, res) => {
  res.statusCode = 503;
  res.end('not configured yet');
};
const server = http.createServer((req, res) => handler(req, res));

function providerFor(issuer, config) {
  const clientClaims = new Map(config.clients.map((client) => [client.client_id, client.claims ?? {}]));
  const clients = config.clients.map(({ claims: _claims, ...metadata }) => metadata);
  const accounts = config.accounts ?? {};
  const [defaultResource] = config.resources;
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys: config.keys },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    findAccount: (_ctx, sub) => (Object.hasOwn(accounts, sub) ? { accountId: sub, claims: () => ({ sub, name: accounts[sub].name }) } : undefined),
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: (_ctx, _client, oneOf) => oneOf ?? defaultResource,
        // The authorization code carries the resource; the token request need not repeat it.
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => {
          if (!config.resources.includes(resource)) throw new errors.InvalidTarget();
          return { scope: 'api', audience: resource, accessTokenTTL: config.accessTokenTtlSeconds, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
        },
      },
    },
    extraTokenClaims: (_ctx, token) => {
      if (token.kind === 'ClientCredentials') return clientClaims.get(token.clientId);
      if (token.accountId && Object.hasOwn(accounts, token.accountId)) return accounts[token.accountId];
      return undefined;
    },
    // The web app runs on another origin than the provider: its token requests need CORS.
    clientBasedCORS: (_ctx, origin, client) => (client.redirectUris ?? []).some((uri) => new URL(uri).origin === origin),
    pkce: { required: () => true },
    ttl: {
      AccessToken: config.accessTokenTtlSeconds,
      ClientCredentials: config.accessTokenTtlSeconds,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  });
  // Unexpected faults on stderr (the test shows them when it fails); wrong requests are the tests' business.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider server_error', error));
  return provider;
}

process.on('message', (message) => {
  if (message?.type !== 'configure') return;
  try {
    const issuer = message.config.issuer ?? `http://127.0.0.1:${server.address().port}`;
    handler = providerFor(issuer, message.config).callback();
    process.send({ type: 'configured', id: message.id, issuer });
  } catch (error) {
    process.send({ type: 'configured', id: message.id, error: String(error?.stack ?? error) });
  }
});
// The parent went away: so does the provider.
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => process.send({ type: 'listening', port: server.address().port }));
