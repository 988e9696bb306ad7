/**
 * The customers' side of the online branch (Internet-Filiale, issue 13), without a staff login:
 * a web-chat session (its messages go into the same conversation process as WhatsApp's, channel
 * `webchat`), reading the conversation back without anything internal, and the "Direktrückruf
 * online" (the callback process, started as a customer's request).
 *
 * Session tokens: an HMAC over the session id and its issue time with a server secret derived from
 * the payload key (api/webchat-token.ts, platform/webchat-secret.ts), accepted for
 * WEBCHAT_SESSION_HOURS. Chosen over a table in the application database: the idempotency table is
 * keyed for answers, not secrets, and a table of its own would need a migration and a clean-up;
 * the HMAC needs no storage, works on every API instance and after a restart, and proves the
 * caller got the token from us (the session id alone, 128 random bits, is never enough). What it
 * cannot do: end one session early (only a new secret ends them all).
 */
import { randomBytes } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { PreferredTime } from '../domain/callback';
import type { PseudonymOf } from '../domain/pseudonym';
import { deliverCustomerMessage } from '../workflows/conversation.client';
import { conversationStateQuery, conversationWorkflowId, type ConversationState } from '../workflows/conversation.messages';
import type { ConversationSettings } from '../workflows/conversation.workflow';
import type { CallbackUseCases } from './callbacks.use-cases';
import { notFound } from './http-error';
import { WebchatTokens } from './webchat-token';

/** The scope of the web chat's Idempotency-Keys and the callbacks' `requestedBy` (no user here). */
export const WEBCHAT_SCOPE = 'webchat';

export interface WebchatUseCaseDeps {
  temporal: Client;
  taskQueue: string;
  conversation: ConversationSettings;
  /** The tokens' HMAC key (at least 16 bytes). */
  secret: Buffer;
  /** How long a session's token is accepted after it was issued (WEBCHAT_SESSION_HOURS). */
  sessionHours: number;
  pseudonymOf: PseudonymOf;
  callbacks: CallbackUseCases;
  now(): Date;
}

/** A transcript message as the customer sees it: who wrote an answer only as `auto` or `agent`. */
export interface WebchatMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  by?: 'auto' | 'agent';
}

export interface WebchatConversation {
  messages: WebchatMessage[];
  status: ConversationState['status'];
  queue: ConversationState['queue'];
}

export interface WebchatCallbackRequest {
  topic: string;
  preferredTime?: PreferredTime;
  phone: string;
  customerId?: string;
}

export interface WebchatCallbackStarted {
  callbackId: string;
  topic: string;
  preferredTime: PreferredTime;
}

/** A new session as the page gets it. */
export interface WebchatSession {
  sessionId: string;
  token: string;
  /** When the token stops being accepted (ISO 8601); then the page opens a new session. */
  expiresAt: string;
}

export class WebchatUseCases {
  private readonly tokens: WebchatTokens;

  constructor(private readonly deps: WebchatUseCaseDeps) {
    this.tokens = new WebchatTokens(deps.secret, deps.sessionHours);
  }

  /** A new session: 128 random bits, and its token (kept by the page in sessionStorage). */
  openSession(): WebchatSession {
    const sessionId = randomBytes(16).toString('hex');
    const { token, expiresAt } = this.tokens.issue(sessionId, this.deps.now());
    return { sessionId, token, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Whether the caller holds this session's token, still within its lifetime. A session whose
   * conversation has closed keeps its token: writing again starts a new conversation, as before.
   *
   * @throws {HttpError} 401 when the token is missing, not this session's, or expired.
   */
  verify(sessionId: string, token: string | undefined): void {
    this.tokens.verify(sessionId, token, this.deps.now());
  }

  /** Hands the customer's message to the session's conversation (starts it, or joins the running one). */
  async send(sessionId: string, text: string, messageId: string): Promise<{ messageId: string }> {
    await deliverCustomerMessage(
      this.deps.temporal,
      this.deps.taskQueue,
      { channel: 'webchat', customerRef: this.customerRefOf(sessionId), settings: this.deps.conversation },
      { messageId, text, at: this.deps.now().toISOString() },
    );
    return { messageId };
  }

  /** @throws {HttpError} 404 before the session's first message. */
  async read(sessionId: string): Promise<WebchatConversation> {
    let state: ConversationState;
    try {
      state = await this.deps.temporal.workflow.getHandle(conversationWorkflowId('webchat', this.customerRefOf(sessionId))).query(conversationStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound('no conversation in this session yet: write a first message');
      throw error;
    }
    return {
      // Agents' ids, notes, advisors and overflow reasons are the center's business, not the customer's.
      messages: state.messages
        .filter((message) => !message.failed)
        .map((message) => ({
          id: message.id,
          direction: message.direction,
          text: message.text,
          at: message.at,
          ...(message.direction === 'out' ? { by: message.by === 'auto' ? ('auto' as const) : ('agent' as const) } : {}),
        })),
      status: state.status,
      queue: state.queue,
    };
  }

  /**
   * "Direktrückruf online": the existing callback process, once per Idempotency-Key (scope
   * `webchat`). The process needs a customer number for its task, contact history, block after
   * "not interested" and the email to an unreached customer; an anonymous visitor cannot prove
   * one. So the process runs under a reference derived from the phone number (`online-c…`, a
   * keyed pseudonym: unknown to core banking, so no email goes to anybody and no real customer's
   * history or blocks are touched), and the phone number and a customer number the visitor
   * named go into the task's note only, marked unchecked: the Direktberatung identifies the
   * caller on the phone as for any incoming call.
   */
  async requestCallback(request: WebchatCallbackRequest, idempotencyKey: string): Promise<WebchatCallbackStarted> {
    const preferredTime: PreferredTime = request.preferredTime ?? { asap: true };
    const note = [
      `Rückrufwunsch aus der Internet-Filiale. Rückrufnummer: ${request.phone}`,
      ...(request.customerId ? [`Vom Kunden angegebene Kundennummer (ungeprüft): ${request.customerId}`] : []),
      'Bitte den Anrufer wie bei jedem eingehenden Anruf identifizieren.',
    ].join('\n');
    const digits = request.phone.replace(/[^0-9+]/g, '');
    const started = await this.deps.callbacks.start(
      { customerId: `online-${this.deps.pseudonymOf(`webchat-callback:${digits}`)}`, topic: request.topic, preferredTime, note },
      WEBCHAT_SCOPE,
      idempotencyKey,
    );
    return { callbackId: started.callbackId, topic: started.topic, preferredTime };
  }

  /** The conversation's customer: a keyed pseudonym of the session id (as WhatsApp's of the number). */
  private customerRefOf(sessionId: string): string {
    return this.deps.pseudonymOf(`webchat:${sessionId}`);
  }
}
