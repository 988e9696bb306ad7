/**
 * A conversation's transcript: the customer's messages left, ours right, automatic replies marked
 * "automatisch". A `log` live region: a screen reader reads a new message as it arrives (politely),
 * not the whole transcript again; the caller keys it by conversation, so switching conversations
 * starts a fresh region instead of announcing the other transcript. An earlier conversation's
 * transcript (`live={false}`) is a named group instead: nothing arrives there any more.
 */
import { messageTimeLabel, authorOf } from './labels';
import type { ChatMessage } from './types';

export function Transcript({ messages, myId, nameOf, now, labelledBy, live = true }: { messages: ChatMessage[]; myId: string; nameOf(id: string): string; now: Date; labelledBy: string; live?: boolean }) {
  return (
    // Focusable: the transcript scrolls, and keyboard users must be able to scroll it.
    <div className="chat-transcript" role={live ? 'log' : 'group'} aria-labelledby={labelledBy} tabIndex={0}>
      {messages.length === 0 ? (
        <p className="meta">Noch keine Nachrichten.</p>
      ) : (
        <ol className="chat-messages">
          {messages.map((message) => {
            const auto = message.direction === 'out' && message.by === 'auto';
            return (
              <li key={message.id} className={`chat-message chat-message-${message.direction}${auto ? ' chat-message-auto' : ''}`}>
                <p className="chat-message-meta">
                  <span className="chat-message-author">{authorOf(message, myId, nameOf)}</span>
                  {auto ? <span className="badge chat-auto">automatisch</span> : null}
                  {message.failed ? <span className="badge chat-failed">nicht zugestellt{message.failed === 'WHATSAPP_WINDOW_CLOSED' ? ' (24-Stunden-Fenster abgelaufen)' : ''}</span> : null}
                  <time dateTime={message.at}>{messageTimeLabel(message.at, now)}</time>
                </p>
                <p className="chat-message-text">{message.text}</p>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
