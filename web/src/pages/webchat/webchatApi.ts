/**
 * The online branch's way to the REST API (`/api/v1/webchat/…`): no staff token ever (a signed-in
 * colleague's token in the same tab is not sent), the session's own token in `X-Webchat-Token`.
 * The session (id and token) lives in this tab's sessionStorage: gone when the tab closes.
 */
import { ApiError, NetworkError, type FieldProblem } from '../../api/client';

export interface WebchatSession {
  sessionId: string;
  token: string;
}

export interface WebchatMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  by?: 'auto' | 'agent';
}

export interface WebchatConversation {
  messages: WebchatMessage[];
  status: 'open' | 'closed';
  queue: 'own' | 'external' | 'advisor';
}

export type PreferredTime = { asap: true } | { from: string; to: string };

export interface CallbackRequest {
  topic: string;
  phone: string;
  preferredTime?: PreferredTime;
  customerId?: string;
}

export interface CallbackStarted {
  callbackId: string;
  topic: string;
  preferredTime: PreferredTime;
}

const SESSION_KEY = 'drehscheibe.webchat';

export function storedSession(): WebchatSession | null {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Partial<WebchatSession> | null;
    return stored && typeof stored.sessionId === 'string' && typeof stored.token === 'string' ? { sessionId: stored.sessionId, token: stored.token } : null;
  } catch {
    return null;
  }
}

function storeSession(session: WebchatSession): void {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

async function call<T>(path: string, options: { method?: 'GET' | 'POST'; body?: unknown; token?: string; idempotencyKey?: string; signal?: AbortSignal } = {}): Promise<T> {
  const headers = new Headers({ Accept: 'application/json' });
  if (options.body !== undefined) headers.set('Content-Type', 'application/json');
  if (options.token) headers.set('X-Webchat-Token', options.token);
  if (options.idempotencyKey) headers.set('Idempotency-Key', options.idempotencyKey);
  let response: Response;
  try {
    response = await fetch(`/api/v1/webchat${path}`, {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      cache: 'no-store',
    });
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw new NetworkError(error);
  }
  if (!response.ok) {
    let body: { error?: unknown; fields?: unknown } = {};
    try {
      body = (await response.json()) as typeof body;
    } catch {
      // No JSON: the status says enough.
    }
    const fields = Array.isArray(body.fields) ? (body.fields as FieldProblem[]) : [];
    throw new ApiError(response.status, typeof body.error === 'string' ? body.error : `HTTP ${response.status}`, fields, body);
  }
  return (await response.json()) as T;
}

/** The tab's session, opened on the first message. */
export async function ensureSession(): Promise<WebchatSession> {
  const stored = storedSession();
  if (stored) return stored;
  const session = await call<WebchatSession>('/sessions', { method: 'POST' });
  storeSession(session);
  return session;
}

export function sendMessage(session: WebchatSession, text: string, idempotencyKey: string): Promise<{ messageId: string }> {
  return call(`/sessions/${session.sessionId}/messages`, { method: 'POST', body: { text }, token: session.token, idempotencyKey });
}

/** The conversation, or none before the first message (404). */
export async function readConversation(session: WebchatSession, signal?: AbortSignal): Promise<WebchatConversation | null> {
  try {
    return await call<WebchatConversation>(`/sessions/${session.sessionId}`, { token: session.token, signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

export function requestCallback(request: CallbackRequest, idempotencyKey: string): Promise<CallbackStarted> {
  return call('/callback-requests', { method: 'POST', body: request, idempotencyKey });
}
