/**
 * The chaos run's HTTP client: calls the cluster's load balancer as a person (bearer token) and
 * rides out restarts. A connection error, a 5xx, a 429 or a 409 with `Retry-After` (the same
 * Idempotency-Key still running) is tried again with the same request (same body, same key),
 * which is what the project's idempotency rule promises is safe; any other answer goes back to the
 * caller to judge. Counts every retry, so the report says how often the chaos got in the way.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** An answer the caller judges: status and parsed body (or the raw text). */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  text: string;
}

/** How often requests had to be repeated, by reason. */
export interface RetryCounts {
  connection: number;
  serverError: number;
  busy: number;
  /** Requests given up after the retry budget (the action counts as lost). */
  gaveUp: number;
}

export interface ChaosApiOptions {
  url: string;
  tokens: Record<string, string>;
  /** How long one request is tried before it is given up (default 5 minutes: longer than any restart here). */
  budgetMs?: number;
}

export class ChaosApi {
  readonly retries: RetryCounts = { connection: 0, serverError: 0, busy: 0, gaveUp: 0 };
  private readonly budgetMs: number;

  constructor(private readonly options: ChaosApiOptions) {
    this.budgetMs = options.budgetMs ?? 5 * 60_000;
  }

  /**
   * One request, repeated until it gets an answer that is not transient. Throws only when the
   * budget is spent (counted in `gaveUp`).
   */
  async call<T = unknown>(user: string, method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer<T>> {
    const token = this.options.tokens[user];
    if (!token) throw new Error(`no token for ${user}`);
    const deadline = Date.now() + this.budgetMs;
    let pause = 200;
    for (;;) {
      let retryReason: keyof RetryCounts | undefined;
      try {
        const response = await fetch(`${this.options.url}${route}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        if (response.status >= 500) retryReason = 'serverError';
        else if (response.status === 429 || (response.status === 409 && response.headers.has('retry-after'))) retryReason = 'busy';
        else return { status: response.status, body: parse(text) as T, text };
      } catch {
        retryReason = 'connection';
      }
      this.retries[retryReason]++;
      if (Date.now() + pause > deadline) {
        this.retries.gaveUp++;
        throw new Error(`${method} ${route}: no answer within ${this.budgetMs / 1000} s (last: ${retryReason})`);
      }
      await sleep(pause);
      pause = Math.min(pause * 2, 3_000);
    }
  }

  /** `call`, expecting `status`; anything else throws with the answer's text. */
  async expect<T = unknown>(status: number, user: string, method: string, route: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const answer = await this.call<T>(user, method, route, body, headers);
    if (answer.status !== status) throw new Error(`${method} ${route}: expected ${status}, got ${answer.status}: ${answer.text.slice(0, 300)}`);
    return answer.body;
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
