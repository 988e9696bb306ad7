/**
 * `/chat`: the agents' chats (WhatsApp, web chat; issue 13). At the top the agent's presence
 * (Online / Pause / Offline); beside each other the list of my open conversations, read again
 * every 2 seconds (a new one is announced in a polite live region, without moving the focus), and
 * the chosen conversation (`?gespraech=<id>`): the WhatsApp window, a confidential-topic warning,
 * the customer's earlier conversations, the transcript, the reply box with Textbausteine, the
 * WhatsApp templates, linking the customer record, hand-over and close.
 */
import { useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Notice, Page } from '../../components';
import { useNow } from '../tasks/useNow';
import { useQueuePeople } from '../tasks/people';
import { useSession } from '../../session';
import { ChatOverview } from './ChatOverview';
import { TextModuleAdmin } from './TextModuleAdmin';
import { TakeNextExternal } from './ExternalCenter';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';
import { PresenceSwitch } from './PresenceSwitch';
import { CONVERSATIONS_KEY, REFRESH_MS, useConversations } from './useConversations';
import { customerLabel, describeChatError } from './labels';
import type { ChatMessage, ConversationState, MyConversations } from './types';

const SELECTED = 'gespraech';

export default function ChatPage() {
  const [params, setParams] = useSearchParams();
  const selectedId = params.get(SELECTED) ?? undefined;
  const queryClient = useQueryClient();
  // The window's end and "today" change by themselves.
  const now = useNow(5_000);
  const { nameOf } = useQueuePeople();
  const { user } = useSession();
  const { query, external, conversations, presence, announcement, markSeen, unreadOf } = useConversations(selectedId);
  const [outcome, setOutcome] = useState('');
  const listHeading = useRef<HTMLHeadingElement>(null);

  const inList = conversations.find((conversation) => conversation.conversationId === selectedId);
  // A conversation no longer mine (closed, handed over) or opened by a link: read on its own.
  const single = useQuery({
    queryKey: ['chat', 'conversation', selectedId],
    queryFn: ({ signal }) => api<ConversationState>(`/chat/conversations/${encodeURIComponent(selectedId ?? '')}`, { signal }),
    enabled: selectedId !== undefined && query.isSuccess && !inList,
    retry: false,
  });
  const selected = inList ?? (selectedId && !query.isPending ? single.data : undefined);

  // What is on screen counts as read (for the list's "neu" marker).
  useEffect(() => {
    if (inList) markSeen(inList);
  }, [inList, markSeen]);

  const deselect = (sentence: string) => {
    setParams({}, { replace: true });
    setOutcome(sentence);
    void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
    // The conversation's forms are gone: the focus goes to the list, not to the page's start.
    listHeading.current?.focus();
  };

  const sent = (message: ChatMessage) => {
    setOutcome('');
    queryClient.setQueryData<MyConversations>(CONVERSATIONS_KEY, (list) =>
      list
        ? {
            ...list,
            conversations: list.conversations.map((conversation) =>
              conversation.conversationId === selectedId && !conversation.messages.some((known) => known.id === message.id) ? { ...conversation, messages: [...conversation.messages, message] } : conversation,
            ),
          }
        : list,
    );
  };

  // The link shows at once, without waiting for the next read of the list (the form says it worked).
  const linked = (state: ConversationState) => {
    queryClient.setQueryData<MyConversations>(CONVERSATIONS_KEY, (list) =>
      list ? { ...list, conversations: list.conversations.map((conversation) => (conversation.conversationId === state.conversationId ? { ...conversation, customerId: state.customerId } : conversation)) } : list,
    );
    void queryClient.invalidateQueries({ queryKey: ['chat', 'conversation', state.conversationId] });
  };

  return (
    <Page title="Chats" intro="Ihre WhatsApp- und Web-Chat-Gespräche. Vertrauliche Anliegen gehören ans Telefon.">
      {user.roles.includes('supervisor') ? (
        <>
          <ChatOverview nameOf={nameOf} now={now} />
          <TextModuleAdmin />
        </>
      ) : null}
      <PresenceSwitch presence={presence} />
      {external ? (
        <TakeNextExternal
          topics={external.topics}
          onTaken={(state) => {
            if (!state) {
              setOutcome('Im externen Servicecenter wartet gerade kein Gespräch.');
              return;
            }
            setOutcome(`Sie haben das Gespräch mit ${customerLabel(state)} übernommen.`);
            setParams({ [SELECTED]: state.conversationId });
            void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
          }}
        />
      ) : null}
      <p className="feed-state">{query.isError ? `Die Gesprächsliste konnte nicht aktualisiert werden; neuer Versuch läuft. ${describeChatError(query.error)}` : `Die Liste aktualisiert sich alle ${REFRESH_MS / 1000} Sekunden von selbst.`}</p>
      <Notice kind="info">{announcement || null}</Notice>
      <Notice kind="success">{outcome || null}</Notice>
      {query.isPending ? <p role="status">Gespräche werden geladen …</p> : null}
      <div className="chat-layout">
        <ConversationList conversations={conversations} selected={selectedId} unreadOf={unreadOf} now={now} headingRef={listHeading} />
        <div className="chat-detail">
          {selected ? (
            <ConversationView
              key={selected.conversationId}
              conversation={selected}
              now={now}
              onSent={sent}
              onHandedOver={(toAgentId) => deselect(`Das Gespräch mit ${customerLabel(selected)} ist an ${nameOf(toAgentId)} übergeben.`)}
              onClosed={(state) => deselect(`Das Gespräch mit ${customerLabel(state)} ist abgeschlossen${state.topic ? ` (Thema: ${state.topic})` : ''}.`)}
              external={external !== undefined}
              onLinked={linked}
              onChanged={(state) => {
                if (state.agentId === undefined && state.queue === 'own') {
                  deselect(`Das Gespräch mit ${customerLabel(state)} ist an die Sparkasse zurückgegeben.`);
                  return;
                }
                if (state.queue === 'advisor' && state.agentId === undefined) {
                  deselect(`Das Gespräch mit ${customerLabel(state)} ist an ${state.advisor?.name ?? 'die Beraterin / den Berater'} übergeben.`);
                  return;
                }
                setOutcome(state.agentId !== undefined && state.queue === 'advisor' ? 'Sie haben das Gespräch übernommen.' : (state.notes?.at(-1) ?? ''));
                void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
                void queryClient.invalidateQueries({ queryKey: ['chat', 'conversation', state.conversationId] });
              }}
            />
          ) : selectedId && single.isError ? (
            <Notice kind="error">{describeChatError(single.error, nameOf)}</Notice>
          ) : selectedId && (single.isPending || query.isPending) ? (
            <p role="status">Das Gespräch wird geladen …</p>
          ) : conversations.length > 0 ? (
            <p className="chat-empty">Wählen Sie links ein Gespräch, um es zu lesen und zu beantworten.</p>
          ) : null}
        </div>
      </div>
    </Page>
  );
}
