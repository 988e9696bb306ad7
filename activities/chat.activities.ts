/**
 * Activities of customer conversations (issue 13): asking the chat router where a conversation
 * goes, telling it a conversation ended, and sending a message over the customer's channel.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Absence, Advisor } from '../adapters/core-banking/calendar.port';
import type { CoreBanking } from '../adapters/core-banking/core-banking.port';
import { MessagingError, type Messaging } from '../adapters/messaging/messaging.port';
import { startOfLocalDay } from '../domain/calling-hours';
import { advisorTarget, type AdvisorAvailability, type AdvisorTarget } from '../domain/chat-routing';
import { failFastOnPermanentErrors } from './failures';
import type { ChatRouterPort, ChatTranscriptRecord, ChatTranscriptStore } from './ports';

export interface ChatActivityDeps {
  chatRouter: ChatRouterPort;
  /** The WhatsApp Business channel (Cloud API over HTTP, or its simulator). */
  messaging: Messaging;
  /** The customer's advisor, advisors' absences and deputies. */
  coreBanking: Pick<CoreBanking, 'getCustomer' | 'getAdvisor'>;
  /** Closed conversations' transcripts, encrypted, until their retention ends. */
  transcripts: Pick<ChatTranscriptStore, 'store'>;
}

/** Where a conversation handed to an advisor goes, with what the transcript shows (no personal data beyond advisors' names). */
export type AdvisorHandover =
  | { kind: 'advisor' | 'deputy'; advisorId: string; advisorName: string; queue: string; deputyFor?: string }
  | { kind: 'center'; note: string };

/** An absence of whole local days (both included) as the instants it covers. */
function availabilityOf(advisor: Advisor): AdvisorAvailability {
  const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return { id: advisor.advisorId, absences: advisor.absences.map((absence: Absence) => ({ from: startOfLocalDay(absence.from), until: startOfLocalDay(nextDay(absence.to)) })) };
}

/** Failure types of {@link createChatActivities}' sends (permanent: no retry sends it). */
export const ChatSendErrors = {
  OutsideWindow: 'WHATSAPP_WINDOW_CLOSED',
  Rejected: 'MESSAGE_REJECTED',
} as const;

export function createChatActivities({ chatRouter, messaging, coreBanking, transcripts }: ChatActivityDeps) {
  return {
    /** Sends an approved template (allowed outside the 24-hour window), once per key. */
    async sendChatTemplate(input: { to: string; template: string; language: string; parameters: string[]; idempotencyKey: string }): Promise<{ messageId: string }> {
      try {
        return await messaging.sendTemplate({ to: input.to, template: input.template, language: input.language, parameters: input.parameters, idempotencyKey: input.idempotencyKey });
      } catch (error) {
        if (error instanceof MessagingError && !error.retryable) {
          throw ApplicationFailure.create({ type: ChatSendErrors.Rejected, message: `WhatsApp refused the template (${error.kind}${error.code === undefined ? '' : `, code ${error.code}`})`, nonRetryable: true });
        }
        throw error;
      }
    },

    /** Stores the closed conversation's transcript (encrypted by the store; a retry writes nothing twice). */
    async storeTranscript(input: ChatTranscriptRecord): Promise<void> {
      await transcripts.store(input);
    },

    /**
     * Where a conversation for a named advisor goes at `at` (seed 001): the advisor when present,
     * the advisor's deputy when the advisor is absent (core banking's absence calendar), otherwise
     * the center with a note. The advisor is named, or the customer's own from core banking.
     */
    async findAdvisorTarget(input: { customerId?: string; advisorId?: string; at: string }): Promise<AdvisorHandover> {
      let advisorId = input.advisorId;
      if (advisorId === undefined) {
        const customer = await failFastOnPermanentErrors(() => coreBanking.getCustomer(input.customerId!));
        if (!customer) throw ApplicationFailure.create({ type: 'UNKNOWN_CUSTOMER', message: 'the customer is not known to core banking', nonRetryable: true });
        advisorId = customer.advisor.advisorId;
      }
      const advisor = await failFastOnPermanentErrors(() => coreBanking.getAdvisor(advisorId));
      if (!advisor) throw ApplicationFailure.create({ type: 'UNKNOWN_ADVISOR', message: `no advisor ${advisorId}`, nonRetryable: true });
      const deputy = await failFastOnPermanentErrors(() => coreBanking.getAdvisor(advisor.deputy.advisorId));
      const target: AdvisorTarget = advisorTarget({ advisor: availabilityOf(advisor), ...(deputy ? { deputy: availabilityOf(deputy) } : {}), at: new Date(input.at), advisorTimeoutMinutes: 1 });
      if (target.kind === 'center') return { kind: 'center', note: target.note.replace(advisor.advisorId, advisor.name).replace(advisor.deputy.advisorId, advisor.deputy.name) };
      const chosen = target.kind === 'advisor' ? advisor : deputy!;
      return { kind: target.kind, advisorId: chosen.advisorId, advisorName: chosen.name, queue: `filiale-${chosen.branchId}`, ...(target.kind === 'deputy' ? { deputyFor: advisor.name } : {}) };
    },

    /** The conversation went to an advisor: the router frees its agent's place and offers it to the branch. */
    async parkConversationWithAdvisor(input: { conversationId: string; advisorId: string; queue: string }): Promise<void> {
      await chatRouter.parkWithAdvisor(input.conversationId, input.advisorId, input.queue);
    },

    /** Someone of the advisor's branch took the conversation. */
    async advisorTookConversation(input: { conversationId: string; userId: string }): Promise<void> {
      await chatRouter.advisorTook(input.conversationId, input.userId);
    },

    /** Asks the router where the conversation's newest message goes (it answers the conversation by signal). */
    async routeConversation(input: { conversationId: string; requestId: string; handedBack?: boolean }): Promise<void> {
      await chatRouter.requestRoute(input.conversationId, input.requestId, input.handedBack);
    },

    /** The conversation ended: the router frees its agent's place. */
    async releaseConversation(input: { conversationId: string }): Promise<void> {
      await chatRouter.release(input.conversationId);
    },

    /**
     * Sends a text to the customer's WhatsApp number, once per key (a retry sends nothing
     * twice). The platform refusing it (outside the 24-hour window, a rejected number) is
     * permanent; the platform being unavailable is retried.
     */
    async sendChatMessage(input: { channel: 'whatsapp'; to: string; text: string; idempotencyKey: string }): Promise<{ messageId: string }> {
      try {
        return await messaging.sendText({ to: input.to, body: input.text, idempotencyKey: input.idempotencyKey });
      } catch (error) {
        if (error instanceof MessagingError && !error.retryable) {
          throw ApplicationFailure.create({
            type: error.kind === 'outside-window' ? ChatSendErrors.OutsideWindow : ChatSendErrors.Rejected,
            message: `WhatsApp refused the message (${error.kind}${error.code === undefined ? '' : `, code ${error.code}`})`,
            nonRetryable: true,
          });
        }
        throw error;
      }
    },
  };
}
