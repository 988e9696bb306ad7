/**
 * Conversations from outside their workflows: a customer's message (a WhatsApp webhook delivery,
 * the web chat) starts the customer's conversation or joins the running one. Not part of the
 * workflow bundle.
 */
import type { Client } from '@temporalio/client';
import { conversationWorkflowId, customerMessageSignal, type ChatChannel } from './conversation.messages';
import { conversationWorkflow, type ConversationSettings } from './conversation.workflow';

export interface CustomerMessage {
  messageId: string;
  text: string;
  at: string;
}

/**
 * Delivers `message` to the customer's open conversation on `channel`, or starts one (signal-with-
 * start: one conversation per customer and channel at a time; after a closed one, a new run).
 * Returns the conversation's workflow id.
 */
export async function deliverCustomerMessage(
  temporal: Client,
  taskQueue: string,
  conversation: { channel: ChatChannel; customerRef: string; address?: string; settings: ConversationSettings },
  message: CustomerMessage,
): Promise<string> {
  const workflowId = conversationWorkflowId(conversation.channel, conversation.customerRef);
  await temporal.workflow.signalWithStart(conversationWorkflow, {
    workflowId,
    taskQueue,
    args: [{ channel: conversation.channel, customerRef: conversation.customerRef, ...(conversation.address ? { address: conversation.address } : {}), settings: conversation.settings }],
    signal: customerMessageSignal,
    signalArgs: [message],
    workflowIdReusePolicy: 'ALLOW_DUPLICATE',
  });
  return workflowId;
}
