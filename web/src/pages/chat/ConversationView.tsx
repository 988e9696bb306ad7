/**
 * One conversation: who and where, the WhatsApp window ("Freitext bis 14:32 möglich", or expired:
 * only approved templates), the confidential-topic warning, the transcript, and – while it is
 * mine and open – the reply box, hand-over and close.
 */
import { useQueuePeople } from '../tasks/people';
import { useSession } from '../../session';
import { CloseForm } from './CloseForm';
import { HandOverForm } from './HandOverForm';
import { ReplyForm } from './ReplyForm';
import { Transcript } from './Transcript';
import { CHANNEL_LABELS, confidentialTopicLabel, customerLabel, overflowLabel, whenLabel, windowOpen } from './labels';
import type { ChatMessage, ConversationState } from './types';

export const WINDOW_CLOSED_TEXT = '24-Stunden-Fenster abgelaufen – nur freigegebene Vorlagen';

function WindowNotice({ conversation, now }: { conversation: ConversationState; now: Date }) {
  if (conversation.channel !== 'whatsapp') return null;
  const open = windowOpen(conversation, now);
  return (
    // A status: the change from open to expired (or a new customer message extending it) is announced.
    <div className={`chat-window ${open ? 'chat-window-open' : 'chat-window-closed'}`} role="status">
      {!conversation.windowEndsAt ? (
        <p>Noch keine Nachricht des Kunden: Freitext ist erst nach seiner Nachricht möglich.</p>
      ) : open ? (
        <p>
          <strong>Freitext bis {whenLabel(conversation.windowEndsAt, now)} möglich</strong>
          <span className="chat-window-why"> (24 Stunden nach der letzten Nachricht des Kunden)</span>
        </p>
      ) : (
        <p>
          <strong>
            <span aria-hidden="true">⚠ </span>
            {WINDOW_CLOSED_TEXT}
          </strong>
          <span className="chat-window-why"> (seit {whenLabel(conversation.windowEndsAt, now)})</span>
        </p>
      )}
    </div>
  );
}

function ConfidentialWarning({ topics }: { topics: string[] }) {
  if (topics.length === 0) return null;
  return (
    <div className="chat-confidential">
      <p>
        <strong>
          <span aria-hidden="true">⚠ </span>Vertrauliches Anliegen: {topics.map(confidentialTopicLabel).join(', ')}
        </strong>{' '}
        – bitte aufs Telefon umleiten oder Rückruf anbieten. Keine Aufträge, PIN, TAN oder Kontodaten über den Chat.
      </p>
    </div>
  );
}

export function ConversationView({
  conversation,
  now,
  onSent,
  onHandedOver,
  onClosed,
}: {
  conversation: ConversationState;
  now: Date;
  onSent(message: ChatMessage): void;
  onHandedOver(toAgentId: string): void;
  onClosed(state: ConversationState): void;
}) {
  const { user } = useSession();
  const { nameOf } = useQueuePeople();
  const titleId = 'chat-conversation-title';
  const mine = conversation.status === 'open' && conversation.agentId === user.id;
  const open = windowOpen(conversation, now);
  return (
    <section className="chat-conversation" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {CHANNEL_LABELS[conversation.channel]}: {customerLabel(conversation)}
      </h2>
      <dl className="facts chat-facts">
        <dt>Kanal</dt>
        <dd>{CHANNEL_LABELS[conversation.channel]}</dd>
        <dt>Kunde (Pseudonym)</dt>
        <dd className="chat-ref">{conversation.customerRef}</dd>
        {conversation.customerId ? (
          <>
            <dt>Kundennummer</dt>
            <dd>{conversation.customerId}</dd>
          </>
        ) : null}
        {conversation.queue === 'external' ? (
          <>
            <dt>Warteschlange</dt>
            <dd>Externes Servicecenter{conversation.overflowReason ? ` (${overflowLabel(conversation.overflowReason)})` : ''}</dd>
          </>
        ) : null}
        {conversation.status === 'closed' ? (
          <>
            <dt>Status</dt>
            <dd>
              abgeschlossen{conversation.topic ? `, Thema: ${conversation.topic}` : ''}
              {conversation.closedBy ? ` (von ${conversation.closedBy === 'system' ? 'System, ohne Nachricht' : nameOf(conversation.closedBy)})` : ''}
            </dd>
          </>
        ) : conversation.agentId && conversation.agentId !== user.id ? (
          <>
            <dt>Bearbeitet von</dt>
            <dd>{nameOf(conversation.agentId)}</dd>
          </>
        ) : null}
      </dl>
      {conversation.status === 'open' ? <WindowNotice conversation={conversation} now={now} /> : null}
      <ConfidentialWarning topics={conversation.confidentialTopics} />
      <h3 className="visually-hidden" id="chat-transcript-title">
        Verlauf
      </h3>
      <Transcript messages={conversation.messages} myId={user.id} nameOf={nameOf} now={now} labelledBy="chat-transcript-title" />
      {mine ? (
        <>
          <ReplyForm conversationId={conversation.conversationId} closedWindowText={open ? undefined : `${WINDOW_CLOSED_TEXT}: Freitext darf nicht mehr gesendet werden.`} onSent={onSent} />
          <div className="chat-actions">
            <HandOverForm conversationId={conversation.conversationId} onDone={onHandedOver} />
            <CloseForm conversationId={conversation.conversationId} onDone={onClosed} />
          </div>
        </>
      ) : conversation.status === 'open' ? (
        <p className="meta">Dieses Gespräch liegt nicht bei Ihnen: Antworten, Übergeben und Abschließen kann nur, wer es bearbeitet.</p>
      ) : null}
    </section>
  );
}
