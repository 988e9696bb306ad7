/**
 * Temporal for tests: the time-skipping test server and the real dev server, both with the
 * production data converter (payload encryption), and one workflow bundle per test file.
 */
import { randomBytes } from 'node:crypto';
import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createPseudonyms, pseudonymKeyOf } from '../../platform/pseudonyms';
import { createDataConverter } from '../../platform/temporal';
import type { ServerExecutable } from '../../tools/temporal-cli';
import { workflowBundleOptions } from '../../workers/worker';
import { devServerDynamicConfigArgs } from '../../workers/dev-server-tuning';

/** A fresh payload key per test run: nothing depends on a key checked into the repository. */
export const testPayloadKey = randomBytes(32);
export const testDataConverter = createDataConverter(testPayloadKey);
/** Pseudonyms of customer numbers under the test run's key, as production derives them. */
export const testPseudonymOf = createPseudonyms(pseudonymKeyOf(undefined, testPayloadKey));

function executable(variable: string): ServerExecutable {
  const path = process.env[variable];
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/**
 * Starts a server, trying again when it was merely slow to start: the SDK gives a server about
 * five seconds to listen, which two suites starting JVMs and dev servers at once on a two-core
 * machine can exceed. Any other failure is thrown at once.
 */
async function withStartRetries(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt >= 3 || !/did not start|timed out|deadline/i.test(String(error))) throw error;
      process.stderr.write(`Temporal test environment was slow to start (attempt ${attempt}), trying again\n`);
    }
  }
}

/**
 * The client's keepalive as the time-skipping server accepts it. That server (grpc-java) takes a
 * ping at most every five minutes and answers more frequent ones with GOAWAY, closing the
 * connection with every call on it; the SDK's default pings every 30 seconds. A call cut that way
 * is retried, and a retried lock or unlock of time skipping could unbalance its count.
 */
const TEST_SERVER_KEEPALIVE: ConnectionPlugin = {
  name: 'drehscheibe-test-server-keepalive',
  configureConnection: (options) => ({
    ...options,
    channelArgs: { ...options.channelArgs, 'grpc.keepalive_time_ms': 6 * 60_000, 'grpc.keepalive_permit_without_calls': 0 },
  }),
};

/** Temporal's time-skipping test server: months pass in milliseconds. One per test file. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: executable('TEMPORAL_TEST_SERVER_PATH') },
      client: { dataConverter: testDataConverter },
      plugins: [TEST_SERVER_KEEPALIVE],
    }),
  );
}

/** The real Temporal dev server (in memory). One per test file. */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return withStartRetries(() =>
    TestWorkflowEnvironment.createLocal({
      // The production server's dynamic configuration (queue read rates, one write partition).
      server: { executable: executable('TEMPORAL_CLI_PATH'), log: { format: 'pretty', level: 'error' }, extraArgs: devServerDynamicConfigArgs() },
      client: { dataConverter: testDataConverter },
    }),
  );
}

/**
 * The application's workflows bundled as the worker bundles them; the options other than the
 * worker's only for benchmarks that compare (`preloadModules: []`: every workflow loads zod anew;
 * `workflowsPath: workflows/index.ts`: every workflow loads every workflow module).
 */
export function bundleWorkflows(options: { preloadModules?: string[]; workflowsPath?: string } = {}): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    ...workflowBundleOptions(options),
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflows bundled once per test file (bundling takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}
