/**
 * Webhook deliveries as the platform makes them: the body in the Cloud API's shape, serialised
 * the way Meta does it, signed with the app secret, and POSTed to the webhook.
 */
import { randomBytes } from 'node:crypto';
import { SIGNATURE_HEADER, type WebhookDelivery } from '../whatsapp.wire';
import type { DeliveryOutcome } from './control';

/** Who the delivery is for: our business account and number. */
export interface BusinessAccount {
  /** WhatsApp Business Account id (`entry[].id`). */
  businessAccountId: string;
  phoneNumberId: string;
  /** Our number as customers see it, digits only. */
  displayPhoneNumber: string;
}

/** A customer's text message, ready to be put in a delivery. */
export interface CustomerText {
  waId: string;
  name: string;
  messageId: string;
  at: Date;
  text: string;
}

/** The delivery body of one customer text message. */
export function textMessageDelivery(account: BusinessAccount, message: CustomerText): WebhookDelivery {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: account.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: account.displayPhoneNumber, phone_number_id: account.phoneNumberId },
              contacts: [{ profile: { name: message.name }, wa_id: message.waId }],
              messages: [
                {
                  from: message.waId,
                  id: message.messageId,
                  timestamp: String(Math.floor(message.at.getTime() / 1000)),
                  type: 'text',
                  text: { body: message.text },
                },
              ],
            },
          },
        ],
      },
    ],
  };
}

/**
 * JSON as Meta serialises it: every non-ASCII character escaped (`ü` → `\u00fc`). So the raw
 * body differs from `JSON.stringify(JSON.parse(body))`, and a receiver that verifies the
 * signature over a re-serialised body fails here, as it would in production.
 */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A platform-style message id. */
export function newMessageId(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

/** One POST of a delivery; how it ended. Never throws. */
export async function postDelivery(url: string, rawBody: string, signature: string, timeoutMs: number): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'user-agent': 'facebookexternalua' },
      body: rawBody,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Read to the end, so the connection is free again.
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 'unreachable';
  }
}
