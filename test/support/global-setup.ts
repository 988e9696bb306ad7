/**
 * Runs once before all suites: finds (or builds, once) the Temporal CLI, the time-skipping test
 * server and schemathesis, so no suite downloads anything, and hands their paths to the test
 * workers.
 */
import { resolveSchemathesis } from '../../tools/schemathesis';
import { resolveTemporalCli } from '../../tools/temporal-cli';
import { resolveTestServer } from '../../tools/test-server';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const cli = await resolveTemporalCli({ log });
  if (cli.type === 'existing-path') process.env.TEMPORAL_CLI_PATH = cli.path;
  const testServer = resolveTestServer(log);
  if (testServer.type === 'existing-path') process.env.TEMPORAL_TEST_SERVER_PATH = testServer.path;
  // Only the contract suite needs it; a failure here is reported there, with its cause.
  try {
    process.env.SCHEMATHESIS_PATH = resolveSchemathesis(log);
  } catch (error) {
    log(`schemathesis: ${error instanceof Error ? error.message : String(error)} (the contract suite will fail)`);
  }
}
