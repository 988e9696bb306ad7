/**
 * My open conversations: channel, the customer's shortened pseudonym, the last message's time and
 * a "neu" marker for unread customer messages. Each is a link to `?gespraech=<id>`, so the chosen
 * conversation survives a reload; the one shown carries `aria-current`.
 */
import type { Ref } from 'react';
import { Link } from 'react-router';
import { CHANNEL_LABELS, customerLabel, lastMessageOf, messageTimeLabel } from './labels';
import type { ConversationState } from './types';

export function conversationLink(conversationId: string): string {
  return `/chat?gespraech=${encodeURIComponent(conversationId)}`;
}

export function ConversationList({
  conversations,
  selected,
  unreadOf,
  now,
  headingRef,
}: {
  conversations: ConversationState[];
  selected: string | undefined;
  unreadOf(conversation: ConversationState): number;
  now: Date;
  headingRef: Ref<HTMLHeadingElement>;
}) {
  const sorted = [...conversations].sort((a, b) => Date.parse(lastMessageOf(b)?.at ?? '') - Date.parse(lastMessageOf(a)?.at ?? ''));
  return (
    <section className="chat-list" aria-labelledby="chat-list-title">
      <h2 id="chat-list-title" ref={headingRef} tabIndex={-1}>
        Meine Gespräche ({conversations.length})
      </h2>
      {sorted.length === 0 ? (
        <p className="meta">Keine offenen Gespräche. Neue erscheinen hier von selbst, solange Sie online sind.</p>
      ) : (
        <ul className="chat-list-items" aria-labelledby="chat-list-title">
          {sorted.map((conversation) => {
            const last = lastMessageOf(conversation);
            const unread = unreadOf(conversation);
            const current = conversation.conversationId === selected;
            return (
              <li key={conversation.conversationId} className={`chat-list-item${current ? ' chat-list-item-current' : ''}${unread > 0 ? ' chat-list-item-unread' : ''}`}>
                <Link to={conversationLink(conversation.conversationId)} aria-current={current ? 'true' : undefined} replace>
                  <span className="chat-list-who">
                    <span className={`chat-channel chat-channel-${conversation.channel}`}>{CHANNEL_LABELS[conversation.channel]}</span> {customerLabel(conversation)}
                  </span>
                  <span className="chat-list-when">
                    {last ? (
                      <>
                        letzte Nachricht <time dateTime={last.at}>{messageTimeLabel(last.at, now)}</time>
                      </>
                    ) : (
                      'noch keine Nachricht'
                    )}
                  </span>
                  {unread > 0 ? <span className="badge badge-warn chat-unread">{unread === 1 ? '1 neue Nachricht' : `${unread} neue Nachrichten`}</span> : null}
                  {conversation.confidentialTopics.length > 0 ? <span className="badge badge-bad">vertraulich</span> : null}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
