/**
 * The social-media port over HTTP against the bank's gateway (`POST /v1/replies`, bearer token).
 * One attempt per call: retrying is the Temporal activity's job. Texts are personal data in
 * context: they travel in bodies only, never in URLs, error messages or logs.
 */
import { invalidFields, postToGateway } from '../http/post-to-gateway';
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
    if (!body.success) throw new SocialMediaError('rejected', `reply: invalid ${invalidFields(body.error)}`);
    const answer = await postToGateway({
      url: this.url,
      accessToken: this.options.accessToken,
      idempotency: { header: IDEMPOTENCY_KEY_HEADER, key: idempotencyKey },
      body: body.data,
      answer: ReplyAnswerSchema,
      timeoutMs: this.options.timeoutMs ?? 10_000,
      names: { call: 'reply', gateway: 'social-media gateway' },
      fail: (kind, message) => new SocialMediaError(kind, message),
    });
    return { replyId: answer.replyId };
  }
}
