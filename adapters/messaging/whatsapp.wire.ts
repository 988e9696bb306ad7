/**
 * The wire format of the WhatsApp Cloud API as zod schemas, shared by the HTTP client (to check
 * what it sends and what the platform answers) and the simulator (to check what it is sent and
 * to build the webhook deliveries it pushes), so the two cannot drift apart silently.
 *
 * Only what Drehscheibe uses is modelled. Outbound bodies are strict, so a typo on our side is
 * caught; what Meta sends us (answers, webhooks) is loose, because Meta adds fields over time and
 * a new field must not make us drop a customer's message.
 */
import { z } from 'zod';

/** Error codes of the Cloud API that we act on. */
export const CloudApiErrorCode = {
  /** `(#100) Invalid parameter`, also unsupported requests. */
  invalidParameter: 100,
  /** Access token invalid or expired. */
  invalidToken: 190,
  /** `(#131000) Something went wrong`: the platform's own trouble. */
  generic: 131000,
  /** `(#131016) Service unavailable`. */
  serviceUnavailable: 131016,
  /** Re-engagement message: more than 24 hours since the customer's last message. */
  reEngagement: 131047,
  /** Cloud API throughput exceeded. */
  throughput: 130429,
  /** Too many messages to the same customer in a short time. */
  pairRateLimit: 131056,
} as const;

/**
 * Codes that say "not now" although they come with a 4xx status: rate limits of the app, the
 * business account and the platform. A later attempt may pass, so they are not refusals.
 */
export const THROTTLING_CODES: ReadonlySet<number> = new Set([4, 80007, CloudApiErrorCode.throughput, CloudApiErrorCode.pairRateLimit]);

/** The signature header of webhook deliveries (`sha256=<hex>`). */
export const SIGNATURE_HEADER = 'X-Hub-Signature-256';

/**
 * Header with the sender's idempotency key. The real Cloud API has no idempotency and ignores
 * it: a send retried after a lost answer goes out twice there. The simulator honours it, so
 * tests can prove that a retried activity at least asks for one message.
 */
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Printable ASCII without spaces, as HTTP header values allow. */
export const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7e]{1,200}$/, 'must be 1 to 200 printable ASCII characters without spaces');

/** A recipient: a phone number with country code, `+` optional (Meta strips it into the `wa_id`). */
export const RecipientSchema = z.string().regex(/^\+?[1-9]\d{1,14}$/, 'must be an international number such as +491701234567');

/** The Cloud API's limit for a text body. */
export const MAX_TEXT_LENGTH = 4096;

/** Body of `POST /{version}/{phone-number-id}/messages` for a free-form text. */
export const TextMessageBodySchema = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  // Meta's default; we send it explicitly.
  recipient_type: z.literal('individual').optional(),
  to: RecipientSchema,
  type: z.literal('text'),
  text: z.strictObject({ body: z.string().min(1).max(MAX_TEXT_LENGTH), preview_url: z.boolean().optional() }),
});

const TemplateBodyComponentSchema = z.strictObject({
  type: z.literal('body'),
  parameters: z.array(z.strictObject({ type: z.literal('text'), text: z.string().min(1).max(1024) })).min(1),
});

/** Body of `POST /{version}/{phone-number-id}/messages` for an approved template. */
export const TemplateMessageBodySchema = z.strictObject({
  messaging_product: z.literal('whatsapp'),
  recipient_type: z.literal('individual').optional(),
  to: RecipientSchema,
  type: z.literal('template'),
  template: z.strictObject({
    // Meta's rule for template names: lower-case letters, digits and underscores.
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be lower-case letters, digits and underscores'),
    language: z.strictObject({ code: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a language code such as de or en_US') }),
    components: z.array(TemplateBodyComponentSchema).optional(),
  }),
});

/** Either message body; `type` tells which. */
export const SendMessageBodySchema = z.discriminatedUnion('type', [TextMessageBodySchema, TemplateMessageBodySchema]);
/** What `HttpWhatsApp` sends. */
export type SendMessageBody = z.infer<typeof SendMessageBodySchema>;
export type TextMessageBody = z.infer<typeof TextMessageBodySchema>;
export type TemplateMessageBody = z.infer<typeof TemplateMessageBodySchema>;

/** Answer (200) of a send: the platform accepted the message (delivery is reported by webhook). */
export const SendMessageAnswerSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  contacts: z.array(z.object({ input: z.string(), wa_id: z.string() })),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});
export type SendMessageAnswer = z.infer<typeof SendMessageAnswerSchema>;

/** Body of every non-2xx answer (a Graph API error). Decide on `code`; `message` is for people. */
export const CloudApiErrorAnswerSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_data: z.object({ messaging_product: z.literal('whatsapp').optional(), details: z.string() }).optional(),
    // Always sent by Meta, but the code matters more than the trace id: not required.
    fbtrace_id: z.string().optional(),
  }),
});
export type CloudApiErrorAnswer = z.infer<typeof CloudApiErrorAnswerSchema>;

// ---- webhook deliveries (inbound) ---------------------------------------------------------------

/** A customer's message. `type` is any string: Meta has many (image, button, …) and adds more. */
export const WebhookMessageSchema = z.looseObject({
  /** The customer's `wa_id`: the number in digits, without `+`. */
  from: z.string(),
  id: z.string().min(1),
  /** Unix seconds, as a string. */
  timestamp: z.string().regex(/^\d+$/, 'must be unix seconds'),
  type: z.string(),
  text: z.looseObject({ body: z.string() }).optional(),
});
export type WebhookMessage = z.infer<typeof WebhookMessageSchema>;

/**
 * What became of a message we sent (sent, delivered, read, failed). A failed status carries the
 * error, e.g. 131047 when the platform finds out after accepting the send.
 */
export const WebhookStatusSchema = z.looseObject({
  id: z.string(),
  status: z.string(),
  timestamp: z.string(),
  recipient_id: z.string(),
  errors: z.array(z.looseObject({ code: z.number().int(), title: z.string().optional() })).optional(),
});

/** `value` of a change with `field: 'messages'`. */
export const MessagesChangeValueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string(), phone_number_id: z.string() }),
  contacts: z.array(z.looseObject({ profile: z.looseObject({ name: z.string() }).optional(), wa_id: z.string() })).optional(),
  messages: z.array(WebhookMessageSchema).optional(),
  statuses: z.array(WebhookStatusSchema).optional(),
});
export type MessagesChangeValue = z.infer<typeof MessagesChangeValueSchema>;

const MessagesChangeSchema = z.looseObject({ field: z.literal('messages'), value: MessagesChangeValueSchema });
/** Changes of other fields (template reviews, account updates, …) pass through unread. */
const OtherChangeSchema = z.looseObject({
  field: z.string().refine((field) => field !== 'messages', 'a messages change must have a messages value'),
  value: z.unknown(),
});

/** Body of a webhook `POST` from the platform. */
export const WebhookDeliverySchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.looseObject({
      /** The WhatsApp Business Account id. */
      id: z.string(),
      changes: z.array(z.union([MessagesChangeSchema, OtherChangeSchema])),
    }),
  ),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** A customer's message out of a delivery, with what belongs to it gathered in one place. */
export interface InboundMessage {
  /** The platform's id; a redelivery repeats it, so it is the key to process a message once. */
  messageId: string;
  /** The customer's `wa_id` (digits, no `+`). */
  from: string;
  /** Profile name the customer set in WhatsApp, if sent: their choice, not a verified name. */
  profileName?: string;
  /** Which of our numbers it was sent to. */
  phoneNumberId: string;
  sentAt: Date;
  type: string;
  /** The text of a `text` message. */
  text?: string;
}

/** Every customer message of a delivery, in order. Status updates and other fields are left out. */
export function inboundMessagesOf(delivery: WebhookDelivery): InboundMessage[] {
  const result: InboundMessage[] = [];
  for (const entry of delivery.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      // Parsed again only for the type: the union does not narrow on the refined `field` string.
      const value = MessagesChangeValueSchema.parse(change.value);
      for (const message of value.messages ?? []) {
        const profileName = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name;
        result.push({
          messageId: message.id,
          from: message.from,
          ...(profileName !== undefined ? { profileName } : {}),
          phoneNumberId: value.metadata.phone_number_id,
          sentAt: new Date(Number(message.timestamp) * 1000),
          type: message.type,
          ...(message.text ? { text: message.text.body } : {}),
        });
      }
    }
  }
  return result;
}
