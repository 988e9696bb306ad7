/**
 * The telephony simulator: the CTI gateway API of `openapi.yaml` on a local port, with controls
 * for tests (`control`) and for everyone else over HTTP (`/_sim`, see `control.routes.ts`).
 * Development and tests run the real `HttpTelephony` client against it.
 */
import { requireBearer } from '../../http/require-bearer';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { TelephonySimulatorControl } from './control';
import { controlRoutes } from './control.routes';
import { gatewayRoutes } from './gateway.routes';
import { errorHandler, notFound } from './http-errors';
import { TelephonySimulation } from './simulation';

/** Where the simulator listens. */
export interface TelephonySimulatorOptions {
  /** When given, every gateway call must carry `Authorization: Bearer <accessToken>` (as TELEPHONY_TOKEN sends it). */
  accessToken?: string;
  /** 0 (default): any free port; `url` tells which. */
  port?: number;
  host?: string;
}

/** A running simulator. */
export interface TelephonySimulator {
  /** Base URL of the gateway API, e.g. `http://127.0.0.1:4020`. */
  url: string;
  control: TelephonySimulatorControl;
  /** Stops listening and drops open connections: requests still held fail on the client's side. */
  close(): Promise<void>;
}

/** Starts a simulator with no queues (every transfer: no agent available) and answering outbound calls. */
export async function startTelephonySimulator({ port = 0, host = '127.0.0.1', accessToken }: TelephonySimulatorOptions = {}): Promise<TelephonySimulator> {
  const simulation = new TelephonySimulation();
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  app.use('/_sim', controlRoutes(simulation));
  app.use(requireBearer(accessToken), gatewayRoutes(simulation));
  app.use(notFound);
  app.use(errorHandler);

  // Not app.listen: express 5 hands a listen error to the callback, which would look like success.
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;

  let closed: Promise<void> | undefined;
  const close = () => {
    closed ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Held requests (ringing, stalled) would keep close() waiting for their whole timeout.
      simulation.dispose();
      server.closeAllConnections();
    });
    return closed;
  };
  return { url, control: simulation, close };
}
