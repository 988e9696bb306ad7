/**
 * One customer conversation over WhatsApp or the web chat (issue 13), from the customer's first
 * message until an agent closes it (or it falls idle). Every customer message is routed by the
 * chat router: to the agent who holds the conversation while they are online, otherwise to the
 * least-loaded online agent of the own center, otherwise to the external center's queue with the
 * reason. Outside service hours the customer gets the automatic reply once per closed period; a
 * confidential request (orders, card blocks, transfers) gets the request to move to the phone,
 * once per topic: nothing confidential is done over the messenger.
 *
 * The transcript is part of the workflow's state: in history it is encrypted by the payload codec
 * like every payload; the phone number is in the input only, never in the workflow id.
 */
import { ActivityFailure, ApplicationFailure, allHandlersFinished, condition, continueAsNew, log, patched, proxyActivities, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { createChatActivities } from '../activities/chat.activities';
import { DEFAULT_ADVISOR_TIMEOUT_MINUTES, type RoutingDecision } from '../domain/chat-routing';
import { autoReplyDue, chatServiceState, type ChatServiceHours } from '../domain/chat-service-hours';
import { checkConfidentialRequest, confidentialRequestReply } from '../domain/confidential-request';
import { freeFormAllowed, windowEndsAt } from '../domain/whatsapp-window';
import {
  closeConversationUpdate,
  ConversationErrors,
  conversationAssignedSignal,
  conversationStateQuery,
  customerMessageSignal,
  handBackConversationUpdate,
  handOverToAdvisorUpdate,
  takeConversationUpdate,
  linkConversationCustomerUpdate,
  replyToConversationUpdate,
  sendTemplateUpdate,
  type ChatChannel,
  type ChatMessage,
  type ConversationState,
} from './conversation.messages';
import { conversationRoutedSignal } from './chat-router.messages';
import { UNTIL_STORED } from './retry-policies';

/** How long a conversation waits for the router's answer before it asks again. */
const ROUTE_ASK_AGAIN_MS = 60_000;

const { routeConversation, releaseConversation, sendChatMessage, sendChatTemplate, findAdvisorTarget, parkConversationWithAdvisor, advisorTookConversation, storeTranscript } = proxyActivities<ReturnType<typeof createChatActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: UNTIL_STORED,
});

export interface ConversationSettings {
  hours: ChatServiceHours;
  /** The automatic reply outside service hours (a text module). */
  outOfHoursText: string;
  /** A conversation with no message either way for this long closes by itself. */
  idleCloseMinutes: number;
  /** A conversation handed to an advisor nobody takes within this goes back to the center (default 60). */
  advisorTimeoutMinutes?: number;
  /** How long the closed conversation's transcript is kept (default 180 days). */
  transcriptRetentionDays?: number;
}

/** The transcript's retention when the settings name none. */
const DEFAULT_TRANSCRIPT_RETENTION_DAYS = 180;

export interface ConversationInput {
  channel: ChatChannel;
  /** The customer's pseudonym (the conversation's id holds it; never the number). */
  customerRef: string;
  /** Where replies go: the WhatsApp number (`wa_id`); absent for the web chat (the page reads them). */
  address?: string;
  settings: ConversationSettings;
  /** Customer messages that arrived as the previous run closed: this run begins with them. */
  carriedMessages?: Array<{ messageId: string; text: string; at: string }>;
}

export async function conversationWorkflow(input: ConversationInput): Promise<ConversationState> {
  const conversationId = workflowInfo().workflowId;
  const state: ConversationState = { conversationId, channel: input.channel, customerRef: input.customerRef, status: 'open', queue: 'own', confidentialTopics: [], messages: [] };
  const pending: ChatMessage[] = (input.carriedMessages ?? []).map(({ messageId, text, at }) => ({ id: messageId, direction: 'in', text, at }));
  const seen = new Set<string>(pending.map((message) => message.id));
  /** Customer messages that arrived after the close, while the run stored its transcript: the next run's. */
  const late: ChatMessage[] = [];
  let lastInboundAt: Date | undefined;
  let lastAutoReplyPeriod: string | undefined;
  let lastActivity = Date.now();
  /** Counts changes that move the main loop's deadline (a handover to an advisor). */
  let rearms = 0;
  /** The external center gave it back: the main loop routes it in the own center. */
  let handBack = false;
  /** The routing request the conversation waits for, and the router's answer to it. */
  let awaitedRoute: string | undefined;
  let routed: RoutingDecision | undefined;
  /** Asks the router and waits for its answer (asked again each minute: a signal lost with a router restart). */
  const route = async (handedBack = false): Promise<RoutingDecision> => {
    routed = undefined;
    awaitedRoute = uuid4();
    for (;;) {
      await routeConversation({ conversationId, requestId: awaitedRoute, ...(handedBack ? { handedBack } : {}) });
      if (await condition(() => routed !== undefined, ROUTE_ASK_AGAIN_MS)) return routed!;
    }
  };

  const now = () => new Date(Date.now());
  const snapshot = (): ConversationState => ({ ...state, messages: [...state.messages], ...(state.notes ? { notes: [...state.notes] } : {}) });
  const holds = (agentId: string) => {
    if (state.status === 'closed') throw ApplicationFailure.create({ type: ConversationErrors.Closed, message: 'the conversation is closed', nonRetryable: true });
    if (state.agentId !== agentId) throw ApplicationFailure.create({ type: ConversationErrors.NotYours, message: 'the conversation is not assigned to you', nonRetryable: true });
  };
  const send = async (text: string, by: string, id: string = uuid4()): Promise<ChatMessage> => {
    const message: ChatMessage = { id, direction: 'out', text, at: now().toISOString(), by };
    if (input.channel === 'whatsapp' && input.address) await sendChatMessage({ channel: input.channel, to: input.address, text, idempotencyKey: `${conversationId}~${id}` });
    state.messages.push(message);
    seen.add(id);
    lastActivity = Date.now();
    return message;
  };
  /**
   * An automatic reply: refused by the platform for good (the 24-hour window, a blocked number),
   * it stays in the transcript marked as not delivered, so the agent sees it; the conversation goes on.
   */
  const sendAutomatic = async (text: string): Promise<void> => {
    try {
      await send(text, 'auto');
    } catch (error) {
      const type = error instanceof ActivityFailure && error.cause instanceof ApplicationFailure ? error.cause.type : undefined;
      if (!type) throw error;
      log.warn('automatic reply not delivered', { conversationId, type });
      state.messages.push({ id: uuid4(), direction: 'out', text, at: now().toISOString(), by: 'auto', failed: type });
    }
  };
  /** Routes the conversation in the center (an agent, or the external queue), with the out-of-hours reply. */
  const placeInCenter = async (handedBack = false) => {
    const decision = await route(handedBack);
    if (decision.kind === 'agent') {
      state.agentId = decision.agentId;
      state.queue = 'own';
      delete state.overflowReason;
      return;
    }
    if (state.queue === 'own') delete state.agentId;
    state.queue = 'external';
    state.overflowReason = decision.reason;
    const service = chatServiceState(now(), input.settings.hours);
    if (!service.open && autoReplyDue(service, lastAutoReplyPeriod)) {
      lastAutoReplyPeriod = service.periodKey;
      await sendAutomatic(input.settings.outOfHoursText);
    }
  };

  setHandler(customerMessageSignal, ({ messageId, text, at }) => {
    if (seen.has(messageId)) return;
    if (state.status === 'closed') {
      // Until this patch, a message in the moments between the close and the run's end was dropped
      // (the platform had delivered it: nobody would ever see it). Now the next run begins with it.
      if (patched('reopen-on-late-message')) {
        seen.add(messageId);
        late.push({ id: messageId, direction: 'in', text, at });
      }
      return;
    }
    seen.add(messageId);
    pending.push({ id: messageId, direction: 'in', text, at });
  });
  setHandler(conversationRoutedSignal, ({ requestId, decision }) => {
    if (requestId === awaitedRoute) routed = decision;
  });
  setHandler(conversationAssignedSignal, ({ agentId, queue }) => {
    state.agentId = agentId;
    state.queue = queue;
    if (queue === 'own') delete state.overflowReason;
  });
  setHandler(
    replyToConversationUpdate,
    async ({ agentId, text, messageId }) => {
      const earlier = state.messages.find((message) => message.id === messageId);
      if (earlier) return earlier;
      return send(text, agentId, messageId);
    },
    {
      validator: ({ agentId, messageId }) => {
        if (state.messages.some((message) => message.id === messageId)) return;
        holds(agentId);
        if (input.channel === 'whatsapp' && !freeFormAllowed(now(), lastInboundAt)) {
          throw ApplicationFailure.create({ type: ConversationErrors.WindowClosed, message: 'the 24-hour window for free-form replies has ended; only an approved template may be sent', nonRetryable: true });
        }
      },
    },
  );
  setHandler(
    sendTemplateUpdate,
    async ({ agentId, template, language, parameters, text, messageId }) => {
      const earlier = state.messages.find((message) => message.id === messageId);
      if (earlier) return earlier;
      await sendChatTemplate({ to: input.address!, template, language, parameters, idempotencyKey: `${conversationId}~${messageId}` });
      const message: ChatMessage = { id: messageId, direction: 'out', text, at: now().toISOString(), by: agentId };
      state.messages.push(message);
      seen.add(messageId);
      lastActivity = Date.now();
      return message;
    },
    {
      validator: ({ agentId, messageId }) => {
        if (state.messages.some((message) => message.id === messageId)) return;
        holds(agentId);
        if (input.channel !== 'whatsapp' || !input.address) throw ApplicationFailure.create({ type: ConversationErrors.NotYours, message: 'templates go out on WhatsApp only', nonRetryable: true });
      },
    },
  );
  setHandler(
    linkConversationCustomerUpdate,
    ({ customerId }) => {
      state.customerId = customerId;
      return { ...state };
    },
    { validator: ({ agentId }) => holds(agentId) },
  );
  setHandler(
    handOverToAdvisorUpdate,
    async ({ agentId, customerId, advisorId }) => {
      const target = await findAdvisorTarget({ ...(customerId ? { customerId } : {}), ...(advisorId ? { advisorId } : {}), at: now().toISOString() });
      if (target.kind === 'center') {
        // Nobody to hand it to: it stays with the agent, who learns why.
        (state.notes ??= []).push(target.note);
        return snapshot();
      }
      await parkConversationWithAdvisor({ conversationId, advisorId: target.advisorId, queue: target.queue });
      const until = new Date(Date.now() + (input.settings.advisorTimeoutMinutes ?? DEFAULT_ADVISOR_TIMEOUT_MINUTES) * 60_000).toISOString();
      state.advisor = { advisorId: target.advisorId, name: target.advisorName, queue: target.queue, ...(target.deputyFor ? { deputyFor: target.deputyFor } : {}), until };
      state.queue = 'advisor';
      delete state.agentId;
      rearms += 1; // the wait takes up the advisor's deadline
      (state.notes ??= []).push(target.kind === 'deputy' ? `Für ${target.deputyFor} (abwesend) an die Vertretung ${target.advisorName} übergeben von ${agentId}.` : `An ${target.advisorName} übergeben von ${agentId}.`);
      return snapshot();
    },
    {
      validator: ({ agentId, customerId, advisorId }) => {
        holds(agentId);
        if (!customerId && !advisorId) throw ApplicationFailure.create({ type: ConversationErrors.NoAdvisor, message: 'name the customer (customerId) or the advisor (advisorId)', nonRetryable: true });
      },
    },
  );
  setHandler(
    takeConversationUpdate,
    async ({ agentId }) => {
      state.agentId = agentId;
      await advisorTookConversation({ conversationId, userId: agentId });
      return snapshot();
    },
    {
      validator: ({ queues }) => {
        if (state.status === 'closed') throw ApplicationFailure.create({ type: ConversationErrors.Closed, message: 'the conversation is closed', nonRetryable: true });
        if (state.queue !== 'advisor' || state.agentId !== undefined || !state.advisor || !queues.includes(state.advisor.queue)) {
          throw ApplicationFailure.create({ type: ConversationErrors.NotYours, message: 'the conversation waits for no advisor of your queues', nonRetryable: true });
        }
      },
    },
  );
  setHandler(
    handBackConversationUpdate,
    ({ agentId, note }) => {
      (state.notes ??= []).push(`Vom externen Servicecenter zurückgegeben (${agentId}): ${note}`);
      delete state.agentId;
      state.queue = 'own';
      handBack = true;
      return snapshot();
    },
    {
      validator: ({ agentId }) => {
        holds(agentId);
        if (state.queue !== 'external') throw ApplicationFailure.create({ type: ConversationErrors.NotYours, message: 'only a conversation taken from the external queue can be handed back', nonRetryable: true });
        if (!chatServiceState(now(), input.settings.hours).open) {
          throw ApplicationFailure.create({ type: ConversationErrors.CenterClosed, message: 'the bank\'s own center is closed now: answer it, or leave it open until it opens', nonRetryable: true });
        }
      },
    },
  );
  setHandler(
    closeConversationUpdate,
    ({ agentId, topic }) => {
      state.status = 'closed';
      state.topic = topic;
      state.closedBy = agentId;
      return { ...state, messages: [...state.messages] };
    },
    { validator: ({ agentId }) => holds(agentId) },
  );
  setHandler(conversationStateQuery, snapshot);

  while (state.status === 'open') {
    const idleLeft = lastActivity + input.settings.idleCloseMinutes * 60_000 - Date.now();
    const advisorLeft = state.advisor && state.agentId === undefined ? Date.parse(state.advisor.until) - Date.now() : Number.POSITIVE_INFINITY;
    const rearmedAt = rearms;
    if (!(await condition(() => pending.length > 0 || state.status !== 'open' || rearms !== rearmedAt || handBack, Math.max(1_000, Math.min(idleLeft, advisorLeft))))) {
      if (state.advisor && state.agentId === undefined && Date.now() >= Date.parse(state.advisor.until)) {
        // Nobody of the advisor's branch took it in time: back to the center, with a note.
        (state.notes ??= []).push(`${state.advisor.name} hat das Gespräch nicht innerhalb von ${input.settings.advisorTimeoutMinutes ?? DEFAULT_ADVISOR_TIMEOUT_MINUTES} Minuten übernommen.`);
        delete state.advisor;
        state.queue = 'own';
        await placeInCenter();
        continue;
      }
      if (Date.now() - lastActivity >= input.settings.idleCloseMinutes * 60_000) {
        state.status = 'closed';
        state.topic = 'idle';
        state.closedBy = 'system';
      }
      continue;
    }
    if (handBack) {
      handBack = false;
      state.queue = 'own';
      delete state.overflowReason;
      await placeInCenter(true);
    }
    while (pending.length > 0 && state.status === 'open') {
      const message = pending.shift()!;
      state.messages.push(message);
      lastInboundAt = new Date(Date.parse(message.at));
      lastActivity = Date.now();
      if (input.channel === 'whatsapp') state.windowEndsAt = windowEndsAt(lastInboundAt).toISOString();

      const confidential = checkConfidentialRequest(message.text);
      const newTopics = confidential.topics.filter((topic) => !state.confidentialTopics.includes(topic));
      if (newTopics.length > 0) {
        state.confidentialTopics.push(...newTopics);
        await sendAutomatic(confidentialRequestReply(confidential));
      }

      // With an advisor, the conversation stays there (taken or waiting for the branch).
      if (state.queue !== 'advisor') await placeInCenter();
    }
  }

  // The transcript outlives the process for its retention (added after the first recording: patched).
  if (patched('store-transcript')) {
    const closedAt = now();
    await storeTranscript({
      conversationId,
      channel: state.channel,
      customerRef: state.customerRef,
      ...(state.customerId ? { customerId: state.customerId } : {}),
      closedAt: closedAt.toISOString(),
      closedBy: state.closedBy ?? 'system',
      ...(state.topic ? { topic: state.topic } : {}),
      messages: state.messages,
      deleteAfter: new Date(closedAt.getTime() + (input.settings.transcriptRetentionDays ?? DEFAULT_TRANSCRIPT_RETENTION_DAYS) * 86_400_000).toISOString(),
    });
  }
  await releaseConversation({ conversationId });
  await condition(allHandlersFinished);
  // Messages that came as it closed (unread, or after the close) open the next conversation.
  const leftover = [...pending, ...late];
  if (leftover.length > 0 && patched('reopen-on-late-message')) {
    await continueAsNew<typeof conversationWorkflow>({ ...input, carriedMessages: leftover.map(({ id, text, at }) => ({ messageId: id, text, at })) });
  }
  return { ...state, messages: [...state.messages] };
}
