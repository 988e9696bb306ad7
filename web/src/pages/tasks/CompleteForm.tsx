/**
 * The completion form of a task, generated from its type's result schema. The client checks
 * mandatory fields and lengths; the API's 422 names the fields it refuses, shown beside them.
 */
import { useId, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { describeError } from '../../api/errors';
import { Button, Notice } from '../../components';
import { fieldOfApiPath, resultOf, SchemaForm, validate, type FormErrors, type FormValues } from '../../components/SchemaForm';
import type { CompletionAnswer, Task, TaskType } from './types';

export function CompleteForm({ task, type, onDone, onConflict }: { task: Task; type: TaskType; onDone(answer: CompletionAnswer): void; onConflict(error: unknown): void }) {
  const id = useId();
  const [values, setValues] = useState<FormValues>({});
  const [errors, setErrors] = useState<FormErrors>({});
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(type.schema, values);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setProblem(`Bitte die markierten Felder prüfen (${Object.keys(found).length}).`);
      return;
    }
    setProblem('');
    setBusy(true);
    try {
      const answer = await api<CompletionAnswer>(`/tasks/${encodeURIComponent(task.id)}/complete`, { method: 'POST', body: resultOf(type.schema, values) });
      onDone(answer);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 422 || error.status === 400) && error.fields.length > 0) {
        setErrors(Object.fromEntries(error.fields.map((field) => [fieldOfApiPath(field.field), `Nicht angenommen: ${field.message}`])));
        setProblem(describeError(error));
      } else {
        onConflict(error);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="task-complete" aria-labelledby={`${id}-title`} onSubmit={(event) => void submit(event)} noValidate>
      <h3 id={`${id}-title`}>Erledigen: {type.title}</h3>
      {type.schema.description ? <p>{type.schema.description}</p> : null}
      <Notice kind="error">{problem || null}</Notice>
      <SchemaForm schema={type.schema} values={values} errors={errors} onChange={setValues} idPrefix={`${id}-result`} />
      <Button type="submit" busy={busy}>
        Aufgabe erledigen
      </Button>
    </form>
  );
}
