/**
 * The SMS port over HTTP against the bank's gateway. One attempt per call; numbers and texts
 * travel in the body only, never in URLs, errors or logs.
 */
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
    if (!body.success) throw new SmsError('rejected', `sms: invalid ${[...new Set(body.error.issues.map((issue) => issue.path.join('.')))].join(', ')}`);
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let raw: string;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
        body: JSON.stringify(body.data),
        signal,
      });
      raw = await response.text();
    } catch {
      throw new SmsError('unavailable', signal.aborted ? `sms: no answer within ${timeoutMs} ms` : 'sms: gateway unreachable');
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new SmsError(retryable ? 'unavailable' : 'rejected', `sms: gateway answered ${response.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const answer = SmsAnswerSchema.safeParse(json);
    if (!answer.success) throw new SmsError('unavailable', `sms: gateway answered ${response.status} with something that is not in its API`);
    return { messageId: answer.data.messageId };
  }
}
