/**
 * How the chat page names things: channels, presence, confidential topics, the WhatsApp window,
 * and the API's refusals as sentences an agent can act on.
 */
import { ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { dateTime, time } from '../../format';
import type { ChatChannel, ChatMessage, ConversationState, Presence } from './types';

export const CHANNEL_LABELS: Record<ChatChannel, string> = {
  whatsapp: 'WhatsApp',
  webchat: 'Web-Chat',
};

export const PRESENCE_LABELS: Record<Presence, string> = {
  online: 'Online',
  away: 'Pause',
  offline: 'Offline',
};

/** What each presence means for the agent, in one sentence. */
export const PRESENCE_MEANING: Record<Presence, string> = {
  online: 'Sie erhalten neue Gespräche.',
  away: 'Pause: Sie erhalten keine neuen Gespräche; Ihre offenen Gespräche bleiben bei Ihnen.',
  offline: 'Offline: Sie erhalten keine neuen Gespräche.',
};

/** The confidential topics as agents call them (domain/confidential-request.ts has the same list). */
const CONFIDENTIAL_TOPIC_LABELS: Record<string, string> = {
  transfer: 'Überweisung',
  'standing-order': 'Dauerauftrag',
  order: 'Auftrag / Wertpapierorder',
  'card-block': 'Kartensperre',
  pin: 'PIN',
  tan: 'TAN',
  'limit-increase': 'Limit erhöhen oder ändern',
  'account-details-change': 'Änderung der Bankverbindung',
};

export function confidentialTopicLabel(topic: string): string {
  return CONFIDENTIAL_TOPIC_LABELS[topic] ?? topic;
}

/** Why a conversation went to the external center. */
const OVERFLOW_LABELS: Record<string, string> = {
  'outside-service-hours': 'außerhalb der Servicezeiten',
  'all-agents-at-cap': 'alle Agent/innen voll ausgelastet',
  'no-agent-online': 'niemand online',
};

export function overflowLabel(reason: string): string {
  return OVERFLOW_LABELS[reason] ?? reason;
}

/** The customer's pseudonym, shortened for the eye: "Kunde c3f2a9b1…". */
export function customerLabel(conversation: Pick<ConversationState, 'customerRef'>): string {
  const ref = conversation.customerRef;
  return `Kunde ${ref.length > 9 ? `${ref.slice(0, 9)}…` : ref}`;
}

/** The conversation's last message, if any. */
export function lastMessageOf(conversation: ConversationState): ChatMessage | undefined {
  return conversation.messages[conversation.messages.length - 1];
}

/** A calendar day in Berlin as `YYYY-MM-DD`. */
const dayKey = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

function nextDayKey(now: Date): string {
  const [year, month, day] = dayKey.format(now).split('-').map(Number);
  const next = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + 1, 12));
  return next.toISOString().slice(0, 10);
}

/** "14:32" today, "morgen, 14:32" tomorrow, otherwise "27.11.2026, 14:32" (Europe/Berlin). */
export function whenLabel(iso: string, now: Date = new Date()): string {
  const key = dayKey.format(new Date(iso));
  if (key === dayKey.format(now)) return time(iso);
  if (key === nextDayKey(now)) return `morgen, ${time(iso)}`;
  return dateTime(iso);
}

/** "heute 14:32" reads oddly in a list: the time alone today, the date and time before. */
export function messageTimeLabel(iso: string, now: Date = new Date()): string {
  return dayKey.format(new Date(iso)) === dayKey.format(now) ? time(iso) : dateTime(iso);
}

/** Whether free text may still be sent (WhatsApp: inside the 24-hour window; the web chat has none). */
export function windowOpen(conversation: ConversationState, now: Date): boolean {
  if (conversation.channel !== 'whatsapp' || !conversation.windowEndsAt) return true;
  return Date.parse(conversation.windowEndsAt) > now.getTime();
}

/** Who wrote a message, as the transcript says it. */
export function authorOf(message: ChatMessage, myId: string, nameOf: (id: string) => string): string {
  if (message.direction === 'in') return 'Kunde';
  if (message.by === 'auto') return 'Automatische Antwort';
  if (!message.by || message.by === myId) return 'Sie';
  return nameOf(message.by);
}

/** The refusal type the API named (`WHATSAPP_WINDOW_CLOSED`, `CONVERSATION_NOT_YOURS`, …), from any field of its answer. */
function refusalOf(error: ApiError): string {
  return `${error.message} ${JSON.stringify(error.body ?? {})}`;
}

/** The chat API's errors as German sentences; `nameOf` names a colleague. */
export function describeChatError(error: unknown, nameOf: (id: string) => string = (id) => id): string {
  if (error instanceof ApiError && (error.status === 409 || error.status === 403 || error.status === 422)) {
    const said = refusalOf(error);
    if (/WHATSAPP_WINDOW_CLOSED|24-hour window/i.test(said)) return 'Nicht gesendet: Das 24-Stunden-Fenster von WhatsApp ist abgelaufen. Freitext ist nicht mehr erlaubt, nur freigegebene Vorlagen.';
    if (/CONVERSATION_NOT_YOURS|not assigned to you|not (the caller's|yours)/i.test(said)) return 'Dieses Gespräch liegt nicht (mehr) bei Ihnen – es wurde übergeben oder neu zugewiesen.';
    if (/CONVERSATION_CLOSED|conversation is closed/i.test(said)) return 'Dieses Gespräch ist bereits abgeschlossen.';
    const offline = said.match(/agent (\S+) is not online/i);
    if (offline) return `${nameOf(offline[1] ?? '')} ist für Chats gerade nicht online. Übergeben können Sie nur an jemanden, der online ist.`;
  }
  return describeError(error, nameOf);
}
