/**
 * Frühere Gespräche: the customer's earlier, closed conversations (`GET …/history`, newest first,
 * at most 20), found by the same pseudonym and, once linked, by the customer number; each one
 * collapsed to its date, channel, topic and who closed it, its transcript a click away.
 *
 * Every read of the history is on the audit record, so it is read when the conversation is opened
 * and again when a link to a customer can find more, never on the page's 2-second refresh.
 */
import { useId } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Notice } from '../../components';
import { dateTime } from '../../format';
import { useSession } from '../../session';
import { useQueuePeople } from '../tasks/people';
import { CHANNEL_LABELS, describeChatError } from './labels';
import { Transcript } from './Transcript';
import type { ConversationState, EarlierConversation } from './types';

/** Who closed it, as a person reads it. */
function closedByLabel(closedBy: string, myId: string, nameOf: (id: string) => string): string {
  if (closedBy === 'system') return 'System';
  return closedBy === myId ? 'Ihnen' : nameOf(closedBy);
}

function EarlierEntry({ entry, now }: { entry: EarlierConversation; now: Date }) {
  const id = useId();
  const { user } = useSession();
  const { nameOf } = useQueuePeople();
  return (
    <details className="chat-history-entry">
      <summary id={`${id}-summary`}>
        <time dateTime={entry.closedAt}>{dateTime(entry.closedAt)}</time> · {CHANNEL_LABELS[entry.channel] ?? entry.channel} · {entry.topic ? `Thema: ${entry.topic}` : 'ohne Thema'} · abgeschlossen von{' '}
        {closedByLabel(entry.closedBy, user.id, nameOf)}
        {entry.customerId ? ` · ${entry.customerId}` : ''}
      </summary>
      <Transcript messages={entry.messages} myId={user.id} nameOf={nameOf} now={now} labelledBy={`${id}-summary`} live={false} />
    </details>
  );
}

/** The section "Frühere Gespräche" of `conversation`. */
export function ConversationHistory({ conversation, now }: { conversation: ConversationState; now: Date }) {
  const id = useId();
  const { conversationId, customerId } = conversation;
  const history = useQuery({
    // The customer number in the key: a new link reads again (it can find conversations on other channels).
    queryKey: ['chat', 'history', conversationId, customerId ?? ''],
    // No abort signal: a read React drops on a quick remount (StrictMode in development) is not
    // cancelled and asked again; the remount joins it, so one opening is one read on the record.
    queryFn: () => api<{ conversations: EarlierConversation[] }>(`/chat/conversations/${encodeURIComponent(conversationId)}/history`),
    staleTime: Infinity,
    refetchOnMount: 'always',
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  // A closed conversation's own transcript is stored too: it is on screen already, not "earlier".
  const earlier = (history.data?.conversations ?? []).filter(
    (entry) => !(conversation.status === 'closed' && entry.conversationId === conversationId && conversation.messages.some((message) => message.id === entry.messages[0]?.id)),
  );
  return (
    <section className="chat-history" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Frühere Gespräche{history.data ? ` (${earlier.length})` : ''}</h3>
      {history.isPending ? (
        <p className="meta">Frühere Gespräche werden geladen …</p>
      ) : history.isError ? (
        <Notice kind="error">{`Die früheren Gespräche konnten nicht geladen werden. ${describeChatError(history.error)}`}</Notice>
      ) : earlier.length === 0 ? (
        <p className="meta">{customerId ? 'Keine früheren Gespräche dieses Kunden.' : 'Keine früheren Gespräche unter diesem Pseudonym. Ist der Kunde zugeordnet, finden sich auch seine Gespräche auf anderen Kanälen.'}</p>
      ) : (
        <ol className="chat-history-list">
          {earlier.map((entry) => (
            <li key={`${entry.conversationId}~${entry.closedAt}`}>
              <EarlierEntry entry={entry} now={now} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
