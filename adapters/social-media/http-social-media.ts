/**
 * The social-media port over HTTP against the bank's gateway (`POST /v1/replies`, bearer token).
 * One attempt per call: retrying is the Temporal activity's job. Texts are personal data in
 * context: they travel in bodies only, never in URLs, error messages or logs.
 */
import { IDEMPOTENCY_KEY_HEADER, ReplyAnswerSchema, ReplyBodySchema } from './social.wire';
import { SocialMediaError, type SocialMedia, type SocialReplyRequest } from './social-media.port';

export interface HttpSocialMediaOptions {
  baseUrl: string;
  accessToken: string;
  timeoutMs?: number;
}

export class HttpSocialMedia implements SocialMedia {
  private readonly url: string;

  constructor(private readonly options: HttpSocialMediaOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, '')}/v1/replies`;
  }

  async reply({ network, postId, text, idempotencyKey }: SocialReplyRequest): Promise<{ replyId: string }> {
    const body = ReplyBodySchema.safeParse({ network, postId, text });
    if (!body.success) throw new SocialMediaError('rejected', `reply: invalid ${[...new Set(body.error.issues.map((issue) => issue.path.join('.')))].join(', ')}`);
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let answerText: string;
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.accessToken}`, 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
        body: JSON.stringify(body.data),
        signal,
      });
      answerText = await response.text();
    } catch {
      throw new SocialMediaError('unavailable', signal.aborted ? `reply: no answer within ${timeoutMs} ms` : 'reply: social-media gateway unreachable');
    }
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
      throw new SocialMediaError(retryable ? 'unavailable' : 'rejected', `reply: social-media gateway answered ${response.status}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(answerText);
    } catch {
      json = undefined;
    }
    const answer = ReplyAnswerSchema.safeParse(json);
    if (!answer.success) throw new SocialMediaError('unavailable', `reply: social-media gateway answered ${response.status} with something that is not in its API`);
    return { replyId: answer.data.replyId };
  }
}
