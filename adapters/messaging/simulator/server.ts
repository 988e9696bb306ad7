/**
 * The WhatsApp simulator: the Cloud API's send endpoint on a local port, and the platform's side
 * of the webhook (signed deliveries of customer messages), steered by tests through `control`.
 * Development and tests run the real `HttpWhatsApp` client against it.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { controlRoutes } from './control.routes';
import express from 'express';
import { cloudApiRoutes } from './cloud-api.routes';
import { errorHandler, notFound } from './cloud-api-error';
import type { WhatsAppSimulatorControl } from './control';
import { WhatsAppSimulation } from './simulation';

/** Where the simulator listens and what it expects. */
export interface WhatsAppSimulatorOptions {
  /** 0 (default): any free port; `url` tells which. */
  port?: number;
  /** 127.0.0.1 unless given. */
  host?: string;
  /** The bearer token senders must present. */
  accessToken: string;
  /** The business number's id, the only one in the send path it serves. */
  phoneNumberId: string;
  /** The app secret deliveries are signed with. */
  appSecret: string;
  /** Where deliveries are POSTed; settable later with `control.setWebhookUrl`. */
  webhookUrl?: string;
  /** Our number as customers see it, in deliveries' metadata; `4930123450000` unless given. */
  displayPhoneNumber?: string;
  /** WhatsApp Business Account id, in deliveries' `entry[].id`; `100000000000001` unless given. */
  businessAccountId?: string;
  /** Freezes the clock at this instant from the start (see `control.setNow`). */
  now?: Date;
}

/** A running simulator. */
export interface WhatsAppSimulator {
  /** Base URL to use as `HttpWhatsApp`'s `baseUrl`, e.g. `http://127.0.0.1:40123`. */
  url: string;
  control: WhatsAppSimulatorControl;
  /** Stops listening and drops open connections: requests still delayed fail on the client's side. */
  close(): Promise<void>;
}

/** Starts a simulator in which no customer has written yet (every window closed). */
export async function startWhatsAppSimulator({
  port = 0,
  host = '127.0.0.1',
  accessToken,
  phoneNumberId,
  appSecret,
  webhookUrl,
  displayPhoneNumber = '4930123450000',
  businessAccountId = '100000000000001',
  now,
}: WhatsAppSimulatorOptions): Promise<WhatsAppSimulator> {
  if (accessToken.length === 0) throw new TypeError('accessToken must not be empty');
  const simulation = new WhatsAppSimulation({ appSecret, webhookUrl, now, phoneNumberId, displayPhoneNumber, businessAccountId });
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  app.use(cloudApiRoutes(simulation, accessToken));
  app.use(controlRoutes(simulation));
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
      // Delayed requests would keep close() waiting for their whole delay.
      simulation.dispose();
      server.closeAllConnections();
    });
    return closed;
  };
  return { url, control: simulation, close };
}
