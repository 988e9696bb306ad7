/**
 * The embedded Temporal dev server for `npm start`: a real Temporal server with SQLite
 * persistence (kept in DATA_DIR across restarts) and the Web UI, run as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { ServerExecutable } from '../tools/temporal-cli';
import { devServerTuningArgs } from './dev-server-tuning';

export interface DevServerOptions {
  executable: ServerExecutable;
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /**
   * The payload codec endpoint the Web UI calls to show payloads in clear text (the API's
   * `/api/v1/codec`, api/codec.routes.ts); none: the UI shows them encrypted.
   */
  uiCodecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  /** Where the server's own output goes (it is verbose; operators read it when needed). */
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts the dev server. Besides the ports it is given, the server picks free ports of its own
 * (metrics, HTTP, internal services) by asking the kernel and binding later; on a busy machine
 * another process can take one in between, and the server exits with "address already in use".
 * That start is tried again (up to three times); any other failure is reported at once.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PortRaceError) || attempt >= 3) throw error;
    }
  }
}

/** The server exited because a port it picked for itself was taken meanwhile. */
class PortRaceError extends Error {}

async function startOnce(options: DevServerOptions): Promise<DevServer> {
  if (options.executable.type !== 'existing-path') {
    throw new Error('no Temporal CLI found: set TEMPORAL_CLI_PATH, put `temporal` on PATH, or install Go to build it');
  }
  mkdirSync(options.dataDir, { recursive: true });
  const address = `127.0.0.1:${options.port}`;
  const logFile = path.resolve(options.dataDir, 'temporal.log');
  const output = openSync(logFile, 'a');
  const logStart = statSync(logFile).size;
  const child = spawn(
    options.executable.path,
    [
      'server', 'start-dev',
      '--ip', '127.0.0.1',
      '--port', String(options.port),
      '--ui-port', String(options.uiPort),
      '--db-filename', path.resolve(options.dataDir, 'temporal.db'),
      '--namespace', options.namespace,
      '--log-level', 'warn',
      // SQLite pragmas and the history queues' read rate (workers/dev-server-tuning.ts).
      ...devServerTuningArgs(),
      ...(options.uiCodecEndpoint ? ['--ui-codec-endpoint', options.uiCodecEndpoint] : []),
    ],
    { stdio: ['ignore', output, output] },
  );
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });

  try {
    await waitUntilServing(address, logFile, () => exited);
  } catch (error) {
    if (exited && /address already in use/i.test(logSince(logFile, logStart))) throw new PortRaceError(String(error));
    if (!exited) await stopChild(child);
    throw error;
  }
  return {
    address,
    logFile,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () => stopChild(child),
  };
}

async function waitUntilServing(address: string, logFile: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const reason = exited();
    if (reason) throw new Error(`the Temporal dev server ${reason} (is port ${address} in use? see ${logFile})`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the Temporal dev server did not answer on ${address} within 60 s: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** What the server wrote to its log since `offset` (at most the last 64 KiB). */
function logSince(logFile: string, offset: number): string {
  const text = readFileSync(logFile);
  return text.subarray(Math.max(offset, text.length - 65_536)).toString('utf8');
}
