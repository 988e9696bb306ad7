/**
 * The chat API's shapes as the page uses them (`/api/v1/chat/…`, issue 13). The server's own
 * definitions live in workflows/conversation.messages.ts; the web app reaches the server over
 * HTTP only, so they are declared here again.
 */

/** An agent's chat presence: only `online` agents get new conversations; `away` is a short break. */
export type Presence = 'online' | 'away' | 'offline';

export type ChatChannel = 'whatsapp' | 'webchat';

/** One message of a transcript. */
export interface ChatMessage {
  id: string;
  direction: 'in' | 'out';
  text: string;
  /** ISO instant. */
  at: string;
  /** Who wrote an outbound message: an agent's id, or `auto` for an automatic reply. */
  by?: string;
  /** An automatic reply the platform refused (e.g. `WHATSAPP_WINDOW_CLOSED`): not delivered. */
  failed?: string;
}

export interface ConversationState {
  conversationId: string;
  channel: ChatChannel;
  /** The customer's pseudonym (never the phone number). */
  customerRef: string;
  customerId?: string;
  status: 'open' | 'closed';
  agentId?: string;
  queue: 'own' | 'external' | 'advisor';
  /** Handed to an advisor (or their deputy), offered to their branch queue until someone takes it (`until`). */
  advisor?: { advisorId: string; name: string; queue: string; deputyFor?: string; until: string };
  /** Notes for whoever holds it (why it came to them). */
  notes?: string[];
  overflowReason?: string;
  /** WhatsApp: when free-form replies stop being allowed (24 h after the customer's last message). */
  windowEndsAt?: string;
  /** Topics of a confidential request the customer was asked to move to the phone for. */
  confidentialTopics: string[];
  messages: ChatMessage[];
  topic?: string;
  closedBy?: string;
}

/** `GET /chat/conversations`. */
export interface MyConversations {
  presence: Presence;
  conversations: ConversationState[];
  /** For the external service center's agents: the topics they may close with (the rest they hand back). */
  external?: { topics: string[] };
}

/** `PUT /chat/presence`. */
export interface PresenceAnswer {
  id: string;
  presence: Presence;
  cap: number;
  conversations: string[];
  lastAssignedSeq: number;
}

/** A Textbaustein (`GET /chat/text-modules`). */
export interface TextModule {
  id: string;
  title: string;
  text: string;
}

/** One of the customer's earlier, closed conversations (`GET /chat/conversations/{id}/history`), from the stored transcript. */
export interface EarlierConversation {
  conversationId: string;
  channel: ChatChannel;
  customerRef: string;
  /** The customer number it was linked to (hidden from the external center unless it may see them). */
  customerId?: string;
  /** ISO instant. */
  closedAt: string;
  /** The agent's id, or `system` when it closed without an agent (e.g. the customer left). */
  closedBy: string;
  topic?: string;
  messages: ChatMessage[];
  /** When the transcript is deleted (retention). */
  deleteAfter: string;
}

/**
 * An approved WhatsApp template (`GET /chat/templates`): the only message allowed after the
 * 24-hour window. `text` has `{{1}}`, `{{2}}` … where its parameters go.
 */
export interface ChatTemplate {
  name: string;
  language: string;
  title: string;
  text: string;
}

/** The API's error answer body (`{ error, message }`); `error` may carry a type such as `WHATSAPP_WINDOW_CLOSED`. */
export interface ChatErrorBody {
  error?: string;
  message?: string;
  type?: string;
}
