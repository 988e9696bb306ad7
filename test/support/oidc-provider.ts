/**
 * A real OpenID Connect provider for tests (test/support/oidc-provider-server.mjs, in a child process):
 * start it, (re)configure it with keys, clients and accounts, get client_credentials tokens.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

/** The API's identifier at the test provider: the audience of its access tokens. */
export const TEST_API_AUDIENCE = 'https://drehscheibe.sparkasse.test/api';

export interface TestClient {
  client_id: string;
  client_secret?: string;
  grant_types: string[];
  response_types?: string[];
  redirect_uris?: string[];
  /** Where RP-initiated logout may send the browser back to. */
  post_logout_redirect_uris?: string[];
  token_endpoint_auth_method?: 'client_secret_basic' | 'none';
  /** Claims of its client_credentials tokens (roles, queues, name, groups…). */
  claims?: Record<string, unknown>;
}

export interface ProviderConfig {
  /** Default: http://127.0.0.1:<its port>. */
  issuer?: string;
  /** Private signing keys; the first signs. */
  keys: JWK[];
  /** Audiences it issues JWT access tokens for; the first is the default. */
  resources: string[];
  accessTokenTtlSeconds: number;
  clients: TestClient[];
  /** Login name → claims of the user's access tokens. */
  accounts?: Record<string, Record<string, unknown>>;
}

export interface TestOidcProvider {
  issuer: string;
  /** Rebuilds the provider behind the same port and issuer (a restart), e.g. with other keys. */
  configure(config: ProviderConfig): Promise<void>;
  /** A client_credentials access token (client_secret_basic), for `resource` (default: the first configured). */
  clientToken(clientId: string, secret: string, resource?: string): Promise<string>;
  /** What it wrote to stderr: attach to a failure. */
  output(): string;
  stop(): Promise<void>;
}

const SCRIPT = path.join(__dirname, 'oidc-provider-server.mjs');

type Message = { type: 'listening'; port: number } | { type: 'configured'; id: string; issuer?: string; error?: string };

function nextMessage<T extends Message>(child: ChildProcess, accept: (message: Message) => message is T): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Message) => {
      if (!accept(message)) return;
      cleanup();
      resolve(message);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`the OIDC provider exited (${code})`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts the provider and configures it once. */
export async function startOidcProvider(config: ProviderConfig): Promise<TestOidcProvider> {
  const child = fork(SCRIPT, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const { port } = await nextMessage(child, (message): message is Extract<Message, { type: 'listening' }> => message.type === 'listening');
  let issuer = config.issuer ?? `http://127.0.0.1:${port}`;
  let current = config;

  const configure = async (next: ProviderConfig) => {
    const id = randomUUID();
    const answer = nextMessage(child, (message): message is Extract<Message, { type: 'configured' }> => message.type === 'configured' && message.id === id);
    child.send({ type: 'configure', id, config: next });
    const { error, issuer: configured } = await answer;
    if (error || !configured) throw new Error(`the OIDC provider refused its configuration: ${error}`);
    issuer = configured;
    current = next;
  };
  await configure(config);

  return {
    get issuer() {
      return issuer;
    },
    configure,
    async clientToken(clientId, secret, resource = current.resources[0]) {
      const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { token_endpoint: string };
      const response = await fetch(discovery.token_endpoint, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'api', ...(resource ? { resource } : {}) }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!response.ok || !body.access_token) throw new Error(`token request failed: ${response.status} ${body.error} ${body.error_description}`);
      return body.access_token;
    },
    output: () => stderr,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

/** A fresh RS256 signing key (private JWK) with key id `kid`. */
export async function rsaSigningKey(kid: string): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
}
