/**
 * The email transport over SMTP (nodemailer): one message per call, one connection per message.
 *
 * Retrying is the job of the outbox and the Temporal activity above it; this class sends once
 * and reports failures as `SmtpSendError`s. Email addresses are personal data, and error
 * messages travel into logs, the outbox row and Temporal history, so no error raised here
 * contains an address or the SMTP URL's credentials.
 */
import { createTransport, type Transporter } from 'nodemailer';
import type { EmailMessage, EmailTransport } from './email.port';

/** Tuning of `SmtpTransport`; the defaults suit a relay in the bank's own network. */
export interface SmtpTransportOptions {
  /**
   * Upper bound of one send in milliseconds, connection to final reply. The outbox's lease must
   * be longer, or a slow send could be taken over and sent a second time.
   */
  sendTimeoutMs?: number;
}

/** A send that failed; the message names the SMTP step and reply, never an address. */
export class SmtpSendError extends Error {
  override readonly name = 'SmtpSendError';

  constructor(
    message: string,
    /** nodemailer's error code, e.g. `ESOCKET`, `EENVELOPE`, `ETIMEDOUT`. */
    readonly code: string | undefined,
    /** The SMTP reply code, when the server answered with an error. */
    readonly responseCode: number | undefined,
    /** True when the server rejected the message for good (5xx): retrying cannot help. */
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

/** `EmailTransport` over SMTP, from `smtp://user:pass@host:port` or `smtps://…` (implicit TLS). */
export class SmtpTransport implements EmailTransport {
  private readonly transporter: Transporter;
  private readonly sendTimeoutMs: number;

  /**
   * @param url `smtp://` (STARTTLS when the server offers it) or `smtps://`; user and password
   *   in the URL are used for SMTP AUTH.
   * @param from the sender address of every message (e.g. `Sparkasse KSC <ksc@sparkasse.example>`).
   */
  constructor(url: string, private readonly from: string, { sendTimeoutMs = 30_000 }: SmtpTransportOptions = {}) {
    assertSmtpUrl(url);
    this.sendTimeoutMs = sendTimeoutMs;
    // Timeouts well below nodemailer's defaults (2 and 10 minutes), so a hanging relay fails the
    // attempt within the outbox's lease instead of outliving it.
    const stepTimeoutMs = Math.min(10_000, sendTimeoutMs);
    this.transporter = createTransport({
      url,
      connectionTimeout: stepTimeoutMs,
      greetingTimeout: stepTimeoutMs,
      socketTimeout: sendTimeoutMs,
      // Message content comes from templates; it must never make the worker read files or URLs.
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    });
  }

  async send(message: EmailMessage & { messageId: string }): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        ...(message.attachments ? { attachments: message.attachments.map(({ filename, contentType, content }) => ({ filename, contentType, content })) } : {}),
        // The outbox's stable Message-ID: receiving systems can drop a repeated delivery.
        messageId: message.messageId,
        signal: AbortSignal.timeout(this.sendTimeoutMs),
      });
    } catch (error) {
      throw toSmtpSendError(error, message.to);
    }
  }
}

/**
 * Replaces everything that looks like an email address (and each of `known`, which catches
 * malformed addresses without `@`) with `<address>`.
 */
export function redactAddresses(text: string, known: readonly string[] = []): string {
  let result = text.replace(/<?[^\s<>"'(),;:[\]@]+@[^\s<>"'(),;:[\]@]+>?/g, '<address>');
  for (const address of known) {
    if (address.trim().length > 0) result = result.split(address).join('<address>');
  }
  return result;
}

function toSmtpSendError(error: unknown, recipients: readonly string[]): SmtpSendError {
  const details = (typeof error === 'object' && error !== null ? error : {}) as {
    message?: unknown;
    code?: unknown;
    originalCode?: unknown;
    responseCode?: unknown;
    command?: unknown;
    permanent?: unknown;
  };
  const code = typeof details.code === 'string' ? details.code : undefined;
  const responseCode = typeof details.responseCode === 'number' ? details.responseCode : undefined;
  const where = [
    code,
    typeof details.originalCode === 'string' ? `(${details.originalCode})` : undefined,
    typeof details.command === 'string' ? `at ${details.command}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(' ');
  const text = typeof details.message === 'string' ? details.message : String(error);
  // A new error without `cause`: the original carries the rejected addresses in its fields.
  return new SmtpSendError(
    `SMTP send failed${where ? ` [${where}]` : ''}: ${redactAddresses(text, recipients)}`,
    code,
    responseCode,
    details.permanent === true,
  );
}

function assertSmtpUrl(url: string): void {
  // The URL is never echoed: it may hold the relay's password.
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://user:pass@host:port or smtps://…)');
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, not ${protocol}//`);
  }
}
