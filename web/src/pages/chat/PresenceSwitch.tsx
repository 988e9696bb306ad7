/**
 * The agent's chat presence (`PUT /chat/presence`): Online, Pause, Offline as three toggle buttons
 * (one pressed). Buttons, not radio buttons: arrowing through a radio group would switch the
 * presence on every step, and each switch is a real change in who gets conversations.
 */
import { useId, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { Notice } from '../../components';
import { CONVERSATIONS_KEY } from './useConversations';
import { describeChatError, PRESENCE_LABELS, PRESENCE_MEANING } from './labels';
import type { MyConversations, Presence, PresenceAnswer } from './types';

const ORDER: Presence[] = ['online', 'away', 'offline'];

export function PresenceSwitch({ presence }: { presence: Presence | undefined }) {
  const id = useId();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<Presence | null>(null);
  const [problem, setProblem] = useState('');
  const [done, setDone] = useState('');
  const [cap, setCap] = useState<number>();

  const change = async (next: Presence) => {
    if (busy) return;
    setBusy(next);
    setProblem('');
    setDone('');
    try {
      const answer = await api<PresenceAnswer>('/chat/presence', { method: 'PUT', body: { presence: next } });
      setCap(answer.cap);
      // A read of the list that started before the change would show the old presence again.
      await queryClient.cancelQueries({ queryKey: CONVERSATIONS_KEY });
      queryClient.setQueryData<MyConversations>(CONVERSATIONS_KEY, (list) => (list ? { ...list, presence: answer.presence } : list));
      setDone(`Ihr Chat-Status: ${PRESENCE_LABELS[answer.presence]}.`);
      void queryClient.invalidateQueries({ queryKey: CONVERSATIONS_KEY });
    } catch (error) {
      setProblem(`Der Status wurde nicht geändert. ${describeChatError(error)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="chat-presence" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="chat-presence-title">
        Ihr Chat-Status
      </h2>
      <div className="chat-presence-buttons" role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-meaning`}>
        {ORDER.map((value) => (
          <button
            key={value}
            type="button"
            className={`button chat-presence-button chat-presence-${value}${presence === value ? ' chat-presence-current' : ''}`}
            aria-pressed={presence === value}
            // Not `disabled`: the focus stays on the button pressed while the request runs.
            aria-disabled={busy !== null || undefined}
            aria-busy={busy === value || undefined}
            onClick={() => void change(value)}
          >
            {PRESENCE_LABELS[value]}
          </button>
        ))}
      </div>
      <p id={`${id}-meaning`} className="meta">
        {presence ? `${PRESENCE_MEANING[presence]}${presence === 'online' && cap ? ` Höchstens ${cap} Gespräche gleichzeitig.` : ''}` : 'Status wird geladen …'}
      </p>
      <Notice kind="success">{done || null}</Notice>
      <Notice kind="error">{problem || null}</Notice>
    </section>
  );
}
