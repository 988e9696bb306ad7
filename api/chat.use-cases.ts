/**
 * Use cases of the agents' chat (issue 13): presence, my open conversations, reading one,
 * replying, handing over and closing. The router holds who has which conversation; each
 * conversation's process holds its transcript (asked by query, changed by update).
 */
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure } from '@temporalio/common';
import { ChatSendErrors } from '../activities/chat.activities';
import type { ChatTranscriptRecord, ChatTranscriptStore } from '../activities/ports';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import type { AgentPresence } from '../domain/chat-routing';
import type { User } from '../domain/identity';
import type { ChatRouterClient } from '../workflows/chat-router.client';
import {
  closeConversationUpdate,
  ConversationErrors,
  conversationStateQuery,
  handBackConversationUpdate,
  handOverToAdvisorUpdate,
  linkConversationCustomerUpdate,
  replyToConversationUpdate,
  sendTemplateUpdate,
  takeConversationUpdate,
  type ChatMessage,
  type ConversationState,
} from '../workflows/conversation.messages';
import { conflict, HttpError, notFound } from './http-error';
import type { TextModuleStore } from './text-module-store';
import { DEFAULT_APPROVED_TEMPLATES, renderTemplate, type ApprovedTemplate } from '../domain/whatsapp-window';

/** A Textbaustein: a reply an agent inserts and adapts. */
export interface TextModule {
  id: string;
  title: string;
  text: string;
}

export interface ChatUseCaseDeps {
  temporal: Client;
  router: ChatRouterClient;
  /** The text modules put in when none was ever stored. */
  textModules: readonly TextModule[];
  /** Where supervisors manage the text modules. */
  textModuleStore: TextModuleStore;
  /** Closed conversations' transcripts (absent: none are kept, the endpoint answers an empty list). */
  transcripts: ChatTranscriptStore | undefined;
  /** What the external service center may see and answer (its agents are the users of `queue`). */
  external: ExternalCenterPolicy;
  /** Core banking, to confirm the customer an agent links a conversation to. */
  coreBanking: Pick<CoreBanking, 'getCustomer'>;
}

/** How many earlier conversations the agent sees beside the current one. */
export const CHAT_HISTORY_LIMIT = 20;

/** The bank's configuration of the external service center (seed 000, Reaktions-Struktur-Konzept). */
export interface ExternalCenterPolicy {
  queue: string;
  /** Topics its agents may close a conversation with; the rest they hand back. */
  topics: readonly string[];
  seesCustomerNumber: boolean;
}

export const DEFAULT_EXTERNAL_CENTER: ExternalCenterPolicy = { queue: 'extern-ksc', topics: ['online-banking', 'karte', 'konto', 'oeffnungszeiten', 'allgemein'], seesCustomerNumber: false };

/** The text modules of the embedded default (an admin's list replaces them). */
export const DEFAULT_TEXT_MODULES: readonly TextModule[] = [
  { id: 'begruessung', title: 'Begrüßung', text: 'Guten Tag, hier ist Ihr Kundenservice der Sparkasse. Wie kann ich Ihnen helfen?' },
  { id: 'onlinebanking-entsperren', title: 'Online-Banking entsperren', text: 'Ihr Online-Banking-Zugang lässt sich telefonisch unter 0800 123 456 oder in Ihrer Filiale entsperren. Bitte senden Sie uns hier keine PIN oder TAN.' },
  { id: 'telefon', title: 'Bitte telefonisch', text: 'Aus Sicherheitsgründen können wir das nicht über den Messenger erledigen. Bitte rufen Sie uns an (0800 123 456) – oder sollen wir Sie zurückrufen?' },
  { id: 'abschluss', title: 'Abschluss', text: 'Vielen Dank für Ihre Nachricht. Gibt es noch etwas, bei dem ich Ihnen helfen kann?' },
];

export class ChatUseCases {
  constructor(private readonly deps: ChatUseCaseDeps) {}

  async setPresence(user: User, presence: AgentPresence) {
    return this.deps.router.setPresence(user.id, presence);
  }

  /** The caller's presence and open conversations (oldest first). */
  async mine(user: User): Promise<{ presence: AgentPresence; conversations: ConversationState[]; external?: { topics: readonly string[] } }> {
    const state = await this.deps.router.state();
    const agent = state.agents.find((candidate) => candidate.id === user.id);
    const taken = state.external.filter((entry) => entry.takenBy === user.id).map((entry) => entry.conversationId);
    // With an advisor: offered to the people of the advisor's branch queue until one takes it.
    const withAdvisors = (state.advisors ?? []).filter((entry) => entry.takenBy === user.id || (entry.takenBy === undefined && user.queues.includes(entry.queue))).map((entry) => entry.conversationId);
    const ids = [...(agent?.conversations ?? []), ...taken, ...withAdvisors];
    const conversations = (await Promise.all(ids.map((id) => this.stateOf(id).catch((error: unknown) => (error instanceof HttpError && error.status === 404 ? undefined : Promise.reject(error)))))).filter(
      // Listed once the conversation itself knows it is the caller's (the router decides a moment
      // before), so a reply is accepted; or, waiting with an advisor, when it is offered to their queue.
      (conversation): conversation is ConversationState =>
        conversation !== undefined && conversation.status === 'open' && (conversation.agentId === user.id || (conversation.agentId === undefined && conversation.advisor !== undefined && user.queues.includes(conversation.advisor.queue))),
    );
    return {
      presence: agent?.presence ?? 'offline',
      conversations: conversations.map((conversation) => this.visibleTo(user, conversation)),
      // The external center's people learn what they may answer.
      ...(this.isExternal(user) ? { external: { topics: this.deps.external.topics } } : {}),
    };
  }

  private isExternal(user: User): boolean {
    return user.queues.includes(this.deps.external.queue);
  }

  /** The external center sees what the bank allows: no customer number unless configured. */
  private visibleTo(user: User, conversation: ConversationState): ConversationState {
    if (!this.isExternal(user) || this.deps.external.seesCustomerNumber || conversation.customerId === undefined) return conversation;
    const { customerId: _hidden, ...rest } = conversation;
    return rest;
  }

  /** The external center's agent takes the oldest waiting conversation; undefined when none waits. @throws {HttpError} 403 for others. */
  async takeNextExternal(user: User): Promise<ConversationState | undefined> {
    if (!this.isExternal(user)) throw new HttpError(403, `only the external service center (queue ${this.deps.external.queue}) takes from its queue`);
    const conversationId = await this.deps.router.takeExternal(user.id);
    if (conversationId === undefined) return undefined;
    // The conversation learns it by the router's signal: read it once it knows.
    for (let attempt = 0; attempt < 40; attempt++) {
      const state = await this.stateOf(conversationId);
      if (state.agentId === user.id) return this.visibleTo(user, state);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.visibleTo(user, await this.stateOf(conversationId));
  }

  /** @throws {HttpError} 404 unknown; 409 not taken from the external queue by the caller, or the own center is closed. */
  async handBack(user: User, conversationId: string, note: string): Promise<ConversationState> {
    return this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(handBackConversationUpdate, { args: [{ agentId: user.id, note }] }));
  }

  /** @throws {HttpError} 404 unknown; 403 when the caller neither holds it nor supervises. */
  async get(user: User, conversationId: string): Promise<ConversationState> {
    const state = this.visibleTo(user, await this.stateOf(conversationId));
    const offeredToMe = state.agentId === undefined && state.advisor !== undefined && user.queues.includes(state.advisor.queue);
    if (state.agentId !== user.id && !offeredToMe && !user.roles.some((role) => role === 'supervisor' || role === 'admin')) throw new HttpError(403, 'the conversation is not assigned to you');
    return state;
  }

  /** @throws {HttpError} 404 unknown; 409 not the caller's, closed, or outside the 24-hour window. */
  async reply(user: User, conversationId: string, text: string, messageId: string): Promise<ChatMessage> {
    return this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(replyToConversationUpdate, { args: [{ agentId: user.id, text, messageId }] }));
  }

  /** The approved WhatsApp templates (the only messages allowed after the 24-hour window). */
  templates(): readonly ApprovedTemplate[] {
    return DEFAULT_APPROVED_TEMPLATES;
  }

  /**
   * Sends an approved template to the customer (any time, also after the 24-hour window).
   *
   * @throws {HttpError} 400 naming `template` or `parameters`; 404 unknown; 409 not the caller's, closed, or not WhatsApp.
   */
  async sendTemplate(user: User, conversationId: string, name: string, parameters: string[], messageId: string): Promise<ChatMessage> {
    const template = DEFAULT_APPROVED_TEMPLATES.find((candidate) => candidate.name === name);
    if (!template) throw new HttpError(400, `template: ${name} is not an approved template`, [{ field: 'template', message: 'is not an approved template' }]);
    const text = renderTemplate(template, parameters);
    if (text === undefined) throw new HttpError(400, 'parameters: do not match the template', [{ field: 'parameters', message: 'do not match the template\'s placeholders' }]);
    return this.update(conversationId, () =>
      this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(sendTemplateUpdate, { args: [{ agentId: user.id, template: template.name, language: template.language, parameters, text, messageId }] }),
    );
  }

  /** @throws {HttpError} 404 unknown; 409 not the caller's, closed, or no advisor named. */
  async handOverToAdvisor(user: User, conversationId: string, target: { customerId?: string; advisorId?: string }): Promise<ConversationState> {
    return this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(handOverToAdvisorUpdate, { args: [{ agentId: user.id, ...target }] }));
  }

  /** @throws {HttpError} 404 unknown; 409 when it waits for no advisor of the caller's queues, or was taken. */
  async take(user: User, conversationId: string): Promise<ConversationState> {
    return this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(takeConversationUpdate, { args: [{ agentId: user.id, queues: user.queues }] }));
  }

  /** @throws {HttpError} 404 unknown; 409 not the caller's or closed, or a topic the external center may not answer. */
  async close(user: User, conversationId: string, topic: string): Promise<ConversationState> {
    if (this.isExternal(user) && !this.deps.external.topics.includes(topic)) {
      throw conflict(`EXTERNAL_TOPIC_NOT_ALLOWED: the external service center answers only ${this.deps.external.topics.join(', ')}; hand it back to the bank's own center`);
    }
    return this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(closeConversationUpdate, { args: [{ agentId: user.id, topic }] }));
  }

  /** @throws {HttpError} 404 unknown; 409 not the caller's or the colleague is not online. */
  async handOver(user: User, conversationId: string, toAgentId: string) {
    const state = await this.stateOf(conversationId);
    if (state.status !== 'open' || state.agentId !== user.id) throw conflict('the conversation is not assigned to you');
    try {
      return await this.deps.router.handOver(conversationId, toAgentId);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) throw conflict(`cannot hand over: ${error.cause?.message ?? error.message}`);
      throw error;
    }
  }

  /** The center at a glance (supervisors): every agent's presence and load, the external queue, the conversations with advisors. */
  async overview() {
    const state = await this.deps.router.state();
    return {
      agents: state.agents.map((agent) => ({ id: agent.id, presence: agent.presence, cap: agent.cap, open: agent.conversations.length, conversations: agent.conversations })),
      external: state.external,
      advisors: state.advisors ?? [],
    };
  }

  /**
   * Links the conversation to the customer record (the customer number the agent found with the
   * person search). Only who holds it; the external center only when it may see customer numbers.
   *
   * @throws {HttpError} 403 for the external center without that right; 404 an unknown conversation or customer; 409 not the caller's or closed.
   */
  async linkCustomer(user: User, conversationId: string, customerId: string): Promise<ConversationState> {
    if (this.isExternal(user) && !this.deps.external.seesCustomerNumber) throw new HttpError(403, 'the external service center does not see customer numbers (CHAT_EXTERNAL_SEES_CUSTOMER_NUMBER)');
    if (!(await this.deps.coreBanking.getCustomer(customerId))) throw new HttpError(404, `customerId: ${customerId} is not known to core banking`, [{ field: 'customerId', message: 'is not known to core banking' }]);
    const state = await this.update(conversationId, () => this.deps.temporal.workflow.getHandle(conversationId).executeUpdate(linkConversationCustomerUpdate, { args: [{ agentId: user.id, customerId }] }));
    return this.visibleTo(user, state);
  }

  /**
   * The customer's earlier conversations beside this one, newest first (at most
   * {@link CHAT_HISTORY_LIMIT}): those linked to the customer number and those under the same
   * pseudonym. For whoever may read the conversation; the external center sees only those under
   * the pseudonym unless it may see customer numbers.
   *
   * @throws {HttpError} 403 / 404 as {@link get}.
   */
  async history(user: User, conversationId: string): Promise<ChatTranscriptRecord[]> {
    const state = await this.get(user, conversationId);
    if (!this.deps.transcripts) return [];
    const transcripts = await this.deps.transcripts.ofCustomer({ customerRef: state.customerRef, ...(state.customerId ? { customerId: state.customerId } : {}) }, CHAT_HISTORY_LIMIT);
    if (!this.isExternal(user) || this.deps.external.seesCustomerNumber) return transcripts;
    return transcripts.map(({ customerId: _hidden, ...rest }) => rest);
  }

  /** The stored transcripts of a conversation's closed runs, oldest first (supervisors, auditors). */
  async transcripts(conversationId: string): Promise<ChatTranscriptRecord[]> {
    return (await this.deps.transcripts?.ofConversation(conversationId)) ?? [];
  }

  async textModules(): Promise<TextModule[]> {
    return this.deps.textModuleStore.list(this.deps.textModules);
  }

  /** Creates or changes a text module (supervisors). */
  async saveTextModule(user: User, module: TextModule): Promise<TextModule> {
    return this.deps.textModuleStore.save(module, user.id, new Date());
  }

  /** @throws {HttpError} 404 when there is no such module. */
  async removeTextModule(user: User, id: string): Promise<void> {
    if (!(await this.deps.textModuleStore.remove(id, user.id, new Date()))) throw notFound(`no text module ${id}`);
  }

  private async stateOf(conversationId: string): Promise<ConversationState> {
    try {
      return await this.deps.temporal.workflow.getHandle(conversationId).query(conversationStateQuery);
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no conversation ${conversationId}`);
      throw error;
    }
  }

  private async update<T>(conversationId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw notFound(`no conversation ${conversationId}`);
      if (error instanceof WorkflowUpdateFailedError) {
        // Refused by the validator (an ApplicationFailure), or the send failed (an ActivityFailure around one).
        const failure = error.cause instanceof ActivityFailure ? error.cause.cause : error.cause;
        if (failure instanceof ApplicationFailure) {
          const type = failure.type;
          if (type === ConversationErrors.NotYours || type === ConversationErrors.Closed || type === ConversationErrors.WindowClosed || type === ConversationErrors.NoAdvisor || type === ConversationErrors.CenterClosed) throw conflict(`${type}: ${failure.message}`);
          // The advisor or customer named is not known to core banking.
          if (type === 'UNKNOWN_ADVISOR' || type === 'UNKNOWN_CUSTOMER') throw notFound(failure.message);
          if (type === ChatSendErrors.Rejected) throw new HttpError(502, `${type}: ${failure.message}`);
        }
      }
      throw error;
    }
  }
}
