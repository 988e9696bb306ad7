/**
 * SmtpTransport against real SMTP servers in this process: the local catcher, one that rejects
 * recipients, and one that was stopped. Failures must never name an email address.
 */
import { SMTPServer } from 'smtp-server';
import { startLocalSmtpServer, type LocalSmtpServer } from '../adapters/email/local-smtp-server';
import { SmtpSendError, SmtpTransport } from '../adapters/email/smtp-transport';

const FROM = 'Sparkasse KSC <ksc@sparkasse.example>';
const ERIKA = 'erika.mustermann@example.org';
const MAX = 'max.mustermann@example.org';

const message = (overrides: { to?: string[]; subject?: string; messageId?: string } = {}) => ({
  to: overrides.to ?? [ERIKA],
  subject: overrides.subject ?? 'Ihr Termin in der Filiale',
  text: 'Guten Tag,\nIhr Beratungstermin ist am 12. März um 10:00 Uhr.\nhttps://sparkasse.example/termin',
  idempotencyKey: 'appointment:abc/confirmation',
  messageId: overrides.messageId ?? '<0123456789abcdef0123456789abcdef@drehscheibe.local>',
});

async function rejectedError(promise: Promise<unknown>): Promise<SmtpSendError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SmtpSendError);
  return error as SmtpSendError;
}

describe('SmtpTransport with the local catcher', () => {
  let smtp: LocalSmtpServer;
  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
  });
  afterAll(() => smtp.close());
  beforeEach(() => smtp.clear());

  test('delivers sender, recipients, subject, text and the given Message-ID', async () => {
    const transport = new SmtpTransport(smtp.url, FROM);
    await transport.send(message({ to: [ERIKA, MAX] }));

    const [caught, ...more] = smtp.messages();
    expect(more).toEqual([]);
    expect(caught).toMatchObject({
      messageId: '<0123456789abcdef0123456789abcdef@drehscheibe.local>',
      from: 'ksc@sparkasse.example',
      to: [ERIKA, MAX],
      subject: 'Ihr Termin in der Filiale',
      text: 'Guten Tag,\nIhr Beratungstermin ist am 12. März um 10:00 Uhr.\nhttps://sparkasse.example/termin',
    });
    expect(caught?.receivedAt).toBeInstanceOf(Date);
  });

  test('sends on every call: idempotency is the job of the outbox, not of the transport', async () => {
    const transport = new SmtpTransport(smtp.url, FROM);
    await transport.send(message());
    await transport.send(message());
    expect(smtp.messages().map((caught) => caught.messageId)).toEqual([
      '<0123456789abcdef0123456789abcdef@drehscheibe.local>',
      '<0123456789abcdef0123456789abcdef@drehscheibe.local>',
    ]);
  });
});

describe('SmtpTransport failures', () => {
  test('a stopped server fails the send with a connection error that names no address', async () => {
    const stopped = await startLocalSmtpServer();
    await stopped.close();
    const transport = new SmtpTransport(stopped.url, FROM);

    const error = await rejectedError(transport.send(message({ to: [ERIKA, MAX] })));
    expect(error.code).toBe('ESOCKET');
    expect(error.permanent).toBe(false);
    expect(error.message).toMatch(/ECONNREFUSED/);
    expect(error.message).not.toMatch(/@/);
    expect(error.cause).toBeUndefined();
  });

  test('a recipient the server rejects fails permanently, without the address the reply echoes', async () => {
    const rejecting = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        callback(Object.assign(new Error(`5.1.1 <${address.address}>: Recipient address rejected`), { responseCode: 550 }));
      },
    });
    await new Promise<void>((resolve) => rejecting.listen(0, '127.0.0.1', resolve));
    try {
      const address = rejecting.server.address();
      if (address === null || typeof address === 'string') throw new Error('no TCP address');
      const transport = new SmtpTransport(`smtp://127.0.0.1:${address.port}`, FROM);

      const error = await rejectedError(transport.send(message({ to: [ERIKA] })));
      expect(error.code).toBe('EENVELOPE');
      expect(error.responseCode).toBe(550);
      expect(error.permanent).toBe(true);
      expect(error.message).toMatch(/Recipient address rejected/);
      expect(error.message).not.toContain(ERIKA);
      expect(error.message).not.toMatch(/@/);
    } finally {
      await new Promise<void>((resolve) => rejecting.close(() => resolve()));
    }
  });

  test('an unusable URL is refused without echoing it (it may hold a password)', () => {
    expect(() => new SmtpTransport('http://user:geheim@relay.example:25', FROM)).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => new SmtpTransport('http://user:geheim@relay.example:25', FROM)).not.toThrow(/geheim/);
    expect(() => new SmtpTransport('not a url with geheim', FROM)).toThrow(/not a valid URL/);
    expect(() => new SmtpTransport('not a url with geheim', FROM)).not.toThrow(/geheim/);
  });
});

describe('the local catcher', () => {
  test('keeps only the newest messages up to its capacity, and forgets them on clear()', async () => {
    const smtp = await startLocalSmtpServer({ capacity: 2 });
    try {
      const transport = new SmtpTransport(smtp.url, FROM);
      for (const subject of ['eins', 'zwei', 'drei']) await transport.send(message({ subject }));
      expect(smtp.messages().map((caught) => caught.subject)).toEqual(['zwei', 'drei']);
      expect(smtp.url).toBe(`smtp://127.0.0.1:${smtp.port}`);

      smtp.clear();
      expect(smtp.messages()).toEqual([]);
    } finally {
      await smtp.close();
    }
  });

  test('refuses to listen beyond loopback, since it has no authentication', async () => {
    await expect(startLocalSmtpServer({ host: '0.0.0.0' })).rejects.toThrow(/loopback only/);
  });
});
