/**
 * One conversation: who and where (with the linked customer's name), the WhatsApp window
 * ("Freitext bis 14:32 möglich", or expired: only approved templates), the confidential-topic
 * warning, the customer's earlier conversations, the transcript, and – while it is mine and open –
 * the reply box, the template picker (WhatsApp; first when the window has closed), linking the
 * customer record, hand-over and close.
 */
import { useQueuePeople } from '../tasks/people';
import { useSession } from '../../session';
import { useState } from 'react';
import { api } from '../../api/client';
import { Button, Notice } from '../../components';
import { AdvisorForm } from './AdvisorForm';
import { HandBackForm } from './ExternalCenter';
import { CloseForm } from './CloseForm';
import { ConversationHistory } from './ConversationHistory';
import { CustomerLinkForm } from './CustomerLinkForm';
import { HandOverForm } from './HandOverForm';
import { LinkedCustomerFacts } from './LinkedCustomer';
import { ReplyForm } from './ReplyForm';
import { TemplateForm } from './TemplateForm';
import { Transcript } from './Transcript';
import { CHANNEL_LABELS, confidentialTopicLabel, customerLabel, describeChatError, overflowLabel, whenLabel, windowOpen } from './labels';
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

/** Taking a conversation handed to an advisor of one of my queues (branch staff). */
function TakeButton({ conversationId, onTaken }: { conversationId: string; onTaken(state: ConversationState): void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const take = async () => {
    setBusy(true);
    setProblem('');
    try {
      onTaken(await api<ConversationState>(`/chat/conversations/${encodeURIComponent(conversationId)}/take`, { method: 'POST' }));
    } catch (failure) {
      setProblem(describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="chat-take">
      <Notice kind="error">{problem || null}</Notice>
      <Button type="button" busy={busy} onClick={() => void take()}>
        Gespräch übernehmen
      </Button>
    </div>
  );
}

export function ConversationView({
  conversation,
  now,
  onSent,
  onHandedOver,
  onClosed,
  onChanged,
  onLinked,
  external = false,
}: {
  conversation: ConversationState;
  now: Date;
  onSent(message: ChatMessage): void;
  onHandedOver(toAgentId: string): void;
  onClosed(state: ConversationState): void;
  /** The conversation changed in place (handed to an advisor, taken, handed back). */
  onChanged(state: ConversationState): void;
  /** The conversation was linked to a customer record ("Kunde zuordnen"). */
  onLinked(state: ConversationState): void;
  /** The viewer works for the external service center: they hand back instead of handing over. */
  external?: boolean;
}) {
  const { user } = useSession();
  const { nameOf } = useQueuePeople();
  const titleId = 'chat-conversation-title';
  const mine = conversation.status === 'open' && conversation.agentId === user.id;
  const offeredToMe = conversation.status === 'open' && conversation.agentId === undefined && conversation.advisor !== undefined && user.queues.includes(conversation.advisor.queue);
  const open = windowOpen(conversation, now);
  const whatsapp = conversation.channel === 'whatsapp';
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
          // The external service center sees a number only when allowed, and never the console.
          <LinkedCustomerFacts customerId={conversation.customerId} withName={!external} withConsole={!external && user.roles.includes('agent')} />
        ) : null}
        {conversation.queue === 'external' ? (
          <>
            <dt>Warteschlange</dt>
            <dd>Externes Servicecenter{conversation.overflowReason ? ` (${overflowLabel(conversation.overflowReason)})` : ''}</dd>
          </>
        ) : null}
        {conversation.advisor ? (
          <>
            <dt>Bei Berater/in</dt>
            <dd>
              {conversation.advisor.name}
              {conversation.advisor.deputyFor ? ` (Vertretung für ${conversation.advisor.deputyFor})` : ''}
              {conversation.agentId === undefined ? `, wartet bis ${whenLabel(conversation.advisor.until, now)} auf Übernahme` : ''}
            </dd>
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
      {conversation.notes && conversation.notes.length > 0 ? (
        <div className="chat-notes">
          <h3>Hinweise</h3>
          <ul>
            {conversation.notes.map((note, index) => (
              <li key={index}>{note}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {conversation.status === 'open' ? <WindowNotice conversation={conversation} now={now} /> : null}
      <ConfidentialWarning topics={conversation.confidentialTopics} />
      <ConversationHistory conversation={conversation} now={now} />
      {/* Visible: below the earlier conversations, this one's transcript must not look like one of them. */}
      <h3 className="chat-transcript-title" id="chat-transcript-title">
        Verlauf
      </h3>
      <Transcript messages={conversation.messages} myId={user.id} nameOf={nameOf} now={now} labelledBy="chat-transcript-title" />
      {mine ? (
        <>
          {whatsapp && !open ? <TemplateForm conversationId={conversation.conversationId} windowClosed onSent={onSent} /> : null}
          <ReplyForm conversationId={conversation.conversationId} closedWindowText={open ? undefined : `${WINDOW_CLOSED_TEXT}: Freitext darf nicht mehr gesendet werden.`} onSent={onSent} />
          {whatsapp && open ? (
            // Inside the window free text is the usual answer: the templates stay one click away.
            <details className="chat-template-more">
              <summary>Freigegebene WhatsApp-Vorlage senden</summary>
              <TemplateForm conversationId={conversation.conversationId} windowClosed={false} onSent={onSent} />
            </details>
          ) : null}
          <div className="chat-actions">
            {external ? (
              <HandBackForm conversationId={conversation.conversationId} onDone={onChanged} />
            ) : (
              <>
                <HandOverForm conversationId={conversation.conversationId} onDone={onHandedOver} />
                <AdvisorForm conversationId={conversation.conversationId} onDone={onChanged} />
              </>
            )}
            {external ? null : <CustomerLinkForm conversationId={conversation.conversationId} linkedId={conversation.customerId} onLinked={onLinked} />}
            <CloseForm conversationId={conversation.conversationId} onDone={onClosed} />
          </div>
        </>
      ) : offeredToMe ? (
        <TakeButton conversationId={conversation.conversationId} onTaken={onChanged} />
      ) : conversation.status === 'open' ? (
        <p className="meta">Dieses Gespräch liegt nicht bei Ihnen: Antworten, Übergeben und Abschließen kann nur, wer es bearbeitet.</p>
      ) : null}
    </section>
  );
}
