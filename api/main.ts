/**
 * Production entry point of an API instance: `node dist/api/main.js`. Serves the REST API and the
 * web app against a Temporal cluster (TEMPORAL_ADDRESS); run several behind the bank's load
 * balancer. Configuration comes only from the environment (platform/config.ts) and is checked
 * before anything starts; SIGTERM stops taking requests and lets those in flight finish.
 */
import type { Server } from 'node:http';
import { closeHttpServer, Lifecycle } from '../platform/lifecycle';
import { createLogger } from '../platform/logger';
import { authenticationFromConfig } from '../platform/authentication';
import { appDepsOf, clusterConfigOrExit, connectClient, openSharedParts, requireThirdParties } from '../workers/composition';
import { createApp } from './app';
import { seedPilotCatalog } from './campaign-catalog';
import { WEB_DIST } from './web-app';

async function main(): Promise<void> {
  const logger = createLogger('api');
  const config = clusterConfigOrExit('API');
  const lifecycle = new Lifecycle(logger);
  lifecycle.exitOnSignals();
  try {
    const parts = await openSharedParts(config, requireThirdParties(config));
    lifecycle.onStop('database', () => parts.db.close());
    // The pilot catalog (version 1 of each campaign, once; publishing is safe when instances race).
    const seeded = await seedPilotCatalog(parts.campaigns);
    if (seeded > 0) logger.info('pilot catalog published', { campaigns: seeded });
    const temporal = await connectClient(config, config.TEMPORAL_ADDRESS!, parts);
    lifecycle.onStop('temporal client', () => temporal.connection.close());
    // The bank's single sign-on (OIDC_ISSUER) or a users file: demo tokens are for the embedded default only.
    const { authenticator, users } = authenticationFromConfig(config, config.DATA_DIR);
    const app = createApp(appDepsOf(parts, temporal, { users, authenticator, temporalUiUrl: config.TEMPORAL_UI_URL, webRoot: WEB_DIST }));
    const server: Server = await new Promise((resolve, reject) => {
      const listening = app.listen(config.PORT, config.HOST, () => resolve(listening)).on('error', reject);
    });
    lifecycle.onStop('http', () => closeHttpServer(server));
    logger.info('api listening', { url: `http://${config.HOST}:${config.PORT}`, pid: process.pid });
  } catch (error) {
    logger.error('api could not start', { error: error instanceof Error ? error.message : String(error) });
    process.exit(await lifecycle.stop(1));
  }
}

void main();
