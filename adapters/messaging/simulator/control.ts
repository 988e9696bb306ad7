/**
 * What tests and developers can steer and see in the WhatsApp simulator
 * (`WhatsAppSimulator.control`). A real Cloud API has none of this.
 */

/** A message the simulated platform accepted. */
export interface SentMessageRecord {
  messageId: string;
  /** The recipient as the sender wrote it. */
  to: string;
  /** The recipient's WhatsApp id: the number's digits, no `+`. */
  waId: string;
  type: 'text' | 'template';
  /** Text of a `text` message. */
  text?: string;
  /** Name, language and body parameters of a `template` message. */
  template?: { name: string; language: string; parameters: string[] };
  /** The sender's `Idempotency-Key`, if it sent one. */
  idempotencyKey?: string;
  /** When it was accepted, by the simulator's clock (ISO). */
  sentAt: string;
}

/** A customer's text message, as `control.inbound` takes it. */
export interface InboundMessageOptions {
  /** The customer's number, `+491701234567` or the `wa_id` `491701234567`. */
  from: string;
  text: string;
  /** WhatsApp profile name sent along; `Test Kunde` unless given. */
  name?: string;
  /** When the customer wrote; the simulator's now unless given. Opens the 24-hour window from then. */
  at?: Date;
}

/**
 * How one POST of a delivery to the webhook ended: the webhook's HTTP status, `unreachable`
 * (connection failed or no answer in time), or `no-webhook` when no webhook URL is set.
 */
export type DeliveryOutcome = number | 'unreachable' | 'no-webhook';

/** What `control.inbound` did. */
export interface InboundResult {
  /** The platform's id of the customer's message (`wamid.…`), as in the delivery. */
  messageId: string;
  /** Key for `control.redeliver`. */
  deliveryId: string;
  outcome: DeliveryOutcome;
}

/** A webhook delivery the simulator built, with every attempt to POST it. */
export interface DeliveryRecord {
  deliveryId: string;
  messageId: string;
  /** The exact body POSTed, byte for byte on every attempt. */
  rawBody: string;
  /** Its `X-Hub-Signature-256` header. */
  signature: string;
  attempts: { at: string; outcome: DeliveryOutcome }[];
}

/** The simulator's controls. Records are copies: changing them changes nothing. */
export interface WhatsAppSimulatorControl {
  /** Every message accepted, oldest first: one per idempotency key. Refused sends are not in it. */
  sent(): SentMessageRecord[];
  /**
   * The customer writes: opens their 24-hour window, builds the webhook delivery in the Cloud
   * API's shape, signs it with the app secret and POSTs it to the webhook (if one is set).
   * Resolves once the webhook has answered.
   */
  inbound(message: InboundMessageOptions): Promise<InboundResult>;
  /** POSTs a delivery again, identical body and signature, as the platform does after a failed attempt. */
  redeliver(deliveryId: string): Promise<DeliveryOutcome>;
  /** Every delivery built, oldest first. */
  deliveries(): DeliveryRecord[];
  /** Where deliveries go from now on; undefined keeps them (`no-webhook`). */
  setWebhookUrl(url: string | undefined): void;
  /**
   * The platform's verification handshake against the webhook: a GET with `hub.mode=subscribe`,
   * `hub.verify_token` and a fresh `hub.challenge`. True when the webhook echoed the challenge with 200.
   */
  verifyWebhook(verifyToken: string): Promise<boolean>;
  /** The next `count` API requests answer `status` (503 unless given) in the Cloud API's error shape, and do nothing else. */
  failNext(count: number, status?: number): void;
  /** Every API request waits `ms` before it is handled (0 turns it off); it is handled even if the client gave up. */
  delay(ms: number): void;
  /** Freezes the simulator's clock at `instant`; undefined lets it follow the real time again. */
  setNow(instant: Date | undefined): void;
  /** The simulator's clock. */
  now(): Date;
  /** Forgets messages, windows, deliveries, idempotency keys, faults and the clock. The webhook URL stays. */
  reset(): void;
}
