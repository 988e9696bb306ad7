/**
 * Temporal for tests: the time-skipping test server and the real dev server, both with the
 * production data converter (payload encryption), and one workflow bundle per test file.
 */
import { randomBytes } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createDataConverter } from '../../platform/temporal';
import type { ServerExecutable } from '../../tools/temporal-cli';
import { WORKFLOWS_PATH } from '../../workers/worker';

/** A fresh payload key per test run: nothing depends on a key checked into the repository. */
export const testPayloadKey = randomBytes(32);
export const testDataConverter = createDataConverter(testPayloadKey);

function executable(variable: string): ServerExecutable {
  const path = process.env[variable];
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/** Temporal's time-skipping test server: months pass in milliseconds. One per test file. */
export function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: executable('TEMPORAL_TEST_SERVER_PATH') },
    client: { dataConverter: testDataConverter },
  });
}

/** The real Temporal dev server (in memory). One per test file. */
export function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: { executable: executable('TEMPORAL_CLI_PATH'), log: { format: 'pretty', level: 'error' } },
    client: { dataConverter: testDataConverter },
  });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflows bundled once per test file (bundling takes a few seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} },
  });
  return bundle;
}
