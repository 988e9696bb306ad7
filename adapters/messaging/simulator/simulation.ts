/**
 * The simulated WhatsApp platform behind the simulator's HTTP API: the 24-hour customer-service
 * window per customer, accepted messages, idempotency by the `Idempotency-Key` header, webhook
 * deliveries of customer messages, injected faults and a clock tests can set. In-memory state;
 * HTTP only for the outgoing webhook POSTs.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { RecipientSchema, type SendMessageAnswer, type SendMessageBody } from '../whatsapp.wire';
import { signWebhookBody } from '../webhook-signature';
import type {
  DeliveryOutcome,
  DeliveryRecord,
  InboundMessageOptions,
  InboundResult,
  SentMessageRecord,
  WhatsAppSimulatorControl,
} from './control';
import { invalidParameter, reEngagement } from './cloud-api-error';
import { metaJson, newMessageId, postDelivery, textMessageDelivery, type BusinessAccount } from './webhook-delivery';

/** The customer-service window: free-form messages are allowed this long after the customer's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
const DEFAULT_FAULT_STATUS = 503;
const WEBHOOK_TIMEOUT_MS = 10_000;

/** Fixed settings of one simulator. */
export interface SimulationSettings extends BusinessAccount {
  appSecret: string;
  webhookUrl?: string;
  /** Where the clock starts, frozen; the real time unless given. */
  now?: Date;
}

/**
 * The simulator's state and behaviour: the send operation for the HTTP routes, and the controls
 * for tests. One instance per simulator; nothing is shared between instances.
 */
export class WhatsAppSimulation implements WhatsAppSimulatorControl {
  private readonly account: BusinessAccount;
  private readonly appSecret: string;
  private webhookUrl: string | undefined;
  private frozenAt: number | undefined;
  private readonly sentLog: SentMessageRecord[] = [];
  /** Per `wa_id`: when the customer last wrote (ms since the epoch). */
  private readonly lastInbound = new Map<string, number>();
  private readonly byKey = new Map<string, { fingerprint: string; answer: SendMessageAnswer }>();
  private readonly deliveryLog = new Map<string, DeliveryRecord>();
  private failures = 0;
  private failureStatus = DEFAULT_FAULT_STATUS;
  private delayMs = 0;
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor({ appSecret, webhookUrl, now, ...account }: SimulationSettings) {
    if (appSecret.length === 0) throw new TypeError('appSecret must not be empty');
    this.account = account;
    this.appSecret = appSecret;
    this.webhookUrl = webhookUrl;
    this.frozenAt = now?.getTime();
  }

  // ---- the Cloud API --------------------------------------------------------------------------

  /** `POST /{version}/{phone-number-id}/messages`, after the request was checked. */
  send(body: SendMessageBody, idempotencyKey: string | undefined): SendMessageAnswer {
    const fingerprint = JSON.stringify(body);
    const earlier = idempotencyKey === undefined ? undefined : this.byKey.get(idempotencyKey);
    if (earlier) {
      // Answering a different message with someone else's result would hide a caller's bug.
      if (earlier.fingerprint !== fingerprint) throw invalidParameter('Idempotency-Key was already used for a different message (simulator only)');
      return earlier.answer;
    }
    const waId = toWaId(body.to);
    // Templates are what the platform allows outside the window; free-form text needs it open.
    if (body.type === 'text' && !this.windowOpen(waId)) throw reEngagement();

    const messageId = newMessageId();
    this.sentLog.push({
      messageId,
      to: body.to,
      waId,
      type: body.type,
      ...(body.type === 'text'
        ? { text: body.text.body }
        : {
            template: {
              name: body.template.name,
              language: body.template.language.code,
              parameters: (body.template.components ?? []).flatMap((component) => component.parameters.map((parameter) => parameter.text)),
            },
          }),
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      sentAt: this.now().toISOString(),
    });
    const answer: SendMessageAnswer = {
      messaging_product: 'whatsapp',
      contacts: [{ input: body.to, wa_id: waId }],
      // The Cloud API reports template messages as accepted (pacing may hold them back).
      messages: [{ id: messageId, ...(body.type === 'template' ? { message_status: 'accepted' } : {}) }],
    };
    // Only what was accepted is remembered: a refused attempt did nothing and may be retried.
    if (idempotencyKey !== undefined) this.byKey.set(idempotencyKey, { fingerprint, answer });
    return answer;
  }

  /** The status of an armed fault for this request, if any; counts it down. */
  takeFault(): number | undefined {
    if (this.failures === 0) return undefined;
    this.failures -= 1;
    return this.failureStatus;
  }

  /** Waits out the injected delay (at once without one). */
  waitDelay(): Promise<void> {
    if (this.delayMs === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve();
      }, this.delayMs);
      this.pending.add(timer);
    });
  }

  /** The phone number id this simulator sends for. */
  get phoneNumberId(): string {
    return this.account.phoneNumberId;
  }

  // ---- controls -------------------------------------------------------------------------------

  sent(): SentMessageRecord[] {
    return this.sentLog.map((record) => structuredClone(record));
  }

  async inbound({ from, text, name = 'Test Kunde', at }: InboundMessageOptions): Promise<InboundResult> {
    if (!RecipientSchema.safeParse(from).success) throw new RangeError('from must be an international number such as +491701234567');
    if (text.length === 0) throw new RangeError('text must not be empty');
    const waId = toWaId(from);
    const instant = at ?? this.now();
    // A message written earlier than the last one does not shorten the window.
    this.lastInbound.set(waId, Math.max(this.lastInbound.get(waId) ?? -Infinity, instant.getTime()));

    const messageId = newMessageId();
    const rawBody = metaJson(textMessageDelivery(this.account, { waId, name, messageId, at: instant, text }));
    const delivery: DeliveryRecord = {
      deliveryId: randomUUID(),
      messageId,
      rawBody,
      signature: signWebhookBody(rawBody, this.appSecret),
      attempts: [],
    };
    this.deliveryLog.set(delivery.deliveryId, delivery);
    return { messageId, deliveryId: delivery.deliveryId, outcome: await this.post(delivery) };
  }

  redeliver(deliveryId: string): Promise<DeliveryOutcome> {
    const delivery = this.deliveryLog.get(deliveryId);
    if (!delivery) return Promise.reject(new RangeError(`no delivery ${deliveryId}`));
    return this.post(delivery);
  }

  deliveries(): DeliveryRecord[] {
    return [...this.deliveryLog.values()].map((record) => structuredClone(record));
  }

  setWebhookUrl(url: string | undefined): void {
    if (url !== undefined) new URL(url); // throws on a malformed URL now rather than at the next delivery
    this.webhookUrl = url;
  }

  async verifyWebhook(verifyToken: string): Promise<boolean> {
    if (this.webhookUrl === undefined) throw new Error('no webhook URL is set');
    const challenge = String(randomBytes(4).readUInt32BE());
    const url = new URL(this.webhookUrl);
    url.searchParams.set('hub.mode', 'subscribe');
    url.searchParams.set('hub.verify_token', verifyToken);
    url.searchParams.set('hub.challenge', challenge);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
      return response.status === 200 && (await response.text()) === challenge;
    } catch {
      return false;
    }
  }

  failNext(count: number, status = DEFAULT_FAULT_STATUS): void {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
    if (!Number.isInteger(status) || status < 400 || status > 599) throw new RangeError(`status must be 400 to 599, got ${status}`);
    this.failures = count;
    this.failureStatus = status;
  }

  delay(ms: number): void {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`delay must be a non-negative integer of ms, got ${ms}`);
    this.delayMs = ms;
  }

  setNow(instant: Date | undefined): void {
    if (instant !== undefined && !Number.isFinite(instant.getTime())) throw new RangeError('not an instant');
    this.frozenAt = instant?.getTime();
  }

  now(): Date {
    return new Date(this.frozenAt ?? Date.now());
  }

  reset(): void {
    this.sentLog.length = 0;
    this.lastInbound.clear();
    this.byKey.clear();
    this.deliveryLog.clear();
    this.failures = 0;
    this.failureStatus = DEFAULT_FAULT_STATUS;
    this.delayMs = 0;
    this.frozenAt = undefined;
  }

  /** Stops the timers of delayed requests, so a closed simulator keeps no process alive. */
  dispose(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  // ---- behaviour ------------------------------------------------------------------------------

  /** Open while the customer's last message is at most 24 hours old; closed if they never wrote. */
  private windowOpen(waId: string): boolean {
    const last = this.lastInbound.get(waId);
    return last !== undefined && this.now().getTime() - last <= SERVICE_WINDOW_MS;
  }

  private async post(delivery: DeliveryRecord): Promise<DeliveryOutcome> {
    const at = this.now().toISOString();
    const outcome = this.webhookUrl === undefined ? 'no-webhook' : await postDelivery(this.webhookUrl, delivery.rawBody, delivery.signature, WEBHOOK_TIMEOUT_MS);
    delivery.attempts.push({ at, outcome });
    return outcome;
  }
}

/** The `wa_id` of a number: its digits without `+`. */
function toWaId(number: string): string {
  return number.replace(/^\+/, '');
}
