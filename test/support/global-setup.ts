/**
 * Runs once before all suites: finds (or builds, once) the Temporal CLI, the time-skipping test
 * server, schemathesis and Chromium, and builds the web app, so no suite downloads anything, and hands their paths to the test
 * workers.
 */
import { resolveSchemathesis } from '../../tools/schemathesis';
import { resolveTemporalCli } from '../../tools/temporal-cli';
import { resolveTestServer } from '../../tools/test-server';
import { resolveChromium } from '../../tools/chromium';
import { buildWebApp } from '../../tools/web-build';
import { buildProduction } from '../../tools/build';
import { resolveTemporalServer } from '../../tools/temporal-server';

export default async function globalSetup(): Promise<void> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const cli = await resolveTemporalCli({ log });
  if (cli.type === 'existing-path') process.env.TEMPORAL_CLI_PATH = cli.path;
  // The browser suites test the current source, and fail (not skip) without a browser.
  buildWebApp(log);
  try {
    process.env.CHROMIUM_PATH = resolveChromium();
  } catch (error) {
    log(`chromium: ${error instanceof Error ? error.message : String(error)} (the browser suites will fail)`);
  }
  // The cluster suites run the production build (dist/) of the current source on a Temporal
  // server built from Go modules.
  await buildProduction(log);
  const server = await resolveTemporalServer(log);
  process.env.TEMPORAL_SERVER_PATH = server.server;
  process.env.TEMPORAL_SQL_TOOL_PATH = server.sqlTool;
  const testServer = resolveTestServer(log);
  if (testServer.type === 'existing-path') process.env.TEMPORAL_TEST_SERVER_PATH = testServer.path;
  // Only the contract suite needs it; a failure here is reported there, with its cause.
  try {
    process.env.SCHEMATHESIS_PATH = resolveSchemathesis(log);
  } catch (error) {
    log(`schemathesis: ${error instanceof Error ? error.message : String(error)} (the contract suite will fail)`);
  }
}
