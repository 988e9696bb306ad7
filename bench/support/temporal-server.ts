/**
 * The Temporal server a benchmark measures against: the cluster at TEMPORAL_ADDRESS when it is
 * set (namespace TEMPORAL_NAMESPACE, TLS from the TEMPORAL_TLS_* variables as the workers read
 * them), else a fresh embedded dev server started as `npm start` starts it: SQLite in a file,
 * with the production tuning (workers/dev-server-tuning.ts) or, for the comparison, its defaults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { devServerTuningArgs } from '../../workers/dev-server-tuning';
import { temporalConnectionOptions } from '../../platform/temporal-connection';
import { testDataConverter } from '../../test/support/temporal';
import { resolveTemporalCli } from '../../tools/temporal-cli';

/** How the embedded server is configured: as production runs it, or the CLI's defaults. */
export type ServerTuning = 'production' | 'defaults';

export interface BenchServer {
  env: TestWorkflowEnvironment;
  /** What the figures were measured on, for the table's heading. */
  label: string;
  /** True on the cluster: the server is shared, so no second server can be started for a comparison. */
  external: boolean;
  /** The embedded server's SQLite file (absent on the cluster), for benches that weigh its storage. */
  dataFile?: string;
  stop(): Promise<void>;
}

/** The cluster at TEMPORAL_ADDRESS, or a fresh embedded dev server with `tuning`. */
export async function startBenchServer(tuning: ServerTuning = 'production'): Promise<BenchServer> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (address) {
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address,
      namespace,
      connectionOptions: temporalConnectionOptions({
        TEMPORAL_TLS: process.env.TEMPORAL_TLS === 'true',
        TEMPORAL_TLS_CA_FILE: process.env.TEMPORAL_TLS_CA_FILE,
        TEMPORAL_TLS_CERT_FILE: process.env.TEMPORAL_TLS_CERT_FILE,
        TEMPORAL_TLS_KEY_FILE: process.env.TEMPORAL_TLS_KEY_FILE,
        TEMPORAL_TLS_SERVER_NAME: process.env.TEMPORAL_TLS_SERVER_NAME,
      }),
      client: { dataConverter: testDataConverter },
    });
    return { env, label: `cluster at ${address} (namespace ${namespace})`, external: true, stop: () => env.teardown() };
  }
  // A file database as `npm start` keeps it (the CLI's default is in memory), in a scratch folder.
  const dataDir = mkdtempSync(path.join(tmpdir(), 'drehscheibe-bench-'));
  const dataFile = path.join(dataDir, 'temporal.db');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: await resolveTemporalCli(),
      dbFilename: dataFile,
      log: { format: 'pretty', level: 'error' },
      extraArgs: tuning === 'production' ? devServerTuningArgs() : [],
    },
    client: { dataConverter: testDataConverter },
  });
  return {
    env,
    label: `embedded dev server, ${tuning === 'production' ? 'production tuning' : 'CLI defaults'} (SQLite file)`,
    external: false,
    dataFile,
    async stop() {
      await env.teardown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
