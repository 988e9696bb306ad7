/**
 * For the external service center's agents (Reaktions-Struktur-Konzept): take the oldest waiting
 * conversation (`POST /chat/external/next`), and give back what they may not answer
 * (`POST …/hand-back` with a note) to the bank's own center.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { Button, Notice, TextField } from '../../components';
import { describeChatError } from './labels';
import type { ConversationState } from './types';

export function TakeNextExternal({ topics, onTaken }: { topics: string[]; onTaken(state: ConversationState | undefined): void }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState('');
  const take = async () => {
    setBusy(true);
    setProblem('');
    try {
      onTaken(await api<ConversationState | undefined>('/chat/external/next', { method: 'POST' }));
    } catch (failure) {
      setProblem(describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="chat-external">
      <p>
        Externes Servicecenter: Sie beantworten die Themen <strong>{topics.join(', ')}</strong>; alles andere geben Sie an die Sparkasse zurück.
      </p>
      <Notice kind="error">{problem || null}</Notice>
      <Button type="button" busy={busy} onClick={() => void take()}>
        Nächstes wartendes Gespräch übernehmen
      </Button>
    </div>
  );
}

export function HandBackForm({ conversationId, onDone }: { conversationId: string; onDone(state: ConversationState): void }) {
  const id = useId();
  const [note, setNote] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem('');
    if (!note.trim()) {
      setError('Bitte kurz notieren, worum es geht.');
      return;
    }
    setError('');
    setBusy(true);
    try {
      onDone(await api<ConversationState>(`/chat/conversations/${encodeURIComponent(conversationId)}/hand-back`, { method: 'POST', body: { note: note.trim() } }));
    } catch (failure) {
      setProblem(failure instanceof ApiError && failure.status === 409 && /OWN_CENTER_CLOSED/.test(JSON.stringify(failure.body ?? {})) ? 'Die Sparkasse ist gerade nicht besetzt: bitte selbst antworten oder das Gespräch offen lassen.' : describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="chat-action" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>An die Sparkasse zurückgeben</h3>
      <Notice kind="error">{problem || null}</Notice>
      <TextField label="Notiz für die Sparkasse" name="zurueck-notiz" value={note} onChange={setNote} error={error || undefined} maxLength={500} required />
      <Button type="submit" variant="secondary" busy={busy}>
        Zurückgeben
      </Button>
    </form>
  );
}
