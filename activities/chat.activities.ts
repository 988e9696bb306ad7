/**
 * Activities of customer conversations (issue 13): asking the chat router where a conversation
 * goes, telling it a conversation ended, and sending a message over the customer's channel.
 */
import { ApplicationFailure } from '@temporalio/common';
import { MessagingError, type Messaging } from '../adapters/messaging/messaging.port';
import type { ChatRouterPort } from './ports';

export interface ChatActivityDeps {
  chatRouter: ChatRouterPort;
  /** The WhatsApp Business channel (Cloud API over HTTP, or its simulator). */
  messaging: Messaging;
}

/** Failure types of {@link createChatActivities}' sends (permanent: no retry sends it). */
export const ChatSendErrors = {
  OutsideWindow: 'WHATSAPP_WINDOW_CLOSED',
  Rejected: 'MESSAGE_REJECTED',
} as const;

export function createChatActivities({ chatRouter, messaging }: ChatActivityDeps) {
  return {
    /** Asks the router where the conversation's newest message goes (it answers the conversation by signal). */
    async routeConversation(input: { conversationId: string; requestId: string }): Promise<void> {
      await chatRouter.requestRoute(input.conversationId, input.requestId);
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
