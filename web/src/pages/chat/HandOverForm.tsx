/**
 * Chatübergabe: hands the conversation to a colleague (`POST …/handover`), chosen by name from the
 * people of my queues, or by their id. The router takes only colleagues who are online for chats;
 * its refusal reads as a sentence.
 */
import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Button, Notice, SelectField, TextField } from '../../components';
import { useSession } from '../../session';
import { useQueuePeople } from '../tasks/people';
import { describeChatError } from './labels';

const OTHER = '__andere__';

export function HandOverForm({ conversationId, onDone }: { conversationId: string; onDone(toAgentId: string): void }) {
  const id = useId();
  const { user } = useSession();
  const { queues, nameOf } = useQueuePeople();
  const colleagues = Array.from(new Map(queues.flatMap((entry) => entry.people).filter((person) => person.id !== user.id).map((person) => [person.id, person])).values()).sort((a, b) =>
    a.name.localeCompare(b.name, 'de'),
  );
  const [choice, setChoice] = useState('');
  const [other, setOther] = useState('');
  const [error, setError] = useState('');
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  // Without a list of colleagues, the id is typed.
  const typed = colleagues.length === 0 || choice === OTHER;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const toAgentId = (typed ? other : choice).trim();
    setProblem('');
    if (toAgentId === '') {
      setError(typed ? 'Bitte die Kennung der Kollegin oder des Kollegen eingeben.' : 'Bitte eine Kollegin oder einen Kollegen wählen.');
      return;
    }
    if (toAgentId === user.id) {
      setError('Das Gespräch liegt bereits bei Ihnen. Bitte jemand anderen wählen.');
      return;
    }
    setError('');
    setBusy(true);
    try {
      await api<unknown>(`/chat/conversations/${encodeURIComponent(conversationId)}/handover`, { method: 'POST', body: { toAgentId } });
      onDone(toAgentId);
    } catch (failure) {
      setProblem(describeChatError(failure, nameOf));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="chat-action" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>Übergeben</h3>
      <Notice kind="error">{problem || null}</Notice>
      {colleagues.length > 0 ? (
        <SelectField
          label="An Kollegin / Kollegen"
          name="uebergabe-an"
          value={choice}
          onChange={(value) => {
            setChoice(value);
            setError('');
          }}
          error={choice === OTHER ? undefined : error || undefined}
          hint="Nur wer für Chats online ist, kann übernehmen."
          required
          options={[{ value: '', label: 'Bitte wählen' }, ...colleagues.map((person) => ({ value: person.id, label: person.name })), { value: OTHER, label: 'Andere Kennung eingeben …' }]}
        />
      ) : null}
      {typed ? (
        <TextField label="Kennung der Kollegin / des Kollegen" name="uebergabe-kennung" value={other} onChange={setOther} error={error || undefined} hint={colleagues.length === 0 ? 'Nur wer für Chats online ist, kann übernehmen.' : undefined} required />
      ) : null}
      <Button type="submit" variant="secondary" busy={busy}>
        Übergeben
      </Button>
    </form>
  );
}
