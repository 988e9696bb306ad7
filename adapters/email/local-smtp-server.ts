/**
 * A local SMTP catcher: accepts every message on a loopback port and keeps the newest ones in
 * memory. The embedded setup (`npm start` without SMTP_URL) sends its email here so that nothing
 * leaves the machine, and tests use it as the real SMTP server behind `SmtpTransport`.
 *
 * No authentication and no TLS, which is why it listens on loopback only and refuses any other
 * address.
 */
import net from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/** One message the catcher received. */
export interface CaughtEmail {
  /** The Message-ID header, with angle brackets (e.g. `<ab12…@drehscheibe.local>`). */
  messageId: string | undefined;
  /** The From header's address (the envelope sender when there is no From header). */
  from: string | undefined;
  /** The envelope recipients (RCPT TO): who the message was actually delivered to. */
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  /** Attachments as text (Drehscheibe sends small text files, such as calendar invitations). */
  attachments: Array<{ filename: string | undefined; contentType: string; content: string }>;
  receivedAt: Date;
}

export interface LocalSmtpServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A loopback address; `127.0.0.1` by default. */
  host?: string;
  /** How many messages are kept; the oldest are dropped beyond it. */
  capacity?: number;
}

export interface LocalSmtpServer {
  /** `smtp://127.0.0.1:<port>`, ready for `SmtpTransport` or SMTP_URL. */
  readonly url: string;
  readonly port: number;
  /** The kept messages, oldest first (a copy). */
  messages(): CaughtEmail[];
  /** Forgets every kept message. */
  clear(): void;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Largest message accepted; Drehscheibe sends short plain-text mails. */
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

/** Starts the catcher and resolves once it listens. */
export async function startLocalSmtpServer({ port = 0, host = '127.0.0.1', capacity = 500 }: LocalSmtpServerOptions = {}): Promise<LocalSmtpServer> {
  assertLoopback(host);
  if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity must be a positive integer, got ${capacity}`);
  const kept: CaughtEmail[] = [];

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    // Clients are local; a reverse DNS lookup per connection would only slow every send down.
    disableReverseLookup: true,
    banner: 'Drehscheibe local SMTP catcher',
    // close() should not wait half a minute for idle client connections.
    closeTimeout: 1_000,
    onData(stream, session, callback) {
      receive(stream, session).then(
        (email) => {
          kept.push(email);
          if (kept.length > capacity) kept.splice(0, kept.length - capacity);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // A broken client connection must not crash the process that embeds the catcher.
  server.on('error', () => undefined);

  const address = await listen(server, port, host);
  const urlHost = net.isIPv6(host) ? `[${host}]` : host;
  return {
    url: `smtp://${urlHost}:${address}`,
    port: address,
    messages: () => kept.map((email) => ({ ...email, to: [...email.to], attachments: email.attachments.map((attachment) => ({ ...attachment })) })),
    clear: () => {
      kept.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<CaughtEmail> {
  const parsed = await simpleParser(stream);
  if (stream.sizeExceeded) {
    throw Object.assign(new Error('Message exceeds the size limit'), { responseCode: 552 });
  }
  const envelopeFrom = session.envelope.mailFrom === false ? undefined : session.envelope.mailFrom.address;
  return {
    messageId: parsed.messageId,
    from: firstAddress(parsed.from) ?? envelopeFrom,
    to: session.envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject,
    // SMTP ends the data with a line break that the sender's text did not have.
    text: parsed.text?.replace(/\r?\n$/, ''),
    attachments: parsed.attachments.map((attachment) => ({ filename: attachment.filename, contentType: attachment.contentType, content: attachment.content.toString('utf8') })),
    receivedAt: new Date(),
  };
}

function firstAddress(header: AddressObject | undefined): string | undefined {
  return header?.value.find((entry) => entry.address !== undefined)?.address;
}

function listen(server: SMTPServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      const address = server.server.address();
      if (address === null || typeof address === 'string') reject(new Error('SMTP catcher has no TCP address'));
      else resolve(address.port);
    });
  });
}

function assertLoopback(host: string): void {
  const loopback = host === 'localhost' || host === '::1' || (net.isIPv4(host) && host.startsWith('127.'));
  if (!loopback) {
    throw new Error(`the local SMTP catcher has no authentication and listens on loopback only, not on ${host}`);
  }
}
