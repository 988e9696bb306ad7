/**
 * The SMS port over HTTP against the bank's gateway. One attempt per call; numbers and texts
 * travel in the body only, never in URLs, errors or logs.
 */
import { invalidFields, postToGateway } from '../http/post-to-gateway';
import { IDEMPOTENCY_KEY_HEADER, SmsAnswerSchema, SmsBodySchema } from './sms.wire';
import { SmsError, type Sms, type SmsRequest } from './sms.port';

export interface HttpSmsOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

export class HttpSms implements Sms {
  private readonly url: string;

  constructor(private readonly options: HttpSmsOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/v1/messages`;
  }

  async send({ to, text, idempotencyKey }: SmsRequest): Promise<{ messageId: string }> {
    const body = SmsBodySchema.safeParse({ to, text });
    if (!body.success) throw new SmsError('rejected', `sms: invalid ${invalidFields(body.error)}`);
    const answer = await postToGateway({
      url: this.url,
      accessToken: this.options.accessToken,
      idempotency: { header: IDEMPOTENCY_KEY_HEADER, key: idempotencyKey },
      body: body.data,
      answer: SmsAnswerSchema,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      names: { call: 'sms', gateway: 'gateway' },
      fail: (kind, message) => new SmsError(kind, message),
    });
    return { messageId: answer.messageId };
  }
}
