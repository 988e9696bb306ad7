/** Closes the conversation with its topic (`POST …/close`), e.g. "Kartensperre" or "Terminwunsch". */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Button, Notice, TextField } from '../../components';
import { describeChatError } from './labels';
import type { ConversationState } from './types';

export function CloseForm({ conversationId, onDone }: { conversationId: string; onDone(state: ConversationState): void }) {
  const id = useId();
  const [topic, setTopic] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = topic.trim();
    setProblem('');
    if (value === '') {
      setError('Bitte das Thema des Gesprächs angeben.');
      return;
    }
    setError('');
    setBusy(true);
    try {
      onDone(await api<ConversationState>(`/chat/conversations/${encodeURIComponent(conversationId)}/close`, { method: 'POST', body: { topic: value } }));
    } catch (failure) {
      setProblem(describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="chat-action" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>Abschließen</h3>
      <Notice kind="error">{problem || null}</Notice>
      <TextField label="Thema des Gesprächs" name="thema" value={topic} onChange={setTopic} error={error || undefined} hint="Zum Beispiel: Kartensperre, Terminwunsch, Kontoauszug." maxLength={200} required />
      <Button type="submit" variant="danger" busy={busy}>
        Gespräch abschließen
      </Button>
    </form>
  );
}
