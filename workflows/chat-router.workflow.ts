/**
 * The chat router (issue 13): one long-running process per center (id {@link CHAT_ROUTER_ID})
 * that holds every agent's presence and open conversations and decides where each conversation
 * goes. A workflow runs one handler at a time, so it is the single writer of the assignment: 200
 * conversations arriving in the same second are decided one after another against the loads the
 * previous decisions left (no two see the same agent as the least loaded).
 *
 * Overflow: outside service hours or with every own agent at the cap, a conversation waits in the
 * external center's queue; the moment an own agent has capacity again (a conversation released, an
 * agent coming online, the center opening), the oldest waiting one not yet taken by the external
 * center is offered to them, and the conversation is told.
 */
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, log, setHandler } from '@temporalio/workflow';
import { chooseAgent, type RoutingDecision } from '../domain/chat-routing';
import { chatServiceState, type ChatServiceHours } from '../domain/chat-service-hours';
import {
  chatRouterStateQuery,
  handOverConversationUpdate,
  conversationRoutedSignal,
  releaseConversationSignal,
  routeConversationSignal,
  setChatPresenceUpdate,
  takeExternalConversationUpdate,
  advisorTookSignal,
  parkWithAdvisorSignal,
  type AdvisorParkedEntry,
  type ChatRouterAgent,
  type ChatRouterState,
  type ExternalQueueEntry,
} from './chat-router.messages';
import { conversationAssignedSignal } from './conversation.messages';

export interface ChatRouterInput {
  hours: ChatServiceHours;
  /** Open conversations per agent (3–5). */
  cap: number;
  carried?: ChatRouterState;
}

/** Handled messages per run before continue-as-new (the history stays short). */
const MESSAGES_PER_RUN = 2_000;
/** The longest wait without a message: the center's opening is checked at least this often. */
const MAX_WAIT_MS = 15 * 60_000;

export async function chatRouterWorkflow(input: ChatRouterInput): Promise<never> {
  const agents = new Map<string, ChatRouterAgent>((input.carried?.agents ?? []).map((agent) => [agent.id, agent]));
  const external: ExternalQueueEntry[] = input.carried?.external ?? [];
  const advisors: AdvisorParkedEntry[] = input.carried?.advisors ?? [];
  let seq = input.carried?.seq ?? 0;
  let handled = 0;
  /** Conversations to tell of an assignment (signals go out from the main loop, not a handler). */
  const notices: Array<{ conversationId: string; agentId: string }> = [];
  /** Answers to routing requests, sent from the main loop. */
  const answers: Array<{ conversationId: string; requestId: string; decision: RoutingDecision }> = [];

  const now = () => new Date(Date.now());
  const holderOf = (conversationId: string) => [...agents.values()].find((agent) => agent.conversations.includes(conversationId));
  const views = () => [...agents.values()].map((agent) => ({ id: agent.id, presence: agent.presence, cap: agent.cap, openChats: agent.conversations.length, lastAssignedSeq: agent.lastAssignedSeq }));
  const drop = (conversationId: string) => {
    for (const agent of agents.values()) agent.conversations = agent.conversations.filter((id) => id !== conversationId);
    const waiting = external.findIndex((entry) => entry.conversationId === conversationId);
    if (waiting >= 0) external.splice(waiting, 1);
    const parked = advisors.findIndex((entry) => entry.conversationId === conversationId);
    if (parked >= 0) advisors.splice(parked, 1);
  };
  const assign = (conversationId: string, agentId: string, fresh: boolean) => {
    const agent = agents.get(agentId)!;
    if (!agent.conversations.includes(conversationId)) agent.conversations.push(conversationId);
    if (fresh) agent.lastAssignedSeq = ++seq;
  };
  /** Offers waiting conversations (oldest first, not taken by the external center) to own agents with capacity. */
  const offerWaiting = () => {
    if (!chatServiceState(now(), input.hours).open) return;
    for (const entry of [...external]) {
      if (entry.takenBy !== undefined) continue;
      const decision = chooseAgent({ agents: views(), service: { open: true } });
      if (decision.kind !== 'agent') return;
      drop(entry.conversationId);
      assign(entry.conversationId, decision.agentId, true);
      notices.push({ conversationId: entry.conversationId, agentId: decision.agentId });
    }
  };
  const state = (): ChatRouterState => ({
    agents: [...agents.values()].map((agent) => ({ ...agent, conversations: [...agent.conversations] })),
    external: external.map((entry) => ({ ...entry })),
    advisors: advisors.map((entry) => ({ ...entry })),
    seq,
  });

  // Defined before any handler is set: a router started by a routing request (signal-with-start)
  // gets that signal the moment its handler is set, and the handler uses `route` at once. (With
  // the handler first, such a router failed its first workflow task with a ReferenceError and
  // answered nobody.)
  const route = (conversationId: string): RoutingDecision => {
    handled += 1;
    // A conversation asks only when it is not with an advisor: one that was, comes back to the center.
    const parked = advisors.findIndex((entry) => entry.conversationId === conversationId);
    if (parked >= 0) advisors.splice(parked, 1);
    const holder = holderOf(conversationId);
    const decision = chooseAgent({ agents: views(), ...(holder ? { stickyAgentId: holder.id } : {}), service: chatServiceState(now(), input.hours) });
    if (decision.kind === 'agent') {
      if (holder && holder.id !== decision.agentId) drop(conversationId);
      const waiting = external.find((entry) => entry.conversationId === conversationId);
      // Taken by the external center: it stays there (sticky to that agent).
      if (waiting?.takenBy !== undefined) return { kind: 'overflow', reason: waiting.reason };
      if (waiting) drop(conversationId);
      assign(conversationId, decision.agentId, decision.reason === 'least-loaded');
      return decision;
    }
    if (holder) drop(conversationId);
    const waiting = external.find((entry) => entry.conversationId === conversationId);
    if (!waiting) external.push({ conversationId, reason: decision.reason, since: now().toISOString() });
    return waiting ? { kind: 'overflow', reason: waiting.reason } : decision;
  };

  setHandler(routeConversationSignal, ({ conversationId, requestId, handedBack }) => {
    if (handedBack) {
      const outside = external.findIndex((entry) => entry.conversationId === conversationId);
      if (outside >= 0) external.splice(outside, 1);
    }
    answers.push({ conversationId, requestId, decision: route(conversationId) });
  });
  setHandler(setChatPresenceUpdate, ({ agentId, presence }) => {
    handled += 1;
    const agent = agents.get(agentId) ?? { id: agentId, presence, cap: input.cap, conversations: [], lastAssignedSeq: 0 };
    agent.presence = presence;
    agents.set(agentId, agent);
    if (presence === 'online') offerWaiting();
    return { ...agent, conversations: [...agent.conversations] };
  });

  setHandler(takeExternalConversationUpdate, ({ agentId }) => {
    handled += 1;
    const next = external.find((entry) => entry.takenBy === undefined);
    if (!next) return undefined;
    next.takenBy = agentId;
    notices.push({ conversationId: next.conversationId, agentId });
    return next.conversationId;
  });

  setHandler(
    handOverConversationUpdate,
    ({ conversationId, toAgentId }) => {
      handled += 1;
      drop(conversationId);
      assign(conversationId, toAgentId, false);
      notices.push({ conversationId, agentId: toAgentId });
      offerWaiting();
      return { ...agents.get(toAgentId)!, conversations: [...agents.get(toAgentId)!.conversations] };
    },
    {
      validator: ({ toAgentId }) => {
        if (agents.get(toAgentId)?.presence !== 'online') throw new Error(`agent ${toAgentId} is not online for chats`);
      },
    },
  );

  setHandler(parkWithAdvisorSignal, ({ conversationId, advisorId, queue }) => {
    handled += 1;
    drop(conversationId);
    advisors.push({ conversationId, advisorId, queue, since: now().toISOString() });
    offerWaiting();
  });
  setHandler(advisorTookSignal, ({ conversationId, userId }) => {
    handled += 1;
    const entry = advisors.find((candidate) => candidate.conversationId === conversationId);
    if (entry) entry.takenBy = userId;
  });

  setHandler(releaseConversationSignal, ({ conversationId }) => {
    handled += 1;
    drop(conversationId);
    offerWaiting();
  });

  setHandler(chatRouterStateQuery, state);

  for (;;) {
    const reopensAt = (() => {
      const service = chatServiceState(now(), input.hours);
      return service.open ? undefined : service.reopensAt;
    })();
    const wait = reopensAt ? Math.max(1_000, Math.min(MAX_WAIT_MS, reopensAt.getTime() - Date.now())) : MAX_WAIT_MS;
    const woken = await condition(() => notices.length > 0 || answers.length > 0 || handled >= MESSAGES_PER_RUN, wait);
    if (!woken) offerWaiting();
    // Answers go out together (a burst of arrivals is answered in one task), each to its conversation.
    const batch = answers.splice(0, answers.length);
    await Promise.all(
      batch.map(async ({ conversationId, requestId, decision }) => {
        try {
          await getExternalWorkflowHandle(conversationId).signal(conversationRoutedSignal, { requestId, decision });
        } catch (error) {
          log.warn('chat router: conversation gone before its routing answer reached it', { conversationId, error: error instanceof Error ? error.message : String(error) });
          drop(conversationId);
        }
      }),
    );
    while (notices.length > 0) {
      const notice = notices.shift()!;
      const queue = external.some((entry) => entry.conversationId === notice.conversationId) ? 'external' : 'own';
      try {
        await getExternalWorkflowHandle(notice.conversationId).signal(conversationAssignedSignal, { agentId: notice.agentId, queue });
      } catch (error) {
        // Signalling another workflow fails only when it is gone (ended meanwhile): its place is
        // freed (its own release may be on its way too).
        log.warn('chat router: conversation gone before its assignment reached it', { conversationId: notice.conversationId, error: error instanceof Error ? error.message : String(error) });
        drop(notice.conversationId);
        offerWaiting();
      }
    }
    if (handled >= MESSAGES_PER_RUN && notices.length === 0 && answers.length === 0) {
      await condition(allHandlersFinished);
      return continueAsNew<typeof chatRouterWorkflow>({ hours: input.hours, cap: input.cap, carried: state() });
    }
  }
}
