/**
 * The chat router from outside its workflow: the conversation activities route and release
 * through it (the `ChatRouterPort`, wired in workers/), the API sets presence, lets the external
 * center take conversations, hands over and reads the loads. The router is started on first use
 * (one per namespace; a start of the running one reaches it). Not part of the workflow bundle.
 */
import type { Client } from '@temporalio/client';
import type { ChatRouterPort } from '../activities/ports';
import type { AgentPresence } from '../domain/chat-routing';
import {
  CHAT_ROUTER_ID,
  chatRouterStateQuery,
  handOverConversationUpdate,
  advisorTookSignal,
  parkWithAdvisorSignal,
  releaseConversationSignal,
  routeConversationSignal,
  setChatPresenceUpdate,
  takeExternalConversationUpdate,
  type ChatRouterAgent,
  type ChatRouterState,
} from './chat-router.messages';
import { chatRouterWorkflow, type ChatRouterInput } from './chat-router.workflow';

export interface ChatRouterClient extends ChatRouterPort {
  setPresence(agentId: string, presence: AgentPresence): Promise<ChatRouterAgent>;
  takeExternal(agentId: string): Promise<string | undefined>;
  handOver(conversationId: string, toAgentId: string): Promise<ChatRouterAgent>;
  state(): Promise<ChatRouterState>;
}

/** The router of the namespace, on `temporal`, started with `settings` if it is not running. */
export function chatRouterOn(temporal: Client, taskQueue: string, settings: Omit<ChatRouterInput, 'carried'>, workflowId: string = CHAT_ROUTER_ID): ChatRouterClient {
  let started: Promise<unknown> | undefined;
  const handle = async () => {
    started ??= temporal.workflow.start(chatRouterWorkflow, { workflowId, taskQueue, args: [settings], workflowIdConflictPolicy: 'USE_EXISTING' }).catch((error: unknown) => {
      started = undefined;
      throw error;
    });
    await started;
    return temporal.workflow.getHandle(workflowId);
  };
  return {
    requestRoute: async (conversationId, requestId, handedBack) => (await handle()).signal(routeConversationSignal, { conversationId, requestId, ...(handedBack ? { handedBack } : {}) }),
    release: async (conversationId) => (await handle()).signal(releaseConversationSignal, { conversationId }),
    held: async () => {
      const state = await (await handle()).query(chatRouterStateQuery);
      return [...state.agents.flatMap((agent) => agent.conversations), ...state.external.map((entry) => entry.conversationId), ...(state.advisors ?? []).map((entry) => entry.conversationId)];
    },
    parkWithAdvisor: async (conversationId, advisorId, queue) => (await handle()).signal(parkWithAdvisorSignal, { conversationId, advisorId, queue }),
    advisorTook: async (conversationId, userId) => (await handle()).signal(advisorTookSignal, { conversationId, userId }),
    setPresence: async (agentId, presence) => (await handle()).executeUpdate(setChatPresenceUpdate, { args: [{ agentId, presence }] }),
    takeExternal: async (agentId) => (await handle()).executeUpdate(takeExternalConversationUpdate, { args: [{ agentId }] }),
    handOver: async (conversationId, toAgentId) => (await handle()).executeUpdate(handOverConversationUpdate, { args: [{ conversationId, toAgentId }] }),
    state: async () => (await handle()).query(chatRouterStateQuery),
  };
}
