/**
 * The WhatsApp channel: `HttpWhatsApp` against the WhatsApp simulator over real HTTP on
 * 127.0.0.1 (the 24-hour window, idempotency, how the platform's failures become
 * `MessagingError` kinds without personal data), the webhook signature and handshake, and the
 * simulator's signed deliveries of customer messages to a small webhook server in this test.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpWhatsApp } from '../adapters/messaging/http-whatsapp';
import { MessagingError } from '../adapters/messaging/messaging.port';
import { startWhatsAppSimulator, type WhatsAppSimulator } from '../adapters/messaging/simulator/server';
import { answerSubscriptionChallenge } from '../adapters/messaging/webhook-handshake';
import { signWebhookBody, verifyWebhookSignature } from '../adapters/messaging/webhook-signature';
import { CloudApiErrorAnswerSchema, inboundMessagesOf, WebhookDeliverySchema } from '../adapters/messaging/whatsapp.wire';

const ACCESS_TOKEN = 'test-access-token';
const APP_SECRET = 'test-app-secret';
const VERIFY_TOKEN = 'test-verify-token';
const PHONE_NUMBER_ID = '106540352242922';
const CUSTOMER = '+491701234567';
const CUSTOMER_WA_ID = '491701234567';
const T0 = new Date('2025-03-03T09:00:00.000Z');
const HOUR = 60 * 60 * 1000;

/** A request the test's webhook received. */
interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

let simulator: WhatsAppSimulator;
let whatsApp: HttpWhatsApp;
let webhook: Server;
let webhookUrl: string;
const received: Received[] = [];
/** What the test's webhook answers deliveries with. */
let webhookStatus = 200;
let keys = 0;

beforeAll(async () => {
  webhook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET') {
        const challenge = answerSubscriptionChallenge(new URL(req.url ?? '/', 'http://webhook').searchParams, VERIFY_TOKEN);
        res.writeHead(challenge === undefined ? 403 : 200, { 'content-type': 'text/plain' }).end(challenge ?? '');
        return;
      }
      received.push({ method: req.method ?? '', headers: req.headers, rawBody: Buffer.concat(chunks) });
      res.writeHead(webhookStatus).end();
    });
  });
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve));
  webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/webhooks/whatsapp`;

  simulator = await startWhatsAppSimulator({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, appSecret: APP_SECRET, webhookUrl });
  whatsApp = client();
});

afterAll(async () => {
  await simulator.close();
  await new Promise<void>((resolve) => webhook.close(() => resolve()));
});

beforeEach(() => {
  simulator.control.reset();
  simulator.control.setNow(T0);
  received.length = 0;
  webhookStatus = 200;
});

function client(overrides: Partial<ConstructorParameters<typeof HttpWhatsApp>[0]> = {}): HttpWhatsApp {
  return new HttpWhatsApp({ baseUrl: simulator.url, apiVersion: 'v21.0', phoneNumberId: PHONE_NUMBER_ID, accessToken: ACCESS_TOKEN, timeoutMs: 2000, ...overrides });
}

function key(): string {
  keys += 1;
  return `send-${keys}`;
}

/** The customer writes at `at`, which opens their window from then. */
async function customerWrites(at: Date, text = 'Hallo, bitte melden Sie sich'): Promise<void> {
  const result = await simulator.control.inbound({ from: CUSTOMER, text, at });
  expect(result.outcome).toBe(200);
}

/** Runs `action` and answers the `MessagingError` it must throw. */
async function messagingError(action: () => Promise<unknown>): Promise<MessagingError> {
  const error = await action().then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof MessagingError)) throw new Error(`expected a MessagingError, got ${String(error)}`);
  return error;
}

/** Polls `condition` until it holds (at most 5 s). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('sending inside and outside the 24-hour window', () => {
  it('delivers a text inside the window and records it', async () => {
    await customerWrites(T0);
    simulator.control.setNow(new Date(T0.getTime() + 2 * HOUR));
    const idempotencyKey = key();

    const { messageId } = await whatsApp.sendText({ to: CUSTOMER, body: 'Guten Tag, Ihr Termin ist bestätigt.', idempotencyKey });

    expect(messageId).toMatch(/^wamid\./);
    expect(simulator.control.sent()).toEqual([
      {
        messageId,
        to: CUSTOMER,
        waId: CUSTOMER_WA_ID,
        type: 'text',
        text: 'Guten Tag, Ihr Termin ist bestätigt.',
        idempotencyKey,
        sentAt: '2025-03-03T11:00:00.000Z',
      },
    ]);
  });

  it('still delivers exactly 24 hours after the last message, refuses a text after that as outside-window, and allows a template then', async () => {
    await customerWrites(T0);

    simulator.control.setNow(new Date(T0.getTime() + 24 * HOUR));
    await expect(whatsApp.sendText({ to: CUSTOMER, body: 'Noch rechtzeitig', idempotencyKey: key() })).resolves.toEqual({ messageId: expect.any(String) });

    simulator.control.setNow(new Date(T0.getTime() + 24 * HOUR + 1000));
    const error = await messagingError(() => whatsApp.sendText({ to: CUSTOMER, body: 'Zu spät: Ihr Kreditangebot', idempotencyKey: key() }));
    expect(error).toMatchObject({ kind: 'outside-window', code: 131047, retryable: false });
    // Neither the number nor the text ends up in errors, logs or workflow history.
    expect(error.message).not.toContain(CUSTOMER_WA_ID);
    expect(error.message).not.toContain('Kreditangebot');

    const template = await whatsApp.sendTemplate({
      to: CUSTOMER,
      template: 'rueckruf_terminvorschlag',
      language: 'de',
      parameters: ['Anna', '14. März'],
      idempotencyKey: key(),
    });
    expect(simulator.control.sent().map((message) => message.type)).toEqual(['text', 'template']);
    expect(simulator.control.sent()[1]).toMatchObject({
      messageId: template.messageId,
      waId: CUSTOMER_WA_ID,
      template: { name: 'rueckruf_terminvorschlag', language: 'de', parameters: ['Anna', '14. März'] },
    });
  });

  it('refuses a text to a customer who never wrote, and delivers it under the same key once they have', async () => {
    const idempotencyKey = key();
    const request = { to: CUSTOMER, body: 'Ihr Rückruf', idempotencyKey };
    await expect(messagingError(() => whatsApp.sendText(request))).resolves.toMatchObject({ kind: 'outside-window' });
    expect(simulator.control.sent()).toEqual([]);

    await customerWrites(T0);

    // The refused attempt did nothing, so its key is free for the retry.
    await expect(whatsApp.sendText(request)).resolves.toEqual({ messageId: expect.any(String) });
    expect(simulator.control.sent()).toHaveLength(1);
  });

  it('sends a template without parameters to a customer who never wrote', async () => {
    const { messageId } = await whatsApp.sendTemplate({ to: CUSTOMER, template: 'kontakt_bitte', language: 'de', idempotencyKey: key() });

    expect(simulator.control.sent()).toEqual([
      expect.objectContaining({ messageId, type: 'template', template: { name: 'kontakt_bitte', language: 'de', parameters: [] } }),
    ]);
  });
});

describe('idempotency', () => {
  beforeEach(() => customerWrites(T0));

  it('sends once for a repeated idempotency key, also when the requests overlap, and answers each with the same message id', async () => {
    const request = { to: CUSTOMER, body: 'Einmal, bitte', idempotencyKey: key() };

    const first = await whatsApp.sendText(request);
    const [again, overlapping] = await Promise.all([whatsApp.sendText(request), whatsApp.sendText(request)]);

    expect(again).toEqual(first);
    expect(overlapping).toEqual(first);
    expect(simulator.control.sent()).toEqual([expect.objectContaining({ messageId: first.messageId, text: 'Einmal, bitte' })]);
  });

  it('sends once when the first attempt timed out on the client but the platform sent it', async () => {
    const impatient = client({ timeoutMs: 100 });
    const request = { to: CUSTOMER, body: 'Langsam, aber sicher', idempotencyKey: key() };
    simulator.control.delay(500);

    await expect(messagingError(() => impatient.sendText(request))).resolves.toMatchObject({ kind: 'unavailable', retryable: true });
    await until(() => simulator.control.sent().length === 1);
    simulator.control.delay(0);

    const retry = await impatient.sendText(request);
    expect(simulator.control.sent()).toEqual([expect.objectContaining({ messageId: retry.messageId })]);
  });

  it('refuses a key reused for a different message as rejected', async () => {
    const idempotencyKey = key();
    await whatsApp.sendText({ to: CUSTOMER, body: 'Erste Nachricht', idempotencyKey });

    const error = await messagingError(() => whatsApp.sendText({ to: CUSTOMER, body: 'Andere Nachricht', idempotencyKey }));

    expect(error).toMatchObject({ kind: 'rejected', code: 100 });
    expect(simulator.control.sent()).toHaveLength(1);
  });
});

describe('failures', () => {
  beforeEach(() => customerWrites(T0));

  it.each([
    [503, 131016],
    [500, 131000],
    [429, 130429],
  ])('answers unavailable (retryable) for %i, sends nothing, and lets the next request through', async (status, code) => {
    simulator.control.failNext(1, status);
    const request = { to: CUSTOMER, body: 'Nach der Störung', idempotencyKey: key() };

    const error = await messagingError(() => whatsApp.sendText(request));

    expect(error).toMatchObject({ kind: 'unavailable', code, retryable: true });
    expect(simulator.control.sent()).toEqual([]);
    await expect(whatsApp.sendText(request)).resolves.toEqual({ messageId: expect.any(String) });
    expect(simulator.control.sent()).toHaveLength(1);
  });

  it('answers rejected for a wrong access token and for a phone number id that is not ours', async () => {
    const badToken = await messagingError(() => client({ accessToken: 'expired' }).sendText({ to: CUSTOMER, body: 'Hallo', idempotencyKey: key() }));
    const otherNumber = await messagingError(() => client({ phoneNumberId: '999' }).sendText({ to: CUSTOMER, body: 'Hallo', idempotencyKey: key() }));

    expect(badToken).toMatchObject({ kind: 'rejected', code: 190, retryable: false });
    expect(otherNumber).toMatchObject({ kind: 'rejected', code: 100 });
    expect(simulator.control.sent()).toEqual([]);
  });

  it('refuses an invalid number or an empty text before any request, naming the field but not the value', async () => {
    simulator.control.failNext(2, 503); // would answer unavailable if a request went out

    const badNumber = await messagingError(() => whatsApp.sendText({ to: '0170 1234567', body: 'Hallo', idempotencyKey: key() }));
    const emptyText = await messagingError(() => whatsApp.sendText({ to: CUSTOMER, body: '', idempotencyKey: key() }));

    expect(badNumber).toMatchObject({ kind: 'rejected', message: expect.stringContaining('to') });
    expect(badNumber.message).not.toContain('1234567');
    expect(emptyText).toMatchObject({ kind: 'rejected', message: expect.stringContaining('text.body') });
    // Both armed faults are still there: neither call reached the platform.
    await expect(messagingError(() => whatsApp.sendText({ to: CUSTOMER, body: 'Hallo', idempotencyKey: key() }))).resolves.toMatchObject({ kind: 'unavailable' });
  });

  it('answers a body that breaks the Cloud API schema with 400 and the Graph error shape', async () => {
    const response = await fetch(`${simulator.url}/v21.0/${PHONE_NUMBER_ID}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ACCESS_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: CUSTOMER, type: 'text', text: { body: 'x' }, extra: true }),
    });

    expect(response.status).toBe(400);
    const answer = CloudApiErrorAnswerSchema.parse(await response.json());
    expect(answer.error).toMatchObject({ code: 100, type: 'OAuthException', fbtrace_id: expect.any(String) });
    expect(simulator.control.sent()).toEqual([]);
  });

  it('answers unavailable when the platform cannot be reached', async () => {
    const gone = await startWhatsAppSimulator({ accessToken: ACCESS_TOKEN, phoneNumberId: PHONE_NUMBER_ID, appSecret: APP_SECRET });
    await gone.close();

    const error = await messagingError(() => client({ baseUrl: gone.url }).sendText({ to: CUSTOMER, body: 'Hallo', idempotencyKey: key() }));

    expect(error).toMatchObject({ kind: 'unavailable', code: undefined, message: expect.stringContaining('ECONNREFUSED') });
  });
});

describe('webhook signature', () => {
  const body = '{"object":"whatsapp_business_account","entry":[]}';

  it('verifies the signature of the body it was made for, as string or bytes', () => {
    const header = signWebhookBody(body, APP_SECRET);

    expect(header).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(body, header, APP_SECRET)).toBe(true);
    expect(verifyWebhookSignature(Buffer.from(body), header, APP_SECRET)).toBe(true);
  });

  it('fails for a forged body and for another secret', () => {
    const header = signWebhookBody(body, APP_SECRET);

    expect(verifyWebhookSignature(body.replace('[]', '[{}]'), header, APP_SECRET)).toBe(false);
    expect(verifyWebhookSignature(body, header, 'another-secret')).toBe(false);
    expect(verifyWebhookSignature(body, signWebhookBody(body, 'another-secret'), APP_SECRET)).toBe(false);
  });

  it.each([
    ['missing', undefined],
    ['null', null],
    ['empty', ''],
    ['without the algorithm', signWebhookBody(body, APP_SECRET).slice('sha256='.length)],
    ['of another algorithm', `sha1=${signWebhookBody(body, APP_SECRET).slice('sha256='.length)}`],
    ['too short', signWebhookBody(body, APP_SECRET).slice(0, -2)],
    ['too long', `${signWebhookBody(body, APP_SECRET)}00`],
    ['not hex', `sha256=${'z'.repeat(64)}`],
  ])('fails for a header that is %s', (_case, header) => {
    expect(verifyWebhookSignature(body, header, APP_SECRET)).toBe(false);
  });

  it('refuses to work with an empty app secret', () => {
    expect(() => signWebhookBody(body, '')).toThrow(TypeError);
    expect(() => verifyWebhookSignature(body, signWebhookBody(body, APP_SECRET), '')).toThrow(TypeError);
  });
});

describe('webhook handshake', () => {
  it('answers the challenge for a subscription with our verify token only', () => {
    const query = (mode: string, token: string) => new URLSearchParams({ 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': '1158201444' });

    expect(answerSubscriptionChallenge(query('subscribe', VERIFY_TOKEN), VERIFY_TOKEN)).toBe('1158201444');
    expect(answerSubscriptionChallenge({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN, 'hub.challenge': '42' }, VERIFY_TOKEN)).toBe('42');
    expect(answerSubscriptionChallenge(query('subscribe', 'guessed'), VERIFY_TOKEN)).toBeUndefined();
    expect(answerSubscriptionChallenge(query('unsubscribe', VERIFY_TOKEN), VERIFY_TOKEN)).toBeUndefined();
    expect(answerSubscriptionChallenge(new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': VERIFY_TOKEN }), VERIFY_TOKEN)).toBeUndefined();
  });

  it('lets the simulator verify the webhook as the platform does', async () => {
    await expect(simulator.control.verifyWebhook(VERIFY_TOKEN)).resolves.toBe(true);
    await expect(simulator.control.verifyWebhook('wrong-token')).resolves.toBe(false);
  });
});

describe('inbound deliveries', () => {
  it('posts a signed delivery in the Cloud API shape for a customer message', async () => {
    const result = await simulator.control.inbound({ from: CUSTOMER, text: 'Grüße, bitte um Rückruf', name: 'Anna Muster', at: T0 });

    expect(result).toEqual({ messageId: expect.stringMatching(/^wamid\./), deliveryId: expect.any(String), outcome: 200 });
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery).toMatchObject({ method: 'POST', headers: expect.objectContaining({ 'content-type': 'application/json' }) });
    const signature = delivery!.headers['x-hub-signature-256'] as string;
    expect(verifyWebhookSignature(delivery!.rawBody, signature, APP_SECRET)).toBe(true);
    expect(verifyWebhookSignature(delivery!.rawBody, signature, 'another-secret')).toBe(false);

    const parsed = WebhookDeliverySchema.parse(JSON.parse(delivery!.rawBody.toString('utf8')));
    expect(inboundMessagesOf(parsed)).toEqual([
      {
        messageId: result.messageId,
        from: CUSTOMER_WA_ID,
        profileName: 'Anna Muster',
        phoneNumberId: PHONE_NUMBER_ID,
        sentAt: T0,
        type: 'text',
        text: 'Grüße, bitte um Rückruf',
      },
    ]);
    // Like Meta's, the raw body escapes non-ASCII: only the raw bytes carry a valid signature.
    expect(delivery!.rawBody.toString('utf8')).toContain('Gr\\u00fc\\u00dfe');
    expect(verifyWebhookSignature(JSON.stringify(parsed), signature, APP_SECRET)).toBe(false);
  });

  it('redelivers the identical body and signature, so a receiver that keys on the message id processes it once', async () => {
    webhookStatus = 500;
    const { messageId, deliveryId, outcome } = await simulator.control.inbound({ from: CUSTOMER, text: 'Bitte Rückruf', at: T0 });
    expect(outcome).toBe(500);

    webhookStatus = 200;
    await expect(simulator.control.redeliver(deliveryId)).resolves.toBe(200);

    expect(received).toHaveLength(2);
    expect(received[1]!.rawBody.equals(received[0]!.rawBody)).toBe(true);
    expect(received[1]!.headers['x-hub-signature-256']).toBe(received[0]!.headers['x-hub-signature-256']);
    const messageIds = new Set(received.flatMap(({ rawBody }) => inboundMessagesOf(WebhookDeliverySchema.parse(JSON.parse(rawBody.toString('utf8')))).map((message) => message.messageId)));
    expect([...messageIds]).toEqual([messageId]);
    expect(simulator.control.deliveries()).toEqual([
      expect.objectContaining({ deliveryId, messageId, attempts: [expect.objectContaining({ outcome: 500 }), expect.objectContaining({ outcome: 200 })] }),
    ]);
  });

  it('opens the window without a webhook, and reports that nothing was posted', async () => {
    simulator.control.setWebhookUrl(undefined);
    try {
      await expect(simulator.control.inbound({ from: CUSTOMER_WA_ID, text: 'Hallo', at: T0 })).resolves.toMatchObject({ outcome: 'no-webhook' });
      expect(received).toEqual([]);
      await expect(whatsApp.sendText({ to: CUSTOMER, body: 'Antwort', idempotencyKey: key() })).resolves.toEqual({ messageId: expect.any(String) });
    } finally {
      simulator.control.setWebhookUrl(webhookUrl);
    }
  });

  it('refuses to redeliver an unknown delivery', async () => {
    await expect(simulator.control.redeliver('no-such-delivery')).rejects.toThrow(RangeError);
  });
});
