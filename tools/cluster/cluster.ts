/**
 * The cluster topology on one machine, started for real: the Temporal server (frontend, history,
 * matching and worker services) on PostgreSQL, the application database on PostgreSQL, the third
 * parties' simulators, N workers and M API instances as separate `node dist/…` processes (the
 * production build), and a load balancer in front of the API instances. State lives in the
 * databases and in `dir` (keys, users, logs), so every process can be stopped and started again
 * and finds its work where it left it.
 *
 * Used by `npm run cluster` (tools/cluster/cli.ts), the cluster smoke suite and the chaos script.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { Client as PgClient } from 'pg';
import { temporalConnectionOptions, type TemporalTlsSettings } from '../../platform/temporal-connection';
import { DEMO_USERS, hashToken } from '../../platform/users';
import { ROOT } from '../paths';
import { resolveTemporalServer, TEMPORAL_SERVER_VERSION } from '../temporal-server';
import { startBalancer, type Balancer } from './balancer';
import { ensureClusterTls } from './tls';

export interface ClusterOptions {
  /** State folder: keys, users, logs (kept across restarts). */
  dir: string;
  /** A PostgreSQL role that may create databases, e.g. postgresql://drehscheibe:drehscheibe@127.0.0.1:5432/postgres. */
  postgresUrl: string;
  /** Prefix of the databases this cluster owns: `<name>_temporal`, `<name>_visibility`, `<name>_app`. */
  name: string;
  /** All ports derive from this one (see {@link clusterPorts}); several clusters need bases ≥ 1,000 apart. */
  portBase: number;
  workers: number;
  apis: number;
  /** Customers in the core-banking simulator. */
  customers?: number;
  namespace?: string;
  /** Mutual TLS between the cluster's clients and the Temporal frontend (default true, as a bank runs it). */
  tls?: boolean;
  /** Extra environment for the workers and API instances (e.g. pacing of campaign runs). */
  appEnv?: Record<string, string>;
  log?: (line: string) => void;
}

/** The ports of a cluster at `base`. */
export function clusterPorts(base: number) {
  return {
    temporal: base,
    temporalMetrics: base + 200,
    balancer: base + 300,
    api: (i: number) => base + 301 + i,
    coreBanking: base + 400,
    telephony: base + 401,
    whatsapp: base + 402,
    socialMedia: base + 403,
    sms: base + 404,
    smtp: base + 405,
    simControl: base + 406,
    workerMetrics: (i: number) => base + 500 + i,
  };
}

type ProcessName = 'temporal' | 'simulators' | `worker-${number}` | `api-${number}`;

type ConnectOptions = ReturnType<typeof temporalConnectionOptions>;

export interface Cluster {
  temporalAddress: string;
  /** How a client connects to the frontend (mutual TLS unless the cluster runs without). */
  connectOptions: ConnectOptions;
  namespace: string;
  /** The load balancer in front of the API instances. */
  url: string;
  apiUrls: string[];
  /** The simulators' control endpoint (caught emails, the core-banking journal's file). */
  simControlUrl: string;
  coreBankingUrl: string;
  telephonyUrl: string;
  /** Bearer tokens of the cluster's users, by user id (agent.anna, backoffice.bea, …). */
  tokens: Record<string, string>;
  /** The environment the workers and API instances run with. */
  env: NodeJS.ProcessEnv;
  /** Pids of the running processes by name. */
  pids(): Record<string, number | undefined>;
  /** SIGKILL (or `signal`) to one process, waiting for it to be gone. */
  kill(name: ProcessName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a process that was killed or stopped, waiting until it is ready. */
  start(name: ProcessName): Promise<void>;
  /** Stops the Temporal server (SIGTERM) and starts it again. */
  restartTemporal(): Promise<void>;
  /** Stops everything (SIGTERM, in order), leaving the state for the next start. */
  stop(): Promise<void>;
}

const DIST = path.join(ROOT, 'dist');

/** Builds the production code (dist/) unless it is there and newer than `npm run build` needs. */
export function ensureBuilt(log: (line: string) => void): void {
  if (existsSync(path.join(DIST, 'workers', 'worker-main.js')) && existsSync(path.join(DIST, 'workflow-bundle.js'))) return;
  log('cluster: building the production code (npm run build)…');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

/** Starts (or restarts, with its kept state) the cluster described by `options`. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const namespace = options.namespace ?? 'drehscheibe';
  const ports = clusterPorts(options.portBase);
  const logs = path.join(options.dir, 'logs');
  mkdirSync(logs, { recursive: true });
  ensureBuilt(log);
  const binaries = await resolveTemporalServer(log);
  const pg = new URL(options.postgresUrl);
  const databases = { temporal: `${options.name}_temporal`, visibility: `${options.name}_visibility`, app: `${options.name}_app` };
  await createDatabases(options.postgresUrl, Object.values(databases));
  await setUpTemporalSchemas(binaries.sqlTool, pg, databases, log);

  const secrets = loadOrCreateSecrets(options.dir);
  const users = loadOrCreateUsers(options.dir);
  const temporalAddress = `127.0.0.1:${ports.temporal}`;
  const tls = options.tls === false ? undefined : ensureClusterTls(path.join(options.dir, 'tls'));
  const tlsEnv: Record<string, string> = tls
    ? { TEMPORAL_TLS: 'true', TEMPORAL_TLS_CA_FILE: tls.caFile, TEMPORAL_TLS_CERT_FILE: tls.clientCertFile, TEMPORAL_TLS_KEY_FILE: tls.clientKeyFile, TEMPORAL_TLS_SERVER_NAME: tls.serverName }
    : {};
  const connectOptions = temporalConnectionOptions({ TEMPORAL_TLS: false, ...tlsEnv } as TemporalTlsSettings);
  const appDatabaseUrl = withDatabase(options.postgresUrl, databases.app);
  const children = new Map<ProcessName, ChildProcess>();

  const temporalEnv: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_PG_HOST: pg.hostname,
    TEMPORAL_PG_PORT: pg.port || '5432',
    TEMPORAL_PG_USER: decodeURIComponent(pg.username),
    TEMPORAL_PG_PASSWORD: decodeURIComponent(pg.password),
    TEMPORAL_PG_DATABASE: databases.temporal,
    TEMPORAL_PG_VISIBILITY_DATABASE: databases.visibility,
    TEMPORAL_PORT_BASE: String(ports.temporal),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${ports.temporalMetrics}`,
    TEMPORAL_DYNAMIC_CONFIG: path.join(ROOT, 'ops', 'cluster', 'temporal', 'dynamicconfig.yaml'),
    ...(tls ? { TEMPORAL_TLS_DIR: tls.dir } : {}),
  };
  const simulatorsEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    SIM_WEBHOOK_BASE: `http://127.0.0.1:${ports.balancer}`,
    SIM_CORE_BANKING_JOURNAL: path.join(options.dir, 'core-banking.jsonl'),
    SIM_CUSTOMERS: String(options.customers ?? 10_000),
    SIM_CORE_BANKING_PORT: String(ports.coreBanking),
    SIM_TELEPHONY_PORT: String(ports.telephony),
    SIM_WHATSAPP_PORT: String(ports.whatsapp),
    SIM_SOCIAL_MEDIA_PORT: String(ports.socialMedia),
    SIM_SMS_PORT: String(ports.sms),
    SIM_SMTP_PORT: String(ports.smtp),
    SIM_CONTROL_PORT: String(ports.simControl),
  };
  const appEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_NAMESPACE: namespace,
    DATABASE_URL: appDatabaseUrl,
    DATABASE_MIGRATE: 'false',
    DATA_DIR: options.dir,
    AUTH_USERS_FILE: users.file,
    CORE_BANKING_URL: `http://127.0.0.1:${ports.coreBanking}`,
    TELEPHONY_URL: `http://127.0.0.1:${ports.telephony}`,
    WHATSAPP_API_URL: `http://127.0.0.1:${ports.whatsapp}`,
    SOCIAL_MEDIA_API_URL: `http://127.0.0.1:${ports.socialMedia}`,
    SMS_API_URL: `http://127.0.0.1:${ports.sms}`,
    SMTP_URL: `smtp://127.0.0.1:${ports.smtp}`,
    // The balancer names the client in X-Forwarded-For (the web chat's limits key on it).
    API_TRUST_PROXY: 'loopback',
    ...tlsEnv,
    ...secrets,
    ...options.appEnv,
  };

  const spawnProcess = (name: ProcessName): ChildProcess => {
    const out = openSync(path.join(logs, `${name}.log`), 'a');
    let child: ChildProcess;
    if (name === 'temporal') {
      child = spawn(binaries.server, ['--root', ROOT, '--config', 'ops/cluster/temporal', '--env', 'cluster', '--allow-no-auth', 'start'], { env: temporalEnv, stdio: ['ignore', out, out] });
    } else if (name === 'simulators') {
      child = spawn(process.execPath, [path.join(DIST, 'tools', 'cluster', 'simulators-main.js')], { env: simulatorsEnv, stdio: ['ignore', out, out] });
    } else if (name.startsWith('worker-')) {
      const i = Number(name.slice('worker-'.length));
      child = spawn(process.execPath, [path.join(DIST, 'workers', 'worker-main.js')], { env: { ...appEnv, WORKER_METRICS_ADDRESS: `127.0.0.1:${ports.workerMetrics(i)}` }, stdio: ['ignore', out, out] });
    } else {
      const i = Number(name.slice('api-'.length));
      child = spawn(process.execPath, [path.join(DIST, 'api', 'main.js')], { env: { ...appEnv, PORT: String(ports.api(i)) }, stdio: ['ignore', out, out] });
    }
    children.set(name, child);
    child.once('exit', (code, signal) => {
      if (children.get(name) === child) children.delete(name);
      log(`cluster: ${name} exited (${signal ?? `code ${code}`})`);
    });
    return child;
  };

  const ready = async (name: ProcessName): Promise<void> => {
    const child = children.get(name);
    const gone = () => !child || child.exitCode !== null || child.signalCode !== null;
    if (name === 'temporal') return waitFor(`Temporal frontend ${temporalAddress}`, () => temporalServing(temporalAddress, connectOptions), gone, logs);
    if (name === 'simulators') return waitFor('simulators', () => httpOk(`http://127.0.0.1:${ports.simControl}/emails`), gone, logs);
    if (name.startsWith('api-')) return waitFor(name, () => httpOk(`http://127.0.0.1:${ports.api(Number(name.slice(4)))}/healthz`), gone, logs);
    // A worker is ready when the cluster sees it polling the task queue.
    return waitFor(name, () => logHas(path.join(logs, `${name}.log`), 'worker running', child?.pid), gone, logs);
  };
  const start = async (name: ProcessName) => {
    spawnProcess(name);
    await ready(name);
  };

  const stopProcess = async (name: ProcessName, signal: NodeJS.Signals = 'SIGTERM') => {
    const child = children.get(name);
    if (!child) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill(signal);
    });
  };

  let balancer: Balancer | undefined;
  const stop = async () => {
    await balancer?.close();
    for (const name of [...children.keys()].filter((n) => n.startsWith('api-'))) await stopProcess(name);
    await Promise.all([...children.keys()].filter((n) => n.startsWith('worker-')).map((name) => stopProcess(name)));
    await stopProcess('simulators');
    await stopProcess('temporal');
  };

  try {
    log(`cluster: Temporal server ${TEMPORAL_SERVER_VERSION} on PostgreSQL (${databases.temporal}, ${databases.visibility})`);
    await start('temporal');
    await ensureNamespace(temporalAddress, connectOptions, namespace, log);
    log(`cluster: migrating the application database ${databases.app}`);
    migrateAppDatabase(appDatabaseUrl, path.join(logs, 'migrate.log'));
    await start('simulators');
    for (let i = 0; i < options.workers; i++) spawnProcess(`worker-${i}`);
    for (let i = 0; i < options.workers; i++) await ready(`worker-${i}`);
    for (let i = 0; i < options.apis; i++) spawnProcess(`api-${i}`);
    for (let i = 0; i < options.apis; i++) await ready(`api-${i}`);
    balancer = await startBalancer({ port: ports.balancer, backends: Array.from({ length: options.apis }, (_, i) => `http://127.0.0.1:${ports.api(i)}`) });
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    temporalAddress,
    connectOptions,
    namespace,
    url: balancer.url,
    apiUrls: Array.from({ length: options.apis }, (_, i) => `http://127.0.0.1:${ports.api(i)}`),
    simControlUrl: `http://127.0.0.1:${ports.simControl}`,
    coreBankingUrl: `http://127.0.0.1:${ports.coreBanking}`,
    telephonyUrl: `http://127.0.0.1:${ports.telephony}`,
    tokens: users.tokens,
    env: appEnv,
    pids: () => Object.fromEntries([...children.entries()].map(([name, child]) => [name, child.pid])),
    kill: (name, signal = 'SIGKILL') => stopProcess(name, signal),
    start,
    restartTemporal: async () => {
      await stopProcess('temporal');
      await start('temporal');
    },
    stop,
  };
}

/** The secrets every process of the cluster shares, made once and kept in `dir` (a newer version's additions are added). */
function loadOrCreateSecrets(dir: string): Record<string, string> {
  const file = path.join(dir, 'secrets.json');
  const random = (bytes: number) => randomBytes(bytes).toString('base64url');
  const kept = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  const secrets: Record<string, string> = {
    PAYLOAD_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PSEUDONYM_KEY: randomBytes(32).toString('base64'),
    WHATSAPP_APP_SECRET: random(24),
    WHATSAPP_VERIFY_TOKEN: random(24),
    WHATSAPP_ACCESS_TOKEN: random(24),
    SOCIAL_WEBHOOK_SECRET: random(24),
    SOCIAL_MEDIA_ACCESS_TOKEN: random(24),
    SMS_ACCESS_TOKEN: random(24),
    CORE_BANKING_TOKEN: random(24),
    TELEPHONY_TOKEN: random(24),
    ...kept,
  };
  if (Object.keys(secrets).length !== Object.keys(kept).length) writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The users file (token hashes only) and the tokens to hand out, made once and kept in `dir`. */
function loadOrCreateUsers(dir: string): { file: string; tokens: Record<string, string> } {
  const file = path.join(dir, 'users.json');
  const tokensFile = path.join(dir, 'tokens.json');
  if (!existsSync(file) || !existsSync(tokensFile)) {
    const tokens = Object.fromEntries(DEMO_USERS.map((user) => [user.id, `cluster-${user.id}-${randomBytes(18).toString('base64url')}`]));
    writeFileSync(tokensFile, JSON.stringify(tokens, null, 2), { mode: 0o600 });
    writeFileSync(file, JSON.stringify(DEMO_USERS.map((user) => ({ ...user, tokenSha256: hashToken(tokens[user.id]!) })), null, 2));
  }
  return { file, tokens: JSON.parse(readFileSync(tokensFile, 'utf8')) as Record<string, string> };
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function createDatabases(adminUrl: string, names: string[]): Promise<void> {
  const client = new PgClient({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const name of names) {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
    }
  } finally {
    await client.end();
  }
}

/** The server module's versioned PostgreSQL schemas (the module is in the Go module cache after the build). */
function schemaDir(kind: 'temporal' | 'visibility'): string {
  const result = spawnSync('go', ['mod', 'download', '-json', `go.temporal.io/server@${TEMPORAL_SERVER_VERSION}`], { encoding: 'utf8', env: { ...process.env, GOFLAGS: '-mod=mod' } });
  if (result.status !== 0) throw new Error(`go mod download go.temporal.io/server@${TEMPORAL_SERVER_VERSION} failed: ${result.stderr}`);
  const { Dir } = JSON.parse(result.stdout) as { Dir: string };
  return path.join(Dir, 'schema', 'postgresql', 'v12', kind, 'versioned');
}

/** Sets up both schemas once (versioning tables at 0.0), then updates them to the module's latest: idempotent. */
async function setUpTemporalSchemas(sqlTool: string, pg: URL, databases: { temporal: string; visibility: string }, log: (line: string) => void): Promise<void> {
  for (const [kind, database] of [['temporal', databases.temporal], ['visibility', databases.visibility]] as const) {
    const base = ['--plugin', 'postgres12', '--ep', pg.hostname, '-p', pg.port || '5432', '-u', decodeURIComponent(pg.username), '--pw', decodeURIComponent(pg.password), '--db', database];
    if (!(await hasTable(pg, database, 'schema_version'))) {
      log(`cluster: setting up the ${kind} schema in ${database}`);
      run(sqlTool, [...base, 'setup-schema', '-v', '0.0']);
    }
    run(sqlTool, [...base, 'update-schema', '-d', schemaDir(kind)]);
  }
}

async function hasTable(pg: URL, database: string, table: string): Promise<boolean> {
  const url = new URL(pg.toString());
  url.pathname = `/${database}`;
  const client = new PgClient({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [table]);
    return rows[0]?.found !== null && rows[0]?.found !== undefined;
  } finally {
    await client.end();
  }
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.filter((arg) => !arg.includes(':')).slice(-3).join(' ')} failed: ${result.stderr || result.stdout}`);
}

function migrateAppDatabase(databaseUrl: string, logFile: string): void {
  const result = spawnSync(process.execPath, [path.join(DIST, 'prisma', 'tools', 'cli.js'), 'migrate'], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
  writeFileSync(logFile, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) throw new Error(`migrating the application database failed (see ${logFile})`);
}

/** Registers the namespace (once) and waits until the frontend serves it. */
async function ensureNamespace(address: string, connectOptions: ConnectOptions, namespace: string, log: (line: string) => void): Promise<void> {
  const connection = await Connection.connect({ address, ...connectOptions });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('30 days') });
      log(`cluster: namespace ${namespace} registered`);
    } catch (error) {
      if (!/already exists/i.test(String(error))) throw error;
    }
    // The frontend's namespace cache refreshes every few seconds: wait until it knows the namespace.
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await connection.workflowService.listOpenWorkflowExecutions({ namespace, maximumPageSize: 1 });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

async function temporalServing(address: string, connectOptions: ConnectOptions): Promise<boolean> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: 1000, ...connectOptions });
    try {
      await connection.workflowService.getSystemInfo({});
      return true;
    } finally {
      await connection.close();
    }
  } catch {
    return false;
  }
}

async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
    return response.ok;
  } catch {
    return false;
  }
}

/** Whether the process `pid` wrote `text` to its log (each line carries the writer's pid). */
async function logHas(file: string, text: string, pid: number | undefined): Promise<boolean> {
  if (!existsSync(file) || pid === undefined) return false;
  return readFileSync(file, 'utf8').split('\n').some((line) => line.includes(text) && line.includes(`"pid":${pid}`));
}

async function waitFor(what: string, check: () => Promise<boolean>, gone: () => boolean, logs: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (await check()) return;
    if (gone()) throw new Error(`cluster: ${what} exited while starting (logs in ${logs})`);
    if (Date.now() > deadline) throw new Error(`cluster: ${what} not ready within 120 s (logs in ${logs})`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
