/**
 * My open conversations (`GET /chat/conversations`), read again every 2 seconds: a new
 * conversation appears by itself and is announced in a polite live region; so is a customer's
 * message in a conversation the agent is not looking at. What the agent has read is kept per
 * conversation (the count of messages seen), for the list's "neu" marker.
 */
import { useCallback, useRef, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { customerLabel, CHANNEL_LABELS } from './labels';
import type { ConversationState, MyConversations } from './types';

/** How often the list is read again. */
export const REFRESH_MS = 2_000;

export const CONVERSATIONS_KEY = ['chat', 'conversations'] as const;

/** A sentence's end: no full stop after the shortened pseudonym's ellipsis. */
const ended = (text: string) => (text.endsWith('…') ? text : `${text}.`);

/** What changed between two reads, in one sentence for the live region; nothing on the first read. */
function announcementOf(before: Map<string, number> | undefined, now: ConversationState[], selected: string | undefined): string | undefined {
  if (!before) return undefined;
  const fresh = now.filter((conversation) => !before.has(conversation.conversationId));
  if (fresh.length === 1) return ended(`Neues Gespräch: ${CHANNEL_LABELS[fresh[0]!.channel]}, ${customerLabel(fresh[0]!)}`);
  if (fresh.length > 1) return `${fresh.length} neue Gespräche.`;
  const written = now.filter((conversation) => {
    const count = before.get(conversation.conversationId) ?? 0;
    return conversation.conversationId !== selected && conversation.messages.slice(count).some((message) => message.direction === 'in');
  });
  if (written.length === 1) return ended(`Neue Nachricht von ${customerLabel(written[0]!)}`);
  if (written.length > 1) return `Neue Nachrichten in ${written.length} Gesprächen.`;
  return undefined;
}

export function useConversations(selected: string | undefined) {
  const [announcement, setAnnouncement] = useState('');
  /** Message counts per conversation at the last read. */
  const counts = useRef<Map<string, number> | undefined>(undefined);
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  /** Message counts the agent has seen per conversation (shown, or left after reading). */
  const [seen, setSeen] = useState<Record<string, number>>({});

  const query = useQuery({
    queryKey: CONVERSATIONS_KEY,
    queryFn: async ({ signal }) => {
      const answer = await api<MyConversations>('/chat/conversations', { signal });
      const sentence = announcementOf(counts.current, answer.conversations, selectedRef.current);
      if (sentence) setAnnouncement(sentence);
      counts.current = new Map(answer.conversations.map((conversation) => [conversation.conversationId, conversation.messages.length]));
      return answer;
    },
    refetchInterval: REFRESH_MS,
    // The list must stay current while the agent types elsewhere.
    refetchIntervalInBackground: true,
    staleTime: 0,
  });
  const conversations = query.data?.conversations ?? [];

  /** Marks `conversation` as read up to its current last message. */
  const markSeen = useCallback((conversation: ConversationState | undefined) => {
    if (!conversation) return;
    setSeen((before) => (before[conversation.conversationId] === conversation.messages.length ? before : { ...before, [conversation.conversationId]: conversation.messages.length }));
  }, []);

  /** Customer messages the agent has not seen yet (none in the conversation on screen). */
  const unreadOf = (conversation: ConversationState): number =>
    conversation.conversationId === selected ? 0 : conversation.messages.slice(seen[conversation.conversationId] ?? 0).filter((message) => message.direction === 'in').length;

  return { query, conversations, presence: query.data?.presence, external: query.data?.external, announcement, setAnnouncement, markSeen, unreadOf };
}
