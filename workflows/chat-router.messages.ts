/**
 * Messages of the chat router (issue 13): the one process per center that assigns conversations
 * to agents. Being one workflow, it handles one message at a time: assignment is a single writer,
 * so two conversations arriving at once can never both see the same agent as the least loaded.
 * Conversations ask by signal and get the answer by signal: Temporal admits only a few updates in
 * flight per workflow (10 by default), far fewer than a burst of arrivals.
 * Defined once, imported by the router, the conversation activities and the API.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AgentPresence, OverflowReason, RoutingDecision } from '../domain/chat-routing';

/** The router's workflow id: one per namespace (one center). */
export const CHAT_ROUTER_ID = 'chat-router';

/** One agent of the bank's own center as the router holds them. */
export interface ChatRouterAgent {
  id: string;
  presence: AgentPresence;
  cap: number;
  /** Workflow ids of the conversations the agent holds. */
  conversations: string[];
  /** Sequence number of the agent's last new conversation (0: never): the fairness tie-break. */
  lastAssignedSeq: number;
}

/** A conversation waiting in the external center's queue (overflow). */
export interface ExternalQueueEntry {
  conversationId: string;
  reason: OverflowReason;
  since: string;
  /** The external center's agent who took it, once taken. */
  takenBy?: string;
}

/** A conversation handed to a named advisor (or their deputy): offered to their branch's queue until someone takes it. */
export interface AdvisorParkedEntry {
  conversationId: string;
  advisorId: string;
  /** The branch queue whose people may take it, e.g. `filiale-F-01`. */
  queue: string;
  since: string;
  takenBy?: string;
}

export interface ChatRouterState {
  agents: ChatRouterAgent[];
  external: ExternalQueueEntry[];
  /** Conversations with advisors (absent from older runs' state). */
  advisors?: AdvisorParkedEntry[];
  /** Assignments so far (the fairness sequence). */
  seq: number;
}

/**
 * A conversation's new message, or a new conversation: the router decides (which agent, or the
 * external queue) and answers with {@link conversationRoutedSignal} carrying `requestId`.
 * `handedBack`: the external center gave it back, so it leaves the external queue first.
 */
export const routeConversationSignal = defineSignal<[{ conversationId: string; requestId: string; handedBack?: boolean }]>('routeConversation');
/** The router's answer to {@link routeConversationSignal} (sent to the conversation). */
export const conversationRoutedSignal = defineSignal<[{ requestId: string; decision: RoutingDecision }]>('conversationRouted');
/** An agent's presence; `online` offers the waiting conversations at once. Returns the agent. */
export const setChatPresenceUpdate = defineUpdate<ChatRouterAgent, [{ agentId: string; presence: AgentPresence }]>('setChatPresence');
/** An external center's agent takes the oldest waiting conversation (undefined: none waits). */
export const takeExternalConversationUpdate = defineUpdate<string | undefined, [{ agentId: string }]>('takeExternalConversation');
/** Hands a conversation to a named colleague of the own center (Chatübergabe), whatever their load. */
export const handOverConversationUpdate = defineUpdate<ChatRouterAgent, [{ conversationId: string; toAgentId: string }]>('handOverConversation');
/** The conversation went to an advisor: its agent's place frees (the next waiting one is offered). */
export const parkWithAdvisorSignal = defineSignal<[{ conversationId: string; advisorId: string; queue: string }]>('parkWithAdvisor');
/** Someone of the advisor's branch took the conversation. */
export const advisorTookSignal = defineSignal<[{ conversationId: string; userId: string }]>('advisorTook');
/** The conversation ended: its agent's capacity frees, and the next waiting one is offered. */
export const releaseConversationSignal = defineSignal<[{ conversationId: string }]>('releaseConversation');
export const chatRouterStateQuery = defineQuery<ChatRouterState>('chatRouterState');
