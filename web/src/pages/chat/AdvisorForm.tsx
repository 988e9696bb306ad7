/**
 * An den Berater übergeben: hands the conversation to the customer's advisor (by the customer
 * number, from core banking) or to a named advisor (`POST …/advisor`). The server decides: the
 * advisor when present, the deputy when the advisor is away, otherwise it stays here with a note.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Button, Notice, TextField } from '../../components';
import { describeChatError } from './labels';
import type { ConversationState } from './types';

export function AdvisorForm({ conversationId, onDone }: { conversationId: string; onDone(state: ConversationState): void }) {
  const id = useId();
  const [customerId, setCustomerId] = useState('');
  const [advisorId, setAdvisorId] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const customer = customerId.trim();
    const advisor = advisorId.trim();
    setProblem('');
    if (customer === '' && advisor === '') {
      setError('Bitte die Kundennummer oder die Kennung der Beraterin / des Beraters angeben.');
      return;
    }
    setError('');
    setBusy(true);
    try {
      const body = { ...(customer ? { customerId: customer } : {}), ...(advisor ? { advisorId: advisor } : {}) };
      onDone(await api<ConversationState>(`/chat/conversations/${encodeURIComponent(conversationId)}/advisor`, { method: 'POST', body }));
    } catch (failure) {
      setProblem(describeChatError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="chat-action" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>An Berater/in übergeben</h3>
      <Notice kind="error">{problem || null}</Notice>
      <TextField label="Kundennummer" name="berater-kunde" value={customerId} onChange={setCustomerId} error={error || undefined} hint="Die Beraterin / der Berater des Kunden laut Kernbanksystem." />
      <TextField label="Oder Kennung der Beraterin / des Beraters" name="berater-kennung" value={advisorId} onChange={setAdvisorId} hint="Ist sie oder er abwesend, geht das Gespräch an die Vertretung." />
      <Button type="submit" variant="secondary" busy={busy}>
        An Berater/in übergeben
      </Button>
    </form>
  );
}
