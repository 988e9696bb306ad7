/**
 * Which request the code running now belongs to, without passing it through every call: an
 * AsyncLocalStorage scope the API's request-id middleware opens around each request (and the
 * worker's activity interceptor around each activity that carries an id). The logger adds its
 * fields to every line; the Temporal client interceptor puts the id into a header.
 *
 * One instance is made at start and handed to whoever reads or opens scopes (no module state).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** What a scope knows: only the id, never who made the request or about which customer. */
export interface RequestScope {
  requestId: string;
}

export class RequestContext {
  private readonly storage = new AsyncLocalStorage<RequestScope>();

  /** Runs `work` (and everything it starts asynchronously) inside `scope`. */
  run<T>(scope: RequestScope, work: () => T): T {
    return this.storage.run(scope, work);
  }

  /** The id of the request the current code runs for; none outside a request. */
  requestId(): string | undefined {
    return this.storage.getStore()?.requestId;
  }

  /** Log fields of the current scope (`{ requestId }`, or nothing outside a request). */
  logFields(): { requestId?: string } {
    const requestId = this.requestId();
    return requestId === undefined ? {} : { requestId };
  }
}
