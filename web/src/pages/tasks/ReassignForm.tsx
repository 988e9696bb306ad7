/**
 * Reassignment for supervisors: another queue and/or another person (or nobody: back to the
 * queue). The API knows which queues and people exist and says so with a 422 naming the field.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { describeError, fieldErrors } from '../../api/errors';
import { Button, Notice, RadioGroup, SelectField } from '../../components';
import { useSession } from '../../session';
import { queueLabel } from './labels';
import { useQueuePeople } from './people';
import type { Task } from './types';

export function ReassignForm({ task, onDone }: { task: Task; onDone(task: Task): void }) {
  const id = useId();
  const { user } = useSession();
  const [queue, setQueue] = useState(task.queue);
  const [who, setWho] = useState<'same' | 'nobody' | 'person'>('same');
  const [person, setPerson] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const known = useQueuePeople();
  // The queues the API knows (a supervisor's: all); the task's own always, and the user's while it loads.
  const queues = Array.from(new Set([task.queue, ...(known.queues.length > 0 ? known.queues.map((entry) => entry.queue) : user.queues)]));
  const people = known.queues.find((entry) => entry.queue === queue)?.people ?? [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (who === 'person' && person.trim() === '') {
      setErrors({ assignee: 'Bitte eine Person auswählen.' });
      return;
    }
    const body = {
      ...(queue !== task.queue ? { queue } : {}),
      ...(who === 'nobody' ? { assignee: null } : who === 'person' ? { assignee: person.trim() } : {}),
    };
    if (Object.keys(body).length === 0) {
      setErrors({ queue: 'Bitte eine andere Warteschlange oder eine Person wählen.' });
      return;
    }
    setErrors({});
    setProblem('');
    setBusy(true);
    try {
      onDone(await api<Task>(`/tasks/${encodeURIComponent(task.id)}/reassign`, { method: 'POST', body }));
      setWho('same');
      setPerson('');
    } catch (error) {
      const fields = fieldErrors(error);
      if (error instanceof ApiError && Object.keys(fields).length > 0) {
        setErrors(Object.fromEntries(Object.entries(fields).map(([field, message]) => [field, `Nicht angenommen: ${message}`])));
      }
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Neu zuweisen</h2>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Notice kind="error">{problem || null}</Notice>
        <SelectField label="Warteschlange" name="queue" value={queue} onChange={setQueue} options={queues.map((value) => ({ value, label: queueLabel(value) }))} error={errors.queue} />
        <RadioGroup
          label="Zuständig"
          name="who"
          value={who}
          onChange={(value) => setWho(value as typeof who)}
          options={[
            { value: 'same', label: 'unverändert' },
            { value: 'nobody', label: 'niemand (zurück in die Warteschlange)' },
            { value: 'person', label: 'eine bestimmte Person' },
          ]}
        />
        {who === 'person' ? (
          <SelectField
            label="Person"
            name="assignee"
            value={person}
            onChange={setPerson}
            error={errors.assignee}
            hint={`Wer die Warteschlange ${queueLabel(queue)} bearbeitet.`}
            required
            options={[{ value: '', label: 'bitte wählen' }, ...people.map((candidate) => ({ value: candidate.id, label: candidate.name }))]}
          />
        ) : errors.assignee ? (
          <p className="field-error">{errors.assignee}</p>
        ) : null}
        <Button type="submit" variant="secondary" busy={busy}>
          Neu zuweisen
        </Button>
      </form>
    </section>
  );
}
