/**
 * `npm start`: the whole system on one machine. Starts the embedded Temporal dev server (unless
 * TEMPORAL_ADDRESS names a cluster), applies database migrations, runs the worker and the REST
 * API, and stops all of it cleanly on Ctrl-C. State is kept in DATA_DIR and the database.
 */
import type { Server } from 'node:http';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createApp } from '../api/app';
import { loadConfig, type Config } from '../platform/config';
import { createLogger } from '../platform/logger';
import { demoUsers, loadDemoSecret, loadUsersFile, type UserRegistry } from '../platform/users';
import { createDataConverter, loadPayloadKey } from '../platform/temporal';
import { PrismaContactBlockStore } from '../prisma/contact-block.repository';
import { openDatabase } from '../prisma/database';
import { resolveTemporalCli } from '../tools/temporal-cli';
import { startDevServer, type DevServer } from './dev-server';
import { createWorker } from './worker';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start. ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger('drehscheibe');
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const cleanups: Array<() => Promise<unknown>> = [];
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    say('Drehscheibe: stopping…');
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => logger.error('shutdown step failed', { error: String(error) }));
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    let address = config.TEMPORAL_ADDRESS;
    let uiUrl: string | undefined;
    let serverLog: string | undefined;
    if (!address) {
      const server: DevServer = await startDevServer({
        executable: await resolveTemporalCli({ log: say }),
        dataDir: config.DATA_DIR,
        port: config.TEMPORAL_DEV_PORT,
        uiPort: config.TEMPORAL_UI_PORT,
        namespace: config.TEMPORAL_NAMESPACE,
      });
      cleanups.push(() => server.stop());
      address = server.address;
      uiUrl = server.uiUrl;
      serverLog = server.logFile;
    }

    const db = await openDatabase(config.DATABASE_URL);
    cleanups.push(() => db.close());
    const blocks = new PrismaContactBlockStore(db.client);
    const dataConverter = createDataConverter(loadPayloadKey(config.PAYLOAD_ENCRYPTION_KEY, config.DATA_DIR));

    const workerConnection = await NativeConnection.connect({ address });
    const worker = await createWorker({
      connection: workerConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      deps: { blocks },
    });
    const running = worker.run();
    cleanups.push(async () => {
      worker.shutdown();
      await running;
      await workerConnection.close();
    });
    running.catch((error: unknown) => {
      logger.error('worker stopped', { error: String(error) });
      void stop(1);
    });

    const connection = await Connection.connect({ address });
    cleanups.push(() => connection.close());
    const temporal = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter });
    let users: UserRegistry;
    let demoTokens: Array<{ user: { id: string; roles: string[] }; token: string }> = [];
    if (config.AUTH_USERS_FILE) {
      users = loadUsersFile(config.AUTH_USERS_FILE);
    } else {
      const demo = demoUsers(loadDemoSecret(config.DATA_DIR));
      users = demo.registry;
      demoTokens = demo.tokens;
    }
    const app = createApp({
      temporal,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      db,
      blocks,
      logger: createLogger('api'),
      users,
      blockMaxMonths: config.BLOCK_MAX_MONTHS,
    });
    const http: Server = await new Promise((resolve, reject) => {
      const server = app.listen(config.PORT, config.HOST, () => resolve(server)).on('error', reject);
    });
    cleanups.push(() => new Promise((resolve) => http.close(resolve)));

    const api = `http://${config.HOST}:${config.PORT}`;
    say('');
    say('Drehscheibe is running.');
    say(`  REST API      ${api}   (health: ${api}/healthz, OpenAPI: ${api}/api/v1/openapi.json)`);
    say(`  Temporal      ${address}   namespace ${config.TEMPORAL_NAMESPACE}, task queue ${config.TEMPORAL_TASK_QUEUE}`);
    if (uiUrl) say(`  Temporal UI   ${uiUrl}   (server log: ${serverLog})`);
    say(`  Database      ${db.provider}`);
    if (demoTokens.length > 0) {
      say('  Demo users (Authorization: Bearer <token>):');
      for (const { user, token } of demoTokens) say(`    ${user.id.padEnd(16)} ${user.roles.join(',').padEnd(14)} ${token}`);
    }
    say('Press Ctrl-C to stop.');
  } catch (error) {
    process.stderr.write(`Drehscheibe could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
  }
}

void main();
