/**
 * The messaging port over HTTP against Meta's WhatsApp Cloud API
 * (`POST /{version}/{phone-number-id}/messages`, bearer token).
 *
 * One HTTP attempt per call: retrying is the job of the Temporal activity that calls this.
 * Errors become `MessagingError`s whose kind tells the activity whether a retry can help.
 * Phone numbers and message texts are personal data: they travel in request bodies only, never
 * in URLs, error messages or logs; the platform's error message is not repeated either, since it
 * may quote the request.
 *
 * Note on the 24-hour window: depending on the platform's version and the message, Meta reports
 * a text outside the window either at once (error 131047) or by accepting it and sending a
 * `failed` status with error 131047 to the webhook later. This client handles the first; the
 * webhook side must handle the second.
 */
import {
  CloudApiErrorAnswerSchema,
  CloudApiErrorCode,
  IDEMPOTENCY_KEY_HEADER,
  SendMessageAnswerSchema,
  SendMessageBodySchema,
  THROTTLING_CODES,
  type SendMessageBody,
} from './whatsapp.wire';
import { MessagingError, type Messaging, type SendTemplateRequest, type SendTextRequest, type SentMessage } from './messaging.port';

/** Constructor options of `HttpWhatsApp`. */
export interface HttpWhatsAppOptions {
  /** Where the Graph API listens; `https://graph.facebook.com` unless given (the simulator's `url` in tests). */
  baseUrl?: string;
  /** Graph API version in the path, e.g. `v21.0`. */
  apiVersion: string;
  /** Id of the business phone number that sends (not the number itself). */
  phoneNumberId: string;
  /** System-user access token with `whatsapp_business_messaging`. */
  accessToken: string;
  /** Bound of one request in milliseconds; 10 s unless given. */
  timeoutMs?: number;
  /** Replaces the global `fetch`, e.g. to go through the bank's egress proxy. */
  fetch?: typeof fetch;
}

/** `Messaging` over the WhatsApp Cloud API. */
export class HttpWhatsApp implements Messaging {
  private readonly messagesUrl: string;
  private readonly accessToken: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor({ baseUrl = 'https://graph.facebook.com', apiVersion, phoneNumberId, accessToken, timeoutMs = 10_000, fetch: fetchImpl }: HttpWhatsAppOptions) {
    if (!/^v\d+\.\d+$/.test(apiVersion)) throw new TypeError(`apiVersion must look like v21.0, got "${apiVersion}"`);
    this.messagesUrl = `${baseUrl.replace(/\/+$/, '')}/${apiVersion}/${encodeURIComponent(phoneNumberId)}/messages`;
    this.accessToken = accessToken;
    this.timeoutMs = timeoutMs;
    this.fetch = fetchImpl ?? globalThis.fetch;
  }

  sendText({ to, body, idempotencyKey }: SendTextRequest): Promise<SentMessage> {
    return this.send('WhatsApp text message', idempotencyKey, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'text',
      text: { body },
    });
  }

  sendTemplate({ to, template, language, parameters, idempotencyKey }: SendTemplateRequest): Promise<SentMessage> {
    // The template's name is no personal data; its parameters may be, and stay out of the text.
    return this.send(`WhatsApp template ${template}`, idempotencyKey, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name: template,
        language: { code: language },
        ...(parameters && parameters.length > 0 ? { components: [{ type: 'body', parameters: parameters.map((text) => ({ type: 'text', text })) }] } : {}),
      },
    });
  }

  /** One POST; answers the message id of a 2xx or throws a `MessagingError`. */
  private async send(operation: string, idempotencyKey: string, body: SendMessageBody): Promise<SentMessage> {
    // A body the platform would refuse is refused here, without a round trip, and named by field only.
    const checked = SendMessageBodySchema.safeParse(body);
    if (!checked.success) {
      const fields = [...new Set(checked.error.issues.map((issue) => issue.path.join('.') || 'body'))];
      throw new MessagingError('rejected', `${operation}: invalid ${fields.join(', ')}`);
    }
    const signal = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(this.messagesUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${this.accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
          [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
        },
        body: JSON.stringify(checked.data),
        signal,
      });
      // Inside the try: the body can still time out or be cut off after the headers arrived.
      text = await response.text();
    } catch (error) {
      if (signal.aborted) throw new MessagingError('unavailable', `${operation}: no answer from the WhatsApp Cloud API within ${this.timeoutMs} ms`);
      throw new MessagingError('unavailable', `${operation}: WhatsApp Cloud API unreachable (${networkCode(error)})`);
    }
    if (!response.ok) throw statusError(operation, response.status, text);
    const answer = SendMessageAnswerSchema.safeParse(parseJson(text));
    // The platform broke its contract; nothing we sent can fix it, but a later attempt may.
    if (!answer.success) throw new MessagingError('unavailable', `${operation}: WhatsApp Cloud API answered ${response.status} with something that is not in its API`);
    const [first] = answer.data.messages;
    return { messageId: first!.id };
  }
}

/**
 * 131047 is the closed window. Throttling codes, 408, 429 and 5xx say "not now". Any other 4xx
 * is a refusal (bad number, unknown template, invalid token) that a retry would meet again.
 */
function statusError(operation: string, status: number, text: string): MessagingError {
  const error = platformError(text);
  const code = error?.code;
  const message = `${operation}: WhatsApp Cloud API answered ${status}${error ? ` (#${error.code} ${error.type})` : ''}`;
  if (code === CloudApiErrorCode.reEngagement) return new MessagingError('outside-window', message, code);
  const retryable = status >= 500 || status === 408 || status === 429 || status < 400 || (code !== undefined && THROTTLING_CODES.has(code));
  return new MessagingError(retryable ? 'unavailable' : 'rejected', message, code);
}

/** Code and type of a Graph error body; the message is dropped (it may quote the request). */
function platformError(text: string): { code: number; type: string } | undefined {
  const parsed = CloudApiErrorAnswerSchema.safeParse(parseJson(text));
  if (!parsed.success) return undefined;
  // A type is an identifier; anything else is not repeated.
  const type = /^[A-Za-z]{1,64}$/.test(parsed.data.error.type) ? parsed.data.error.type : 'error';
  return { code: parsed.data.error.code, type };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The system error code (ECONNREFUSED, ECONNRESET, …) behind a failed fetch, without its message.
 * Duck-typed: fetch's errors may come from another realm, where `instanceof Error` is false.
 */
function networkCode(error: unknown): string {
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (typeof cause?.code === 'string') return cause.code;
  return typeof name === 'string' ? name : 'unknown error';
}
