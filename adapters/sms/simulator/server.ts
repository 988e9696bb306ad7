/**
 * The SMS gateway simulator: `POST /v1/messages` on a local port (bearer token, one message per
 * `Idempotency-Key`), steered by tests through `control` and by people under `/_sim`:
 *
 * | `GET /_sim/messages` | `{ messages }`: every SMS accepted, in order |
 * | `POST /_sim/fail-next` `{ count, status? }` | the next sends fail with `status` (503) |
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { IDEMPOTENCY_KEY_HEADER, SmsBodySchema } from '../sms.wire';

export interface SentSms {
  messageId: string;
  to: string;
  text: string;
  idempotencyKey?: string;
  at: string;
}

export interface SmsSimulatorControl {
  messages(): SentSms[];
  failNext(count: number, status?: number): void;
  reset(): void;
}

export interface SmsSimulator {
  url: string;
  control: SmsSimulatorControl;
  close(): Promise<void>;
}

const FailBody = z.strictObject({ count: z.number().int().min(1).max(1000), status: z.number().int().min(400).max(599).optional() });

export async function startSmsSimulator({ port = 0, host = '127.0.0.1', accessToken }: { port?: number; host?: string; accessToken: string }): Promise<SmsSimulator> {
  let sent: SentSms[] = [];
  let byKey = new Map<string, SentSms>();
  let faults: number[] = [];
  const control: SmsSimulatorControl = {
    messages: () => sent.map((message) => ({ ...message })),
    failNext(count, status = 503) {
      faults.push(...Array.from({ length: count }, () => status));
    },
    reset() {
      sent = [];
      byKey = new Map();
      faults = [];
    },
  };
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '16kb' }));
  app.post('/v1/messages', (req, res) => {
    const fault = faults.shift();
    if (fault !== undefined) return void res.status(fault).json({ error: 'injected fault' });
    if (req.get('authorization') !== `Bearer ${accessToken}`) return void res.status(401).json({ error: 'invalid token' });
    const parsed = SmsBodySchema.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    const key = req.get(IDEMPOTENCY_KEY_HEADER);
    const earlier = key === undefined ? undefined : byKey.get(key);
    if (earlier) return void res.json({ messageId: earlier.messageId });
    const message: SentSms = { messageId: `sms_${randomBytes(8).toString('hex')}`, ...parsed.data, ...(key === undefined ? {} : { idempotencyKey: key }), at: new Date().toISOString() };
    sent.push(message);
    if (key !== undefined) byKey.set(key, message);
    res.status(201).json({ messageId: message.messageId });
  });
  app.get('/_sim/messages', (_req, res) => {
    res.json({ messages: control.messages() });
  });
  app.post('/_sim/fail-next', (req, res) => {
    const parsed = FailBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    control.failNext(parsed.data.count, parsed.data.status);
    res.json({});
  });
  app.use((_req, res) => {
    res.status(404).json({ error: 'no such endpoint' });
  });
  const onError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    const status = (error as { status?: unknown } | null)?.status;
    res.status(typeof status === 'number' && status >= 400 && status < 500 ? status : 500).json({ error: 'bad request' });
  };
  app.use(onError);
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    control,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
