/**
 * Email as Drehscheibe sends it: plain-text messages with an idempotency key. Implemented by an
 * SMTP sender (nodemailer) behind an outbox that sends each key at most once.
 */

export interface EmailMessage {
  to: string[];
  subject: string;
  /** Plain text; links are written out. */
  text: string;
  /** Derived from the workflow and its step (e.g. `callback:abc/callback-email`). */
  idempotencyKey: string;
  /**
   * Files sent along, such as an appointment's iCalendar invitation. Not part of what the outbox
   * compares for a repeated key (it stores subject and text only): a step that sends the same
   * text sends the same attachment.
   */
  attachments?: EmailAttachment[];
}

/** A small text attachment (generated, never read from a file or URL). */
export interface EmailAttachment {
  filename: string;
  /** MIME type with parameters, e.g. `text/calendar; method=REQUEST; charset=UTF-8`. */
  contentType: string;
  content: string;
}

export interface SentEmail {
  /** The RFC 5322 Message-ID used (stable per idempotency key). */
  messageId: string;
  /** False when the outbox had sent this key before and sent nothing now. */
  sentNow: boolean;
}

/** Sends one message over the wire (no idempotency of its own). */
export interface EmailTransport {
  send(message: EmailMessage & { messageId: string }): Promise<void>;
}

/** What activities use: sends each idempotency key at most once, durably recorded. */
export interface EmailOutbox {
  sendOnce(message: EmailMessage): Promise<SentEmail>;
}
