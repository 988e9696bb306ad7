/**
 * The SMS and social-media gateways' HTTP adapters over a real local server: what each answer
 * becomes (worth another attempt or not), the idempotency key sent, and nothing of the body in
 * an error message.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpSms } from '../adapters/sms/http-sms';
import { SmsError } from '../adapters/sms/sms.port';
import { HttpSocialMedia } from '../adapters/social-media/http-social-media';
import { SocialMediaError } from '../adapters/social-media/social-media.port';

let server: Server;
let url: string;
let answer: (request: IncomingMessage, response: ServerResponse) => void = (_request, response) => response.end();
const seen: Array<{ path: string | undefined; key: string | undefined; auth: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    seen.push({ path: request.url, key: request.headers['idempotency-key'] as string | undefined, auth: request.headers.authorization });
    request.resume();
    request.on('end', () => answer(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (status: number, body: unknown) => (_request: IncomingMessage, response: ServerResponse) => {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
};
const sms = () => new HttpSms({ baseUrl: url, accessToken: 'token-sms', timeoutMs: 300 });
const social = () => new HttpSocialMedia({ baseUrl: url, accessToken: 'token-social', timeoutMs: 300 });
const text = 'Bitte bestätigen Sie die Eskalation';

test('an accepted request answers the gateway\'s id and sends the key and the token', async () => {
  seen.length = 0;
  answer = json(200, { messageId: 'sms-1' });
  await expect(sms().send({ to: '+491701234567', text, idempotencyKey: 'schluessel-1' })).resolves.toEqual({ messageId: 'sms-1' });
  expect(seen).toEqual([{ path: '/v1/messages', key: 'schluessel-1', auth: 'Bearer token-sms' }]);
});

test.each([
  ['a 5xx', 'unavailable', json(503, { error: 'busy' })],
  ['a 429', 'unavailable', json(429, { error: 'slow down' })],
  ['a 4xx', 'rejected', json(400, { error: 'bad' })],
  ['an answer outside the API', 'unavailable', json(200, { something: 'else' })],
  ['no answer in time', 'unavailable', (() => undefined) as typeof answer],
] as const)('%s is %s, and the message holds nothing of the body', async (_what, kind, reply) => {
  answer = reply;
  const failure = await sms().send({ to: '+491701234567', text, idempotencyKey: 'k' }).catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(SmsError);
  expect((failure as SmsError).kind).toBe(kind);
  expect((failure as Error).message).not.toContain('491701234567');
  expect((failure as Error).message).not.toContain(text);
  const replyFailure = await social().reply({ network: 'facebook', postId: 'p-1', text, idempotencyKey: 'k' }).catch((error: unknown) => error);
  expect(replyFailure).toBeInstanceOf(SocialMediaError);
  expect((replyFailure as SocialMediaError).kind).toBe(kind);
  expect((replyFailure as Error).message).not.toContain(text);
});

test('a body the gateway would refuse is rejected before it is sent, naming the field only', async () => {
  seen.length = 0;
  const failure = (await sms().send({ to: 'keine Nummer', text, idempotencyKey: 'k' }).catch((error: unknown) => error)) as SmsError;
  expect(failure.kind).toBe('rejected');
  expect(failure.message).toBe('sms: invalid to');
  expect(seen).toEqual([]);
});
