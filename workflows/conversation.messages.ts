/**
 * Messages of a customer conversation (issue 13: WhatsApp, web chat): one process per
 * conversation. Defined once, imported by the workflow, the router and the API.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { OverflowReason } from '../domain/chat-routing';

export type ChatChannel = 'whatsapp' | 'webchat';

/** One message of the transcript (its text is in the workflow's encrypted payloads only). */
export interface ChatMessage {
  /** The platform's message id (inbound) or ours (outbound): a repeat is ignored. */
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: string;
  /** Who wrote an outbound message: an agent's id, or `auto` for an automatic reply. */
  by?: string;
  /** An automatic reply the platform refused (e.g. `WHATSAPP_WINDOW_CLOSED`): the agent sees it was not delivered. */
  failed?: string;
}

export interface ConversationState {
  conversationId: string;
  channel: ChatChannel;
  /** The customer's pseudonym (never the phone number). */
  customerRef: string;
  /** The customer number once an agent linked the conversation to the customer record. */
  customerId?: string;
  status: 'open' | 'closed';
  /** The own center's agent holding it, or the external center's. */
  agentId?: string;
  /** Where it waits or is answered: `own` center, `external` (overflow), or with an `advisor` (or their deputy). */
  queue: 'own' | 'external' | 'advisor';
  /** The advisor it was handed to, offered to their branch's queue until someone takes it. */
  advisor?: { advisorId: string; name: string; queue: string; deputyFor?: string; until: string };
  /** Notes for whoever holds it (why it came to them), German. */
  notes?: string[];
  overflowReason?: OverflowReason;
  /** When free-form replies stop being allowed (WhatsApp: 24 h after the customer's last message). */
  windowEndsAt?: string;
  /** Topics of a confidential request the customer was asked to move to the phone for. */
  confidentialTopics: string[];
  messages: ChatMessage[];
  topic?: string;
  closedBy?: string;
}

/** A customer's message (a webhook delivery, or the web chat). A repeated id is ignored. */
export const customerMessageSignal = defineSignal<[{ messageId: string; text: string; at: string }]>('customerMessage');
/** The router assigned the waiting conversation to an agent (capacity freed, or a handover). */
export const conversationAssignedSignal = defineSignal<[{ agentId: string; queue: 'own' | 'external' }]>('conversationAssigned');
/** An agent's reply. Refused unless the agent holds the conversation and, on WhatsApp, inside the 24-hour window. */
export const replyToConversationUpdate = defineUpdate<ChatMessage, [{ agentId: string; text: string; messageId: string }]>('replyToConversation');
/**
 * An approved WhatsApp template (the only kind allowed after the 24-hour window), sent by the
 * agent holding the conversation; `text` is its filled-in body for the transcript.
 */
export const sendTemplateUpdate = defineUpdate<ChatMessage, [{ agentId: string; template: string; language: string; parameters: string[]; text: string; messageId: string }]>('sendTemplate');
/** Links the conversation to the customer record (the agent's person search). */
export const linkConversationCustomerUpdate = defineUpdate<ConversationState, [{ agentId: string; customerId: string }]>('linkConversationCustomer');
/**
 * Hands the conversation to the customer's advisor (from core banking) or a named one: to the
 * advisor when present, to the deputy when the advisor is absent, otherwise it stays in the center
 * with a note. Refused unless the caller holds it.
 */
export const handOverToAdvisorUpdate = defineUpdate<ConversationState, [{ agentId: string; customerId?: string; advisorId?: string }]>('handOverToAdvisor');
/** Someone of the advisor's branch takes it. Refused unless it waits with an advisor of one of `queues`. */
export const takeConversationUpdate = defineUpdate<ConversationState, [{ agentId: string; queues: string[] }]>('takeConversation');
/**
 * The external center's agent gives the conversation back to the bank's own center (a topic it may
 * not answer), with a note. Refused unless the caller holds it from the external queue and the own
 * center is open.
 */
export const handBackConversationUpdate = defineUpdate<ConversationState, [{ agentId: string; note: string }]>('handBackConversation');
/** The agent closes the conversation with its topic. */
export const closeConversationUpdate = defineUpdate<ConversationState, [{ agentId: string; topic: string }]>('closeConversation');
export const conversationStateQuery = defineQuery<ConversationState>('conversationState');

/** Errors the conversation's updates refuse with (the API maps them to 409 / 403). */
export const ConversationErrors = {
  NotYours: 'CONVERSATION_NOT_YOURS',
  Closed: 'CONVERSATION_CLOSED',
  WindowClosed: 'WHATSAPP_WINDOW_CLOSED',
  NoAdvisor: 'NO_ADVISOR_NAMED',
  CenterClosed: 'OWN_CENTER_CLOSED',
} as const;

/**
 * A conversation's workflow id: one per channel and customer at a time (a new conversation after
 * a closed one reuses it as a new run). The customer appears as their pseudonym only.
 */
export function conversationWorkflowId(channel: ChatChannel, customerRef: string): string {
  return `conversation:${channel}~${customerRef}`;
}
