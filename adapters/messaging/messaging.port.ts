/**
 * A messaging channel (WhatsApp Business) as Drehscheibe sees it. Implemented over HTTP against
 * Meta's WhatsApp Cloud API (`HttpWhatsApp`); a simulator of that API serves development and
 * tests. Activities receive this port injected.
 *
 * Inbound messages do not come through this port: the platform pushes them to our webhook,
 * whose deliveries are checked with `verifyWebhookSignature` and parsed with the wire schemas.
 */

/** A free-form text message. Allowed only inside the customer-service window (see `MessagingError`). */
export interface SendTextRequest {
  /** The customer's number (E.164, e.g. `+491701234567`). */
  to: string;
  /** The text, at most 4096 characters. */
  body: string;
  /** Same key → the same message, never a second one (a retried activity sends once). */
  idempotencyKey: string;
}

/** A pre-approved template message: the only kind allowed outside the customer-service window. */
export interface SendTemplateRequest {
  /** The customer's number (E.164). */
  to: string;
  /** Template name as approved by Meta, e.g. `rueckruf_terminvorschlag`. */
  template: string;
  /** Language code of the approved translation, e.g. `de`. */
  language: string;
  /** Values of the body's placeholders `{{1}}`, `{{2}}`, … in order. */
  parameters?: string[];
  idempotencyKey: string;
}

/** What the platform accepted. Accepted is not delivered: delivery is reported by webhook. */
export interface SentMessage {
  /** The platform's message id (`wamid.…`); status webhooks refer to it. */
  messageId: string;
}

/**
 * Failure kinds of a send:
 * - `outside-window`: free-form text to a customer whose last message is more than 24 hours
 *   old (or who never wrote); only a template may reach them. Permanent for this message.
 * - `rejected`: the request is wrong (number, template, token, parameters); a retry fails alike.
 * - `unavailable`: the platform is down, throttling, slow or unreachable; a retry may help.
 */
export type MessagingErrorKind = 'outside-window' | 'rejected' | 'unavailable';

/** The error every `Messaging` method raises for a failed send. */
export class MessagingError extends Error {
  constructor(
    readonly kind: MessagingErrorKind,
    message: string,
    /** The platform's error code (e.g. 131047), when it answered with one. */
    readonly code?: number,
  ) {
    super(message);
    this.name = 'MessagingError';
  }

  /** Whether trying again may help: an outage may pass, a refusal will not. */
  get retryable(): boolean {
    return this.kind === 'unavailable';
  }
}

/** Sends messages to customers over a messaging channel. */
export interface Messaging {
  /** A free-form text inside the customer-service window. */
  sendText(request: SendTextRequest): Promise<SentMessage>;
  /** An approved template, allowed at any time. */
  sendTemplate(request: SendTemplateRequest): Promise<SentMessage>;
}
